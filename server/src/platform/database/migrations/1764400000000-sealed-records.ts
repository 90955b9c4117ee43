import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies as of this migration: a later change to the shared constants needs its own migration.
const VARIANTS = ['full', 'family'];
const REASONS = ['concluded', 'addendum'];
/** The application's own PostgreSQL role, where deployments use one (docs/AUDIT.md). */
const APP_ROLE = 'roundtable_app';

/**
 * The sealed record: each version of a concluded meeting's final record, in
 * each variant, as the exact HTML and PDF bytes served for download, with the
 * SHA-256 of each (a CHECK binds each hash to its bytes). Append-only: a
 * sealed file is never changed or deleted; an addendum adds a new version.
 */
export class SealedRecords1764400000000 implements MigrationInterface {
  name = 'SealedRecords1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sealed_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        version int NOT NULL CHECK (version >= 1),
        variant text NOT NULL CHECK (variant IN (${list(VARIANTS)})),
        reason text NOT NULL CHECK (reason IN (${list(REASONS)})),
        addendum_id uuid REFERENCES meeting_addenda(id),
        html bytea NOT NULL CHECK (octet_length(html) > 0),
        html_sha256 text NOT NULL CHECK (html_sha256 = encode(sha256(html), 'hex')),
        pdf bytea NOT NULL CHECK (substring(pdf FROM 1 FOR 5) = '\\x255044462d'::bytea),
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 = encode(sha256(pdf), 'hex')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sealed_records_one_per_version UNIQUE (meeting_id, version, variant),
        -- Version 1 is sealed when the discussion concludes; each later one by an addendum's sign-off.
        CONSTRAINT sealed_records_reason_matches CHECK (
          (reason = 'concluded' AND version = 1 AND addendum_id IS NULL)
          OR (reason = 'addendum' AND version > 1 AND addendum_id IS NOT NULL)
        )
      )`);
    // One version per addendum: a sign-off listener that runs twice seals once.
    await q.query(
      `CREATE UNIQUE INDEX sealed_records_one_per_addendum ON sealed_records (addendum_id, variant) WHERE addendum_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TRIGGER sealed_records_append_only BEFORE UPDATE OR DELETE ON sealed_records
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`
      CREATE TRIGGER sealed_records_no_truncate BEFORE TRUNCATE ON sealed_records
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON sealed_records FROM PUBLIC`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON sealed_records FROM ${APP_ROLE};
          GRANT SELECT, INSERT ON sealed_records TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sealed_records`);
  }
}
