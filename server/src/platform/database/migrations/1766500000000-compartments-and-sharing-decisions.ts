import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Frozen copies as of this migration: a later change to the shared constants needs its own migration.
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const DOCUMENT_KINDS = ['record', 'safety-plan'];
const SHARING_OUTCOMES = ['shared', 'refused'];
const LAWFUL_BASES = ['public-task', 'legal-obligation', 'vital-interests', 'safeguarding-children', 'law-enforcement'];
const ADDED_AUDIT_TYPES = [
  'compartment.created',
  'compartment.shared',
  'compartment.share-refused',
  'compartment.migrated',
  'sharing.decided',
];

/**
 * Need-to-know (docs/SECURITY.md "Need-to-know"):
 *
 * - `compartments`: restricted information beside a section of the record
 *   (or the safety plan), whose text is its own Yjs document opened only by
 *   its audience. `audience` NULL once lifted; `created_by` NULL for those the
 *   start-up migration moved out of the shared record. The audience only
 *   ever widens (the service refuses narrowing); `revision` counts changes.
 * - `sharing_decisions`: every decision to share or not to share (DOMAIN.md
 *   §6 golden rule 7), append-only like the other recorded facts.
 * - `data_migrations`: start-up data migrations that have run (each runs once,
 *   under an advisory lock, after the schema migrations).
 */
export class CompartmentsAndSharingDecisions1766500000000 implements MigrationInterface {
  name = 'CompartmentsAndSharingDecisions1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compartments (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        document_kind text NOT NULL DEFAULT 'record' CHECK (document_kind IN (${list(DOCUMENT_KINDS)})),
        section_key text NOT NULL CHECK (section_key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        owner_agency text NOT NULL CHECK (owner_agency IN (${list(AGENCIES)})),
        audience jsonb NULL CHECK (audience IS NULL OR jsonb_typeof(audience) = 'object'),
        created_by uuid NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        revision integer NOT NULL DEFAULT 1 CHECK (revision > 0)
      )`);
    await q.query(`CREATE INDEX compartments_meeting_id ON compartments (meeting_id, created_at)`);
    await q.query(`
      CREATE TABLE sharing_decisions (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        outcome text NOT NULL CHECK (outcome IN (${list(SHARING_OUTCOMES)})),
        what text NOT NULL CHECK (length(what) BETWEEN 1 AND 500),
        with_whom text NOT NULL CHECK (length(with_whom) BETWEEN 1 AND 300),
        lawful_basis text NOT NULL CHECK (lawful_basis IN (${list(LAWFUL_BASES)})),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        compartment_id uuid NULL REFERENCES compartments(id),
        decided_by uuid NOT NULL REFERENCES users(id),
        decided_agency text NOT NULL CHECK (decided_agency IN (${list(AGENCIES)})),
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX sharing_decisions_meeting_id ON sharing_decisions (meeting_id, decided_at)`);
    await q.query(
      `CREATE TRIGGER sharing_decisions_append_only BEFORE UPDATE OR DELETE ON sharing_decisions
       FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
    );
    await q.query(
      `CREATE TRIGGER sharing_decisions_no_truncate BEFORE TRUNCATE ON sharing_decisions
       FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
    );
    await q.query(`
      CREATE TABLE data_migrations (
        name text PRIMARY KEY,
        ran_at timestamptz NOT NULL DEFAULT now(),
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // The audit types stay allowed: audit rows are never removed, and some may use them.
    await q.query(`DROP TABLE data_migrations`);
    await q.query(`DROP TABLE sharing_decisions`);
    await q.query(`DROP TABLE compartments`);
  }
}
