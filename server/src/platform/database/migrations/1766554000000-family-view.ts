import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = [
  'family.view-submitted',
  'family.attendance-recorded',
  'family.safety-plan-signed',
  'family.record-downloaded',
];

// Frozen copies of the lists the checks hold.
const ATTENDANCE_STATUSES = `'present', 'absent', 'excluded-from-part'`;

/**
 * The family view (docs/FAMILY.md "The family view"): the family's own words
 * (append-only), the chair's record of each family member's attendance
 * (present, absent, excluded from a part with the reason; interpreter and
 * advocate), and safety-plan signatures (append-only: a signature is for the
 * hash of the text the family member read; whether it is current is computed).
 * Needs `family_participants` (identity/family-access, an earlier migration).
 */
export class FamilyView1766554000000 implements MigrationInterface {
  name = 'FamilyView1766554000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        participant_id uuid NOT NULL REFERENCES family_participants(id),
        family_session_id uuid NOT NULL,
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
        meeting_status text NOT NULL CHECK (meeting_status IN ('scheduled', 'live')),
        submitted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX family_views_meeting ON family_views (meeting_id, submitted_at)`);
    await q.query(`
      CREATE TABLE family_attendance (
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        participant_id uuid NOT NULL REFERENCES family_participants(id),
        status text NOT NULL CHECK (status IN (${ATTENDANCE_STATUSES})),
        part_id uuid REFERENCES meeting_parts(id),
        reason text,
        interpreter_language text,
        advocate_name text,
        advocate_organisation text,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, participant_id),
        CHECK ((status = 'excluded-from-part') = (part_id IS NOT NULL AND reason IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE safety_plan_signatures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        participant_id uuid NOT NULL REFERENCES family_participants(id),
        family_session_id uuid NOT NULL,
        typed_name text NOT NULL,
        version_hash text NOT NULL CHECK (version_hash ~ '^[0-9a-f]{64}$'),
        signed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX safety_plan_signatures_meeting ON safety_plan_signatures (meeting_id, signed_at)`);
    for (const table of ['family_views', 'safety_plan_signatures']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE safety_plan_signatures`);
    await q.query(`DROP TABLE family_attendance`);
    await q.query(`DROP TABLE family_views`);
  }
}
