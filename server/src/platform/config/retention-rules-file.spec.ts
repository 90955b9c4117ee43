import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_RETENTION_RULES } from '@roundtable/shared/retention';
import { ConfigError, loadConfig } from './app-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtable-retention-rules-'));
const file = (name: string, content: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  return full;
};
const messageOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('RETENTION_RULES_FILE and RETENTION_CRON', () => {
  it('default to 35 years after closure for records, nightly at 02:30', () => {
    const { retention } = loadConfig({});
    expect(retention.rules).toEqual(DEFAULT_RETENTION_RULES);
    expect(retention.rules['strategy-discussion-records']).toEqual({ years: 35, days: 0 });
    expect(retention.rules['child-records']).toEqual({ years: 35, days: 0 });
    expect(retention.cron).toBe('30 2 * * *');
  });

  it('take a deployment’s periods; types left out keep their defaults', () => {
    const rules = loadConfig({
      RETENTION_RULES_FILE: file('ok.json', JSON.stringify({ 'child-records': { years: 75 }, sessions: { days: 30 } })),
    }).retention.rules;
    expect(rules['child-records']).toEqual({ years: 75, days: 0 });
    expect(rules.sessions).toEqual({ years: 0, days: 30 });
    expect(rules['conference-records']).toEqual(DEFAULT_RETENTION_RULES['conference-records']);
  });

  it('stop the boot with one line per problem', () => {
    const message = messageOf({
      RETENTION_RULES_FILE: file(
        'bad.json',
        JSON.stringify({ 'child-record': { years: 75 }, sessions: { days: 0 }, 'audit-entries': { years: -1 } }),
      ),
    });
    expect(message).toContain('RETENTION_RULES_FILE');
    expect(message).toMatch(/child-record/);
    expect(message).toMatch(/sessions: a retention period must be at least one day/);
    expect(message).toMatch(/audit-entries\.years/);
    expect(messageOf({ RETENTION_CRON: 'nightly' })).toMatch(/RETENTION_CRON must be a five-field cron expression/);
    expect(messageOf({ RETENTION_RULES_FILE: file('not.json', '{') })).toMatch(/not valid JSON/);
    expect(messageOf({ RETENTION_RULES_FILE: file('array.json', '[]') })).toMatch(/must be an object/);
  });
});
