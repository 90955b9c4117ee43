import path from 'node:path';

// The browser suites print their pages' state after a failed test only when this flag says so.
const E2eEnvironment = require(path.join(__dirname, '..', '..', '..', 'test', 'support', 'e2e-environment.js'));

describe('the e2e test environment', () => {
  const config = { globalConfig: {}, projectConfig: { globals: {}, testEnvironmentOptions: {}, fakeTimers: {} } };
  const failedFlag = (env: { global: Record<string, unknown> }) => env.global.__roundtableTestFailed;

  it('tells the hooks after a test whether that test failed, and forgets it at the next test', async () => {
    const env = new E2eEnvironment(config, { console, docblockPragmas: {}, testPath: __filename });
    try {
      env.handleTestEvent({ name: 'test_start' });
      expect(failedFlag(env)).toBe(false);
      env.handleTestEvent({ name: 'test_fn_success' });
      expect(failedFlag(env)).toBe(false);
      env.handleTestEvent({ name: 'test_start' });
      env.handleTestEvent({ name: 'test_fn_failure' });
      expect(failedFlag(env)).toBe(true);
      env.handleTestEvent({ name: 'test_start' });
      expect(failedFlag(env)).toBe(false);
    } finally {
      await env.teardown();
    }
  });
});
