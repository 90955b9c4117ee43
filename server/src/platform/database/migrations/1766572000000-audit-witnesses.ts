import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written.
const SCOPES_BEFORE = ['records:read', 'webhooks:receive'];
const SCOPES_AFTER = [...SCOPES_BEFORE, 'audit:witness'];
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const ADDED_AUDIT_TYPES = [
  'audit.witness-registered',
  'audit.witness-retired',
  'audit.cosigned',
  'audit.checkpoint-refused',
];
const APP_ROLE = 'roundtable_app';
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Witnesses of the audit trail (docs/AUDIT.md, "Witnesses"): partners'
 * Ed25519 keys (`audit_witnesses`, registered and retired by administrators),
 * each bound to the service account (scope `audit:witness`) that may submit
 * its cosignatures, and the cosignatures themselves (`audit_cosignatures`),
 * append-only like the trail: the app will not sign a checkpoint that is
 * inconsistent with one a witness has cosigned.
 */
export class AuditWitnesses1766572000000 implements MigrationInterface {
  name = 'AuditWitnesses1766572000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_accounts DROP CONSTRAINT service_accounts_scopes_check`);
    await q.query(`
      ALTER TABLE service_accounts ADD CONSTRAINT service_accounts_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY[${list(SCOPES_AFTER)}]::text[])`);
    await q.query(`
      CREATE TABLE audit_witnesses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (name ~ '^[!-*,-~]{1,100}$'),
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        public_key bytea NOT NULL UNIQUE CHECK (octet_length(public_key) = 32),
        key_id bytea NOT NULL CHECK (octet_length(key_id) = 4),
        service_account_id uuid NOT NULL REFERENCES service_accounts(user_id),
        registered_by uuid NOT NULL REFERENCES users(id),
        registered_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz NULL,
        retired_by uuid NULL REFERENCES users(id),
        CHECK ((retired_at IS NULL) = (retired_by IS NULL))
      )`);
    await q.query(`CREATE INDEX audit_witnesses_key ON audit_witnesses (name, key_id)`);
    await q.query(`
      CREATE TABLE audit_cosignatures (
        witness_id uuid NOT NULL REFERENCES audit_witnesses(id),
        tree_size bigint NOT NULL REFERENCES audit_checkpoints(tree_size),
        root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        cosigned_at timestamptz NOT NULL,
        signature bytea NOT NULL CHECK (octet_length(signature) = 64),
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (witness_id, tree_size)
      )`);
    await q.query(`CREATE INDEX audit_cosignatures_size ON audit_cosignatures (tree_size DESC)`);
    await q.query(
      `CREATE TRIGGER audit_cosignatures_append_only BEFORE UPDATE OR DELETE ON audit_cosignatures FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_cosignatures_no_truncate BEFORE TRUNCATE ON audit_cosignatures FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_cosignatures FROM PUBLIC`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_cosignatures FROM ${APP_ROLE};
          GRANT SELECT, INSERT ON audit_cosignatures TO ${APP_ROLE};
          GRANT SELECT, INSERT, UPDATE ON audit_witnesses TO ${APP_ROLE};
        END IF;
      END $$`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE audit_cosignatures`);
    await q.query(`DROP TABLE audit_witnesses`);
    await q.query(`ALTER TABLE service_accounts DROP CONSTRAINT service_accounts_scopes_check`);
    await q.query(`
      ALTER TABLE service_accounts ADD CONSTRAINT service_accounts_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY[${list(SCOPES_BEFORE)}]::text[])`);
  }
}
