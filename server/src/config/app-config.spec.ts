import path from 'node:path';
import { ConfigError, loadConfig, REPO_ROOT } from './app-config';

describe('configuration', () => {
  it('defaults to the embedded database with demo data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demoData: true,
      cookieSecure: false,
    });
    expect(config.dataDir).toBe(path.join(REPO_ROOT, 'data'));
  });

  it('turns demo data off automatically with an external database', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/rt' });
    expect(config.demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/rt', DEMO_DATA: 'on' }).demoData).toBe(true);
  });

  it('makes cookies Secure in production unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/rt' }).cookieSecure).toBe(true);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'SESSION_IDLE_MINUTES']) expect(message).toContain(name);
  });
});
