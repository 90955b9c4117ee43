import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies of the vocabularies as they were when this migration was written.
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const EVENT_TYPES = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'auth.session-expired',
  'meeting.created',
  'meeting.changed',
  'member.added',
  'member.removed',
  'member.role-changed',
  'room.joined',
  'room.left',
  'document.opened',
  'document.edited',
  'decision.opened',
  'decision.closed',
  'view.recorded',
  'la-decision.recorded',
  'la-decision.corrected',
  'dissent.recorded',
  'escalation.step',
  'escalation.resolved',
  'action.created',
  'action.changed',
  'record.exported',
  'audit.viewed',
  'audit.exported',
  'audit.verified',
  'access.refused',
];
/** The application's own PostgreSQL role, where deployments use one (docs/AUDIT.md). */
const APP_ROLE = 'roundtable_app';

/**
 * The audit trail: a hash chain the database itself keeps linear (each entry
 * must reference its predecessor's sequence number and hash, so the chain
 * cannot fork or skip), signed checkpoints of its head, and triggers that
 * refuse UPDATE, DELETE and TRUNCATE on both.
 */
export class AuditTrail1764100000000 implements MigrationInterface {
  name = 'AuditTrail1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Safeguarding partner reviewers: read the audit trail and final records; never members, never editors.
    await q.query(`
      ALTER TABLE users
        ADD COLUMN is_auditor boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT users_admin_is_not_auditor CHECK (NOT (is_admin AND is_auditor))`);
    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY CHECK (seq >= 1),
        prev_seq bigint GENERATED ALWAYS AS (CASE WHEN seq = 1 THEN NULL ELSE seq - 1 END) STORED,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL CHECK (type IN (${list(EVENT_TYPES)})),
        outcome text NOT NULL CHECK (outcome IN ('success', 'refused')),
        actor_user_id uuid REFERENCES users(id),
        actor_agency text CHECK (actor_agency IN (${list(AGENCIES)})),
        meeting_id uuid,
        subject_type text,
        subject_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
        hash bytea NOT NULL UNIQUE CHECK (octet_length(hash) = 32),
        UNIQUE (seq, hash),
        CHECK (seq > 1 OR prev_hash = decode(repeat('00', 32), 'hex')),
        FOREIGN KEY (prev_seq, prev_hash) REFERENCES audit_events (seq, hash)
      )`);
    await q.query(`CREATE INDEX audit_events_meeting ON audit_events (meeting_id, seq) WHERE meeting_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_events_actor ON audit_events (actor_user_id, seq)`);
    await q.query(`CREATE INDEX audit_events_type ON audit_events (type, seq)`);
    await q.query(`CREATE INDEX audit_events_time ON audit_events (occurred_at)`);
    await q.query(`
      CREATE TABLE audit_checkpoints (
        tree_size bigint PRIMARY KEY,
        head_hash bytea NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature bytea NOT NULL,
        FOREIGN KEY (tree_size, head_hash) REFERENCES audit_events (seq, hash)
      )`);
    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_events', 'audit_checkpoints']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
      );
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM PUBLIC`);
    }
    // Where the app connects as its own role, that role may only read and append.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints FROM ${APP_ROLE};
          GRANT SELECT, INSERT ON audit_events, audit_checkpoints TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_admin_is_not_auditor, DROP COLUMN is_auditor`);
  }
}
