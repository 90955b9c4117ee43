import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The application's own PostgreSQL role, where deployments use one (docs/AUDIT.md). */
const APP_ROLE = 'roundtable_app';

/**
 * The versioned JSON export of each member version of a sealed record
 * (docs/INTEGRATIONS.md), made in the sealing transaction from the same
 * reader-version model as that version's PDF, and kept as the exact bytes
 * served with their SHA-256 (a CHECK binds them). Append-only, as
 * `sealed_records`. Versions sealed before this migration have none.
 */
export class SealedRecordExports1766563100000 implements MigrationInterface {
  name = 'SealedRecordExports1766563100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sealed_record_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        version int NOT NULL,
        variant text NOT NULL CHECK (variant <> 'family'),
        schema_version int NOT NULL CHECK (schema_version >= 1),
        json bytea NOT NULL CHECK (octet_length(json) > 0),
        json_sha256 text NOT NULL CHECK (json_sha256 = encode(sha256(json), 'hex')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sealed_record_exports_one_per_version UNIQUE (meeting_id, version, variant, schema_version)
      )`);
    await q.query(`
      CREATE TRIGGER sealed_record_exports_append_only BEFORE UPDATE OR DELETE ON sealed_record_exports
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`
      CREATE TRIGGER sealed_record_exports_no_truncate BEFORE TRUNCATE ON sealed_record_exports
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON sealed_record_exports FROM PUBLIC`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON sealed_record_exports FROM ${APP_ROLE};
          GRANT SELECT, INSERT ON sealed_record_exports TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sealed_record_exports`);
  }
}
