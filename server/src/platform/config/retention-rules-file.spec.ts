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

  it('take a schedule per safeguarding partnership, keyed by the organisations on staff accounts', () => {
    const { retention } = loadConfig({
      RETENTION_RULES_FILE: file(
        'partnerships.json',
        JSON.stringify({
          'child-records': { years: 36 },
          partnerships: {
            'Northshire SCP': {
              organisations: ['Northshire County Council', 'Northshire Police'],
              rules: { 'strategy-discussion-records': { years: 40 } },
            },
            'Southshire SP': { organisations: ['Southshire Council'] },
          },
        }),
      ),
    });
    expect(retention.rules['child-records']).toEqual({ years: 36, days: 0 });
    expect(retention.partnerships).toEqual([
      {
        name: 'Northshire SCP',
        organisations: ['Northshire County Council', 'Northshire Police'],
        // The partnership's own periods over the deployment's (which are over the defaults).
        rules: {
          ...DEFAULT_RETENTION_RULES,
          'child-records': { years: 36, days: 0 },
          'strategy-discussion-records': { years: 40, days: 0 },
        },
        ownRecordTypes: ['strategy-discussion-records'],
      },
      {
        name: 'Southshire SP',
        organisations: ['Southshire Council'],
        rules: { ...DEFAULT_RETENTION_RULES, 'child-records': { years: 36, days: 0 } },
        ownRecordTypes: [],
      },
    ]);
    expect(loadConfig({}).retention.partnerships).toEqual([]);
  });

  it('stop the boot on a bad partnership schedule, naming the field', () => {
    const bad = (name: string, partnerships: unknown) =>
      messageOf({ RETENTION_RULES_FILE: file(name, JSON.stringify({ partnerships })) });
    expect(bad('p1.json', { North: { organisations: ['N'], rules: { 'child-records': { years: 0 } } } })).toMatch(
      /partnerships\.North\.rules\.child-records: a retention period must be at least one day/,
    );
    expect(bad('p2.json', { North: { organisations: ['N'], rules: { sessions: { days: 3 } } } })).toMatch(
      /partnerships\.North\.rules: sessions: not a record type a partnership sets/,
    );
    expect(bad('p3.json', { North: { rules: {} } })).toMatch(/partnerships\.North\.organisations: /);
    expect(bad('p4.json', { North: { organisations: [] } })).toMatch(
      /partnerships\.North\.organisations: organisations must name at least one organisation/,
    );
    expect(bad('p5.json', { North: { organisations: ['N'], region: 'north' } })).toMatch(
      /partnerships\.North: .*region/,
    );
    expect(bad('p6.json', { North: { organisations: ['Shared'] }, South: { organisations: ['Shared'] } })).toMatch(
      /partnerships\.South\.organisations: "Shared" is already in partnership "North"/,
    );
    expect(bad('p7.json', ['North'])).toMatch(/partnerships: /);
  });
});
