import { DEFAULT_RETENTION_RULES, type RetentionRules, RetentionRulesSchema } from '@roundtable/shared/retention';
import { readJsonFile } from './json-file';

/**
 * Reads a deployment's retention rules (the file named by RETENTION_RULES_FILE):
 * `{ "<record type>": { "years": n, "days": n }, … }`. Record types left out
 * keep their defaults (DOMAIN.md §6); an unknown type or a bad period stops
 * the boot with one line per problem.
 */
export function readRetentionRulesFile(
  file: string,
): { ok: true; rules: RetentionRules } | { ok: false; problems: string[] } {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const json = read.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [`${file}: (file): must be an object of record type to period`] };
  }
  const parsed = RetentionRulesSchema.safeParse({ ...DEFAULT_RETENTION_RULES, ...json });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  }
  return { ok: true, rules: parsed.data };
}
