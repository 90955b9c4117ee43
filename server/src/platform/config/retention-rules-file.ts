import {
  DEFAULT_RETENTION_RULES,
  PARTNERSHIP_RECORD_TYPES,
  type PartnershipRecordType,
  type RetentionPartnership,
  RetentionPeriodSchema,
  type RetentionRules,
  RetentionRulesSchema,
} from '@roundtable/shared/retention';
import { z } from 'zod';
import { readJsonFile } from './json-file';

/** `partnerships.<name>`: the organisations it covers and the periods it sets itself. */
const PartnershipSchema = z
  .object({
    organisations: z
      .array(z.string().trim().min(1, { error: 'an organisation must not be empty' }).max(160), {
        error: 'organisations must be a list of organisation names (as on staff accounts)',
      })
      .min(1, { error: 'organisations must name at least one organisation' }),
    rules: z
      .strictObject(
        Object.fromEntries(PARTNERSHIP_RECORD_TYPES.map((t) => [t, RetentionPeriodSchema.optional()])) as Record<
          PartnershipRecordType,
          z.ZodOptional<typeof RetentionPeriodSchema>
        >,
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys'
              ? `${issue.keys.join(', ')}: not a record type a partnership sets (only ${PARTNERSHIP_RECORD_TYPES.join(', ')}; the others are the deployment's)`
              : undefined,
        },
      )
      .default({}),
  })
  .strict();

const PartnershipsSchema = z.record(
  z.string().trim().min(1, { error: 'a partnership needs a name' }).max(120),
  PartnershipSchema,
);

/**
 * Reads a deployment's retention rules (the file named by RETENTION_RULES_FILE):
 * `{ "<record type>": { "years": n, "days": n }, …, "partnerships": { "<name>":
 * { "organisations": [...], "rules": { "<record type>": {...} } } } }`.
 * Record types left out keep their defaults (DOMAIN.md §6); a partnership's
 * types left out keep the deployment's. An unknown type, a bad period, a
 * partnership setting a deployment-wide type, or an organisation listed by
 * two partnerships stops the boot with one line per problem, naming the field.
 */
export function readRetentionRulesFile(
  file: string,
): { ok: true; rules: RetentionRules; partnerships: RetentionPartnership[] } | { ok: false; problems: string[] } {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const json = read.json;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [`${file}: (file): must be an object of record type to period`] };
  }
  const { partnerships: rawPartnerships, ...deployment } = json as Record<string, unknown>;
  const problems: string[] = [];
  const issues = (prefix: string[], error: z.ZodError) =>
    error.issues.map((i) => `${file}: ${[...prefix, ...i.path.map(String)].join('.') || '(file)'}: ${i.message}`);
  const parsed = RetentionRulesSchema.safeParse({ ...DEFAULT_RETENTION_RULES, ...deployment });
  if (!parsed.success) problems.push(...issues([], parsed.error));
  const partnerships = PartnershipsSchema.safeParse(rawPartnerships ?? {});
  if (!partnerships.success) problems.push(...issues(['partnerships'], partnerships.error));
  if (!parsed.success || !partnerships.success) return { ok: false, problems };

  const owner = new Map<string, string>();
  const resolved: RetentionPartnership[] = [];
  for (const [name, partnership] of Object.entries(partnerships.data)) {
    for (const organisation of partnership.organisations) {
      const other = owner.get(organisation);
      if (other !== undefined)
        problems.push(
          `${file}: partnerships.${name}.organisations: "${organisation}" is already in partnership "${other}" (an organisation belongs to one partnership)`,
        );
      owner.set(organisation, name);
    }
    const own = PARTNERSHIP_RECORD_TYPES.filter((t) => partnership.rules[t] !== undefined);
    resolved.push({
      name,
      organisations: partnership.organisations,
      rules: { ...parsed.data, ...partnership.rules } as RetentionRules,
      ownRecordTypes: own,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rules: parsed.data, partnerships: resolved };
}
