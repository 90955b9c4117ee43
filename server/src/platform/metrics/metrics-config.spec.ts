import { ConfigError, loadConfig } from '../config/app-config';

describe('METRICS_TOKEN', () => {
  const base = { NODE_ENV: 'test' };

  it('is off when unset or empty (docker-compose passes an empty value)', () => {
    expect(loadConfig(base).metricsToken).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
  });

  it('is kept as given when long enough', () => {
    const token = 'a'.repeat(24);
    expect(loadConfig({ ...base, METRICS_TOKEN: token }).metricsToken).toBe(token);
  });

  it('refuses a guessable short token, naming the variable', () => {
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'secret' })).toThrow(/METRICS_TOKEN: must be at least 24/);
  });
});
