import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies as of this migration (shared/src/need-to-know.ts AudienceSchema, shared/src/constants.ts):
// a later change to the shared constants needs its own migration.
const AUDIENCE_KINDS = ['police-only', 'health-only', 'named-agencies'];
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const MAX_USER_IDS = 50;
// zod's z.uuid() (RFC 9562, any version), as AudienceSchema checks userIds.
const UUID =
  '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$';

/** Every stored audience: [table, column, constraint]. NULL (lifted, or never restricted) stays allowed. */
const AUDIENCE_COLUMNS = [
  ['compartments', 'audience', 'compartments_audience_valid'],
  ['protected_persons', 'audience', 'protected_persons_audience_valid'],
  ['protected_person_shares', 'audience_from', 'protected_person_shares_audience_from_valid'],
  ['protected_person_shares', 'audience_to', 'protected_person_shares_audience_to_valid'],
] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * An audience exactly as AudienceSchema writes it: an object with only `kind` (one of the kinds),
 * `agencies` (known agencies; some for named-agencies, none otherwise) and `userIds` (uuids, at most 50).
 * CASE, not AND: PostgreSQL does not promise to evaluate AND left to right, and the array functions
 * raise on a value that is not an array.
 */
export function audienceIsValid(column: string): string {
  return `CASE
    WHEN ${column} IS NULL THEN true
    WHEN jsonb_typeof(${column}) <> 'object'
      OR jsonb_typeof(${column}->'kind') IS DISTINCT FROM 'string'
      OR jsonb_typeof(${column}->'agencies') IS DISTINCT FROM 'array'
      OR jsonb_typeof(${column}->'userIds') IS DISTINCT FROM 'array' THEN false
    ELSE ${column} - 'kind' - 'agencies' - 'userIds' = '{}'::jsonb
      AND ${column}->>'kind' IN (${list(AUDIENCE_KINDS)})
      AND ${column}->'agencies' <@ '${JSON.stringify(AGENCIES)}'::jsonb
      AND (${column}->>'kind' = 'named-agencies') = (jsonb_array_length(${column}->'agencies') > 0)
      AND jsonb_array_length(${column}->'userIds') <= ${MAX_USER_IDS}
      AND NOT jsonb_path_exists(${column}->'userIds',
        'strict $[*] ? (@.type() != "string" || !(@ like_regex "${UUID}"))', '{}', true)
    END`;
}

/**
 * The sealed record's JSON export is never dropped silently (docs/SEALED-RECORDS.md, docs/INTEGRATIONS.md):
 *
 * - Every stored audience (compartments, protected persons and the history of their sharing) must be one
 *   the application accepts. An audience of a kind AudienceSchema refuses, written by hand, made the
 *   sealed record's JSON export fail its published schema. Added NOT VALID, then validated; a deployment
 *   holding such a row fails here naming the table, the column and the rows' ids (no content), and is
 *   corrected by hand: nothing is deleted or rewritten.
 * - `sealed_records.json_export_refusal`: where a member version's JSON export still failed its schema at
 *   sealing, why (the schema version and the zod issues' paths and codes; never the record's content),
 *   so the export routes answer that it was refused instead of a bare "not found". NULL: exported (or
 *   the family version, or sealed before exports).
 */
export class AudienceChecksAndRefusedExports1766585000000 implements MigrationInterface {
  name = 'AudienceChecksAndRefusedExports1766585000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column, constraint] of AUDIENCE_COLUMNS) {
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${audienceIsValid(column)}) NOT VALID`);
      const bad = (await q.query(`SELECT id FROM ${table} WHERE NOT (${audienceIsValid(column)}) ORDER BY id`)) as {
        id: string;
      }[];
      if (bad.length > 0) {
        const ids = bad.slice(0, 20).map((r) => r.id);
        throw new Error(
          `Migration ${this.name}: ${bad.length} row(s) of ${table}.${column} hold an audience the application ` +
            `does not accept (kind one of ${AUDIENCE_KINDS.join(', ')}; agencies among ${AGENCIES.join(', ')}; ` +
            `userIds member ids). Correct them by hand, then start again. Ids: ${ids.join(', ')}` +
            (bad.length > ids.length ? ', …' : ''),
        );
      }
      await q.query(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}`);
    }
    await q.query(`
      ALTER TABLE sealed_records ADD COLUMN json_export_refusal jsonb NULL
        CONSTRAINT sealed_records_json_export_refusal_object CHECK (
          json_export_refusal IS NULL OR (jsonb_typeof(json_export_refusal) = 'object' AND variant <> 'family'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sealed_records DROP COLUMN json_export_refusal`);
    for (const [table, , constraint] of [...AUDIENCE_COLUMNS].reverse()) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
    }
  }
}
