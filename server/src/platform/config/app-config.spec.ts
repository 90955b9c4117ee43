import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DECISION_TEMPLATES, S47_THRESHOLD_TEMPLATE } from '@roundtable/shared/decisions';
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
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/rt?sslmode=require' }).cookieSecure,
    ).toBe(true);
  });

  it('serves the API docs except in production, unless told otherwise', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/rt?sslmode=require' };
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig(production).apiDocs).toBe(false);
    expect(loadConfig({ ...production, API_DOCS: 'true' }).apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS: 'false' }).apiDocs).toBe(false);
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

  it('reminds on sensible defaults, and refuses thresholds out of range or a malformed cron', () => {
    expect(loadConfig({}).reminders).toEqual({
      scanCron: '*/15 * * * *',
      actionChairAfterDays: 3,
      clockWarningWorkingDays: 2,
      escalationStaleDays: 5,
      meetingLeadHours: 24,
      retryDelaySeconds: 30,
    });
    expect(
      loadConfig({ REMINDERS_SCAN_CRON: '0 7 * * 1-5', REMINDER_MEETING_LEAD_HOURS: '48' }).reminders,
    ).toMatchObject({
      scanCron: '0 7 * * 1-5',
      meetingLeadHours: 48,
    });
    const bad = {
      REMINDERS_SCAN_CRON: 'every 15 minutes',
      REMINDER_ACTION_CHAIR_AFTER_DAYS: '0',
      REMINDER_CLOCK_WARNING_WORKING_DAYS: 'two',
      REMINDER_ESCALATION_STALE_DAYS: '1.5',
      REMINDER_MEETING_LEAD_HOURS: '1000',
      REMINDER_RETRY_DELAY_SECONDS: '0',
    };
    let message = '';
    try {
      loadConfig(bad);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    for (const name of Object.keys(bad)) expect(message).toContain(name);
  });

  describe('DECISION_TEMPLATES_FILE', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'roundtable-templates-'));
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

    it('defaults to the built-in templates: the section 47 threshold and the conferences’ plan decisions', () => {
      expect(loadConfig({}).decisionTemplates).toEqual(DEFAULT_DECISION_TEMPLATES);
      expect(DEFAULT_DECISION_TEMPLATES[0]).toBe(S47_THRESHOLD_TEMPLATE);
    });

    it("reads a deployment's templates", () => {
      const own = { ...S47_THRESHOLD_TEMPLATE, key: 'local-threshold', title: 'Local threshold decision' };
      const config = loadConfig({ DECISION_TEMPLATES_FILE: file('good.json', JSON.stringify({ templates: [own] })) });
      expect(config.decisionTemplates.map((t) => t.key)).toEqual(['local-threshold']);
    });

    it('stops the boot on a missing file, bad JSON or an invalid template, naming the problem', () => {
      expect(messageOf({ DECISION_TEMPLATES_FILE: path.join(dir, 'absent.json') })).toMatch(
        /DECISION_TEMPLATES_FILE: cannot read .*absent\.json \(ENOENT\)/,
      );
      expect(messageOf({ DECISION_TEMPLATES_FILE: file('bad.json', '{ templates: ') })).toMatch(/is not valid JSON/);
      const oneOption = { ...S47_THRESHOLD_TEMPLATE, options: [S47_THRESHOLD_TEMPLATE.options[0]] };
      expect(
        messageOf({ DECISION_TEMPLATES_FILE: file('invalid.json', JSON.stringify({ templates: [oneOption] })) }),
      ).toContain('templates.0.options');
    });
  });
});
