import { Clock } from './clock';

describe('Clock', () => {
  it('is the system time until a test moves it forward', () => {
    const clock = new Clock({ env: 'test' });
    const before = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    clock.advanceForTests(3 * 86_400_000);
    expect(clock.now().getTime() - Date.now()).toBeGreaterThan(3 * 86_400_000 - 1_000);
  });

  it('never moves outside tests', () => {
    for (const env of ['production', 'development'] as const) {
      expect(() => new Clock({ env }).advanceForTests(1)).toThrow(/only in tests/);
    }
  });
});
