import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CLOCK_RULES, ENGLAND_AND_WALES_BANK_HOLIDAYS_2025_2027 } from '@roundtable/shared/lifecycle';
import { ConfigError, loadConfig } from './app-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtable-clock-rules-'));
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

describe('CLOCK_RULES_FILE', () => {
  it('defaults to Monday–Friday in London, England and Wales bank holidays and 15 working days to the ICPC', () => {
    const rules = loadConfig({}).clockRules;
    expect(rules).toEqual(DEFAULT_CLOCK_RULES);
    expect(rules.timeZone).toBe('Europe/London');
    expect(rules.bankHolidays).toEqual(ENGLAND_AND_WALES_BANK_HOLIDAYS_2025_2027);
    expect(rules.rules.icpc.workingDays).toBe(15);
    expect(rules.rules.icpc.startingOptions).toEqual(['s47-single-agency', 's47-joint']);
  });

  it('keeps the defaults for whatever the file leaves out', () => {
    const rules = loadConfig({
      CLOCK_RULES_FILE: file('partial.json', JSON.stringify({ rules: { icpc: { workingDays: 10 } } })),
    }).clockRules;
    expect(rules.rules.icpc).toEqual({ ...DEFAULT_CLOCK_RULES.rules.icpc, workingDays: 10 });
    expect(rules.workingWeek).toEqual(DEFAULT_CLOCK_RULES.workingWeek);
  });

  it('lists every problem in the file, one line each', () => {
    const message = messageOf({
      CLOCK_RULES_FILE: file(
        'bad.json',
        JSON.stringify({ workingWeek: ['funday'], bankHolidays: ['25/12/2026'], rules: { icpc: { workingDays: -1 } } }),
      ),
    });
    expect(message).toMatch(/CLOCK_RULES_FILE: .*workingWeek\.0/);
    expect(message).toMatch(/CLOCK_RULES_FILE: .*bankHolidays\.0/);
    expect(message).toMatch(/CLOCK_RULES_FILE: .*rules\.icpc\.workingDays/);
  });

  it('refuses an unknown time zone, a file that is not JSON and a missing file', () => {
    expect(messageOf({ CLOCK_RULES_FILE: file('tz.json', JSON.stringify({ timeZone: 'Mars/Olympus' })) })).toMatch(
      /Mars\/Olympus is not an IANA time zone/,
    );
    expect(messageOf({ CLOCK_RULES_FILE: file('broken.json', '{') })).toMatch(/is not valid JSON/);
    expect(messageOf({ CLOCK_RULES_FILE: path.join(dir, 'missing.json') })).toMatch(/cannot read .*ENOENT/);
  });
});
