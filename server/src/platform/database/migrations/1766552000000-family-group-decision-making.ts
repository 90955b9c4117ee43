import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the meeting types before and after, and the audit event types this migration adds.
const TYPES_BEFORE = ['strategy-discussion', 'icpc', 'core-group', 'review-conference'];
const TYPES_AFTER = [...TYPES_BEFORE, 'fgdm'];
const STAGES = ['preparation', 'information-giving', 'private-family-time', 'plan-presentation', 'response', 'closed'];
const OUTCOMES = ['agreed', 'amended', 'not-agreed'];
const ADDED_AUDIT_TYPES = [
  'fgdm.stage-entered',
  'fgdm.bottom-line-added',
  'fgdm.plan-presented',
  'fgdm.plan-response-recorded',
  'fgdm.support-item-added',
  'fgdm.support-item-withdrawn',
];
const RECORDED_FACTS = [
  'fgdm_stage_entries',
  'fgdm_bottom_lines',
  'family_plan_presentations',
  'family_plan_responses',
  'fgdm_support_items',
  'fgdm_support_item_withdrawals',
];

// The tables naming the writer of a collab document's update.
const WRITER_TABLES = ['document_updates', 'document_client_ids', 'document_update_quarantine'];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Family group decision-making (docs/FAMILY.md, DOMAIN-PATHWAY §5): the
 * `fgdm` meeting type, its stages (each entry a recorded fact: private family
 * time is the interval between entering and leaving `private-family-time`),
 * bottom lines, the family's presented plans (text and its SHA-256), the
 * professionals' responses, and the family network support package (an item
 * is withdrawn by a recorded withdrawal, never deleted). Every table is
 * append-only. The family's live draft is an ordinary collab document
 * (`meetings/<id>/family-plan`) in document_updates / document_snapshots.
 */
export class FamilyGroupDecisionMaking1766552000000 implements MigrationInterface {
  name = 'FamilyGroupDecisionMaking1766552000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meetings DROP CONSTRAINT IF EXISTS meetings_meeting_type_check`);
    await q.query(
      `ALTER TABLE meetings ADD CONSTRAINT meetings_meeting_type_check CHECK (meeting_type IN (${list(TYPES_AFTER)}))`,
    );
    await q.query(`
      CREATE TABLE fgdm_stage_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        stage text NOT NULL CHECK (stage IN (${list(STAGES)})),
        entered_by uuid NOT NULL REFERENCES users(id),
        entered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (meeting_id, stage)
      )`);
    await q.query(`
      CREATE TABLE fgdm_bottom_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX fgdm_bottom_lines_meeting ON fgdm_bottom_lines (meeting_id)`);
    await q.query(`
      CREATE TABLE family_plan_presentations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        version integer NOT NULL CHECK (version >= 1),
        text text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        presented_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        presented_by_participant uuid NOT NULL REFERENCES family_participants(id),
        UNIQUE (meeting_id, version)
      )`);
    await q.query(`
      CREATE TABLE family_plan_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        presentation_id uuid NOT NULL UNIQUE REFERENCES family_plan_presentations(id),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        keeps_child_safe boolean NOT NULL,
        reasons text NOT NULL DEFAULT '',
        outcome text NOT NULL CHECK (outcome IN (${list(OUTCOMES)})),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT family_plan_responses_reasons_when_unsafe CHECK (keeps_child_safe OR length(reasons) > 0),
        CONSTRAINT family_plan_responses_unsafe_not_agreed CHECK (keeps_child_safe OR outcome <> 'agreed')
      )`);
    await q.query(`
      CREATE TABLE fgdm_support_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        who text NOT NULL,
        support text NOT NULL,
        cost_pence bigint NOT NULL CHECK (cost_pence >= 0),
        frequency text NOT NULL,
        approved boolean NOT NULL,
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX fgdm_support_items_meeting ON fgdm_support_items (meeting_id)`);
    await q.query(`
      CREATE TABLE fgdm_support_item_withdrawals (
        item_id uuid PRIMARY KEY REFERENCES fgdm_support_items(id),
        reason text NOT NULL,
        withdrawn_by uuid NOT NULL REFERENCES users(id),
        withdrawn_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    for (const table of RECORDED_FACTS) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }
    // The family plan document's writers are family members, not users: the writer of a stored update
    // (and the owner of a Yjs clientID) is a user or a family participant, checked by a trigger
    // instead of the foreign key to users.
    await q.query(`
      CREATE FUNCTION document_writer_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.user_id IS NULL
           OR EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id)
           OR EXISTS (SELECT 1 FROM family_participants WHERE id = NEW.user_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the writer % is neither a user nor a family participant', NEW.user_id
          USING ERRCODE = 'foreign_key_violation';
      END
      $$`);
    for (const table of WRITER_TABLES) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_user_id_fkey`);
      await q.query(
        `CREATE TRIGGER ${table}_writer_exists BEFORE INSERT OR UPDATE OF user_id ON ${table}
         FOR EACH ROW EXECUTE FUNCTION document_writer_exists()`,
      );
    }
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // Family members' updates would break the foreign key: the family plan documents go with the FGDM.
    for (const table of WRITER_TABLES) {
      await q.query(`DROP TRIGGER ${table}_writer_exists ON ${table}`);
      await q.query(`DELETE FROM ${table} WHERE document_name ~ '^meetings/[0-9a-f-]{36}/family-plan$'`);
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)`,
      );
    }
    await q.query(`DROP FUNCTION document_writer_exists()`);
    await q.query(`DELETE FROM document_snapshots WHERE document_name ~ '^meetings/[0-9a-f-]{36}/family-plan$'`);
    for (const table of [...RECORDED_FACTS].reverse()) await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE meetings DROP CONSTRAINT IF EXISTS meetings_meeting_type_check`);
    await q.query(
      `ALTER TABLE meetings ADD CONSTRAINT meetings_meeting_type_check CHECK (meeting_type IN (${list(TYPES_BEFORE)}))`,
    );
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }
}
