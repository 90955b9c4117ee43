import { type ClockRules, ClockRulesSchema } from '@roundtable/shared/lifecycle';
import { readJsonFile } from './json-file';

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a partnership's statutory clock rules (the file named by
 * CLOCK_RULES_FILE): working week, bank holidays, time zone and timescales.
 * Returns every problem as one line each, so a bad file stops the boot with
 * a message an administrator can act on.
 */
export function readClockRulesFile(file: string): { ok: true; rules: ClockRules } | { ok: false; problems: string[] } {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const json = read.json;
  const parsed = ClockRulesSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  }
  if (!isTimeZone(parsed.data.timeZone)) {
    return { ok: false, problems: [`${file}: timeZone: ${parsed.data.timeZone} is not an IANA time zone`] };
  }
  return { ok: true, rules: parsed.data };
}
