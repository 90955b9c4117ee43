import { ConfigError, loadConfig } from './app-config';
import { databaseUrlUsesTls, productionConfigProblems } from './production-checks';

/** A production environment that passes every check; each test breaks one thing. */
const SAFE_PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://rt@db.internal:5432/roundtable?sslmode=verify-full',
  REDIS_URL: 'rediss://cache.internal:6380',
  DEMO_DATA: 'off',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted an unsafe production configuration');
}

describe('production checks', () => {
  it('accept a production configuration with TLS everywhere and no demo data', () => {
    const config = loadConfig(SAFE_PRODUCTION);
    expect(config).toMatchObject({ env: 'production', demoData: false, cookieSecure: true });
  });

  it('refuse demo data, named or implied by the embedded database', () => {
    expect(refusal({ ...SAFE_PRODUCTION, DEMO_DATA: 'on' })).toMatch(
      /Refusing to start in production:\n {2}DEMO_DATA:/,
    );
    const { DATABASE_URL: _, ...embedded } = SAFE_PRODUCTION;
    expect(refusal({ ...embedded, DEMO_DATA: 'auto' })).toContain('DEMO_DATA');
    expect(loadConfig({ ...embedded, DEMO_DATA: 'off' }).demoData).toBe(false);
  });

  it('refuse cookies without Secure', () => {
    expect(refusal({ ...SAFE_PRODUCTION, COOKIE_SECURE: 'false' })).toContain('COOKIE_SECURE');
  });

  it('refuse a database URL without TLS', () => {
    for (const url of [
      'postgres://rt@db:5432/roundtable',
      'postgres://rt@db:5432/roundtable?sslmode=prefer',
      'postgres://rt@db:5432/roundtable?sslmode=disable',
    ]) {
      expect(refusal({ ...SAFE_PRODUCTION, DATABASE_URL: url })).toContain('DATABASE_URL');
    }
  });

  it('refuse a redis:// URL', () => {
    expect(refusal({ ...SAFE_PRODUCTION, REDIS_URL: 'redis://cache:6379' })).toContain('REDIS_URL');
  });

  it('list every problem at once', () => {
    const message = refusal({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://rt@db/roundtable',
      REDIS_URL: 'redis://cache',
      DEMO_DATA: 'on',
      COOKIE_SECURE: 'false',
    });
    for (const name of ['DEMO_DATA', 'COOKIE_SECURE', 'DATABASE_URL', 'REDIS_URL']) expect(message).toContain(name);
  });

  it('allow plain-text internal transport only when told so explicitly', () => {
    const env = {
      ...SAFE_PRODUCTION,
      DATABASE_URL: 'postgres://rt@db/roundtable',
      REDIS_URL: 'redis://cache',
      ALLOW_INSECURE_INTERNAL_TRANSPORT: 'true',
    };
    expect(loadConfig(env).allowInsecureInternalTransport).toBe(true);
    // The escape hatch covers transport only.
    expect(refusal({ ...env, DEMO_DATA: 'on' })).not.toMatch(/DATABASE_URL|REDIS_URL/);
  });

  it('do not apply outside production', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'development',
        DATABASE_URL: 'postgres://u@db/rt',
        DEMO_DATA: 'on',
        COOKIE_SECURE: 'false',
      }),
    ).not.toThrow();
    expect(
      productionConfigProblems({
        env: 'test',
        databaseUrl: 'postgres://x@y/z',
        redisUrl: 'redis://r',
        demoData: true,
        cookieSecure: false,
        allowInsecureInternalTransport: false,
      }),
    ).toEqual([]);
  });

  it('recognise TLS in PostgreSQL URLs', () => {
    expect(databaseUrlUsesTls('postgres://a@b/c?sslmode=require')).toBe(true);
    expect(databaseUrlUsesTls('postgresql://a@b/c?sslmode=verify-ca')).toBe(true);
    expect(databaseUrlUsesTls('postgres://a@b/c?ssl=true')).toBe(true);
    expect(databaseUrlUsesTls('postgres://a@b/c?ssl=false')).toBe(false);
    expect(databaseUrlUsesTls('postgres://a@b/c?sslmode=allow')).toBe(false);
    expect(databaseUrlUsesTls('not a url')).toBe(false);
  });
});
