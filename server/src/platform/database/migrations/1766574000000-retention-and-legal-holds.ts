import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = [
  'retention.destroyed',
  'retention.run',
  'retention.run-requested',
  'legal-hold.placed',
  'legal-hold.lifted',
];
/** The application's own PostgreSQL role, where deployments use one (docs/AUDIT.md). */
const APP_ROLE = 'roundtable_app';

/**
 * The row triggers that keep recorded facts append-only (or guard how they
 * change). Each gets `WHEN (NOT retention_destroying())`: it still fires for
 * every UPDATE and DELETE, except inside a transaction that opened the
 * destruction gate through `retention_open_destruction` (docs/RETENTION.md).
 * The TRUNCATE guards and the audit checkpoints' guard are left as they are.
 */
const GUARDED_TRIGGERS: readonly (readonly [table: string, trigger: string])[] = [
  ['meetings', 'meetings_lifecycle_guard'],
  ['meetings', 'meetings_pathway_guard'],
  ['decisions', 'decisions_guard'],
  ['decision_children', 'decision_children_append_only'],
  ['agency_views', 'agency_views_guard'],
  ['la_decisions', 'la_decisions_append_only'],
  ['dissents', 'dissents_append_only'],
  ['escalations', 'escalations_guard'],
  ['escalation_steps', 'escalation_steps_append_only'],
  ['action_changes', 'action_changes_append_only'],
  ['meeting_addenda', 'meeting_addenda_guard'],
  ['attendance_periods', 'attendance_periods_guard'],
  ['meeting_apologies', 'meeting_apologies_append_only'],
  ['meeting_document_templates', 'meeting_document_templates_append_only'],
  ['safety_plan_scores', 'safety_plan_scores_append_only'],
  ['sealed_records', 'sealed_records_append_only'],
  ['sealed_record_exports', 'sealed_record_exports_append_only'],
  ['document_update_quarantine', 'document_update_quarantine_append_only'],
  ['sharing_decisions', 'sharing_decisions_append_only'],
  ['meeting_child_removals', 'meeting_child_removals_append_only'],
  ['plan_versions', 'plan_versions_append_only'],
  ['meeting_plan_reviews', 'meeting_plan_reviews_append_only'],
  ['conference_outcomes', 'conference_outcomes_append_only'],
  ['fgdm_stage_entries', 'fgdm_stage_entries_append_only'],
  ['fgdm_bottom_lines', 'fgdm_bottom_lines_append_only'],
  ['family_plan_presentations', 'family_plan_presentations_append_only'],
  ['family_plan_responses', 'family_plan_responses_append_only'],
  ['fgdm_support_items', 'fgdm_support_items_append_only'],
  ['fgdm_support_item_withdrawals', 'fgdm_support_item_withdrawals_append_only'],
  ['family_views', 'family_views_append_only'],
  ['safety_plan_signatures', 'safety_plan_signatures_append_only'],
];

const GATE_CLAUSE = ' WHEN ((NOT public.retention_destroying())) ';

/**
 * Retention and legal holds (docs/RETENTION.md):
 * - `legal_holds`: a hold on a meeting or a child, with who placed and lifted
 *   it and why; a held record is never destroyed.
 * - `retention_runs`: each destruction run (scheduled or asked for), with what
 *   it destroyed per record type.
 * - `retention_tombstones`: what was destroyed (a meeting or a child by id),
 *   when, under which rule, and how many rows went from which table. Written
 *   only by the destruction path; append-only.
 * - The destruction gate: `retention_destruction_gate` (no one but its owner
 *   may touch it) holds the transaction ids that called
 *   `retention_open_destruction(run)`, a SECURITY DEFINER function. The
 *   append-only guards give way only inside such a transaction; an ordinary
 *   DELETE or UPDATE is refused as before.
 * - Audit entries are never deleted: `retention_tombstone_audit_entries`
 *   (SECURITY DEFINER, only inside an open gate) replaces an entry's content
 *   with a tombstone and keeps seq, occurred_at, type, outcome, prev_hash and
 *   hash, so the chain still links and every checkpoint still matches.
 */
export class RetentionAndLegalHolds1766574000000 implements MigrationInterface {
  name = 'RetentionAndLegalHolds1766574000000';

  async up(q: QueryRunner): Promise<void> {
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('meeting', 'child')),
        subject_id uuid NOT NULL,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
        placed_by uuid NOT NULL REFERENCES users(id),
        placed_at timestamptz NOT NULL,
        lifted_by uuid REFERENCES users(id),
        lifted_at timestamptz,
        lift_reason text CHECK (char_length(lift_reason) BETWEEN 10 AND 2000),
        CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
      )`);
    // At most one hold in force per subject: placing a second is a conflict, not a duplicate.
    await q.query(
      `CREATE UNIQUE INDEX legal_holds_one_active ON legal_holds (subject_type, subject_id) WHERE lifted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE retention_runs (
        id uuid PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        destroyed jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text
      )`);
    await q.query(`CREATE INDEX retention_runs_started ON retention_runs (started_at DESC)`);
    await q.query(`
      CREATE TABLE retention_tombstones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('meeting', 'child')),
        subject_id uuid NOT NULL,
        record_type text NOT NULL,
        rule jsonb NOT NULL,
        closed_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        destroyed_at timestamptz NOT NULL,
        run_id uuid NOT NULL REFERENCES retention_runs(id),
        rows_removed jsonb NOT NULL,
        -- A meeting's children (by id), so a child's closure can still count the meeting once it is gone.
        child_ids uuid[] NOT NULL DEFAULT '{}',
        UNIQUE (subject_type, subject_id)
      )`);
    await q.query(`
      CREATE TABLE retention_destruction_gate (
        xact xid8 PRIMARY KEY,
        run_id uuid NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`REVOKE ALL ON retention_destruction_gate FROM PUBLIC`);
    await q.query(`
      CREATE FUNCTION retention_open_destruction(p_run uuid) RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        INSERT INTO public.retention_destruction_gate (xact, run_id) VALUES (pg_current_xact_id(), p_run)
        ON CONFLICT (xact) DO NOTHING
      $$`);
    await q.query(`
      CREATE FUNCTION retention_close_destruction() RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DELETE FROM public.retention_destruction_gate WHERE xact = pg_current_xact_id_if_assigned()
      $$`);
    await q.query(`
      CREATE FUNCTION retention_destroying() RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT EXISTS (SELECT 1 FROM public.retention_destruction_gate WHERE xact = pg_current_xact_id_if_assigned())
      $$`);
    await q.query(`
      CREATE FUNCTION retention_tombstone_audit_entries(p_seqs bigint[], p_tombstone jsonb) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE changed integer;
      BEGIN
        IF NOT public.retention_destroying() THEN
          RAISE EXCEPTION 'audit entries are tombstoned only by a retention run (docs/RETENTION.md)'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_tombstone IS NULL OR jsonb_typeof(p_tombstone) <> 'object' OR NOT (p_tombstone ? 'rule') THEN
          RAISE EXCEPTION 'a tombstone must name its rule';
        END IF;
        UPDATE public.audit_events
           SET actor_user_id = NULL, actor_agency = NULL, meeting_id = NULL, subject_type = NULL,
               subject_id = NULL, details = jsonb_build_object('tombstone', p_tombstone)
         WHERE seq = ANY (p_seqs) AND NOT (details ? 'tombstone' AND (SELECT count(*) FROM jsonb_object_keys(details)) = 1);
        GET DIAGNOSTICS changed = ROW_COUNT;
        RETURN changed;
      END $$`);
    // Inside the gate, an audit entry may only become a tombstone: never deleted, its place in the chain kept.
    await q.query(`
      CREATE FUNCTION audit_tombstone_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.seq, NEW.occurred_at, NEW.type, NEW.outcome, NEW.prev_hash, NEW.hash)
             IS DISTINCT FROM (OLD.seq, OLD.occurred_at, OLD.type, OLD.outcome, OLD.prev_hash, OLD.hash)
           OR (NEW.actor_user_id, NEW.actor_agency, NEW.meeting_id, NEW.subject_type, NEW.subject_id) IS NOT NULL
           OR NOT (NEW.details ? 'tombstone') OR (SELECT count(*) FROM jsonb_object_keys(NEW.details)) <> 1 THEN
          RAISE EXCEPTION 'an audit entry may only be replaced by a tombstone that keeps its place in the chain'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`DROP TRIGGER audit_events_append_only ON audit_events`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW WHEN ((NOT public.retention_destroying())) EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_events_tombstone_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW WHEN (public.retention_destroying()) EXECUTE FUNCTION audit_tombstone_only()`);
    for (const [table, trigger] of GUARDED_TRIGGERS) {
      const def = await triggerDefinition(q, table, trigger);
      if (def.includes(' WHEN ')) throw new Error(`${trigger} already has a WHEN clause`);
      const gated = def.replace(/ FOR EACH ROW /, ` FOR EACH ROW${GATE_CLAUSE}`);
      if (gated === def) throw new Error(`${trigger} is not a row trigger`);
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
      await q.query(gated);
    }
    await q.query(`REVOKE ALL ON FUNCTION retention_open_destruction(uuid) FROM PUBLIC`);
    await q.query(`REVOKE ALL ON FUNCTION retention_close_destruction() FROM PUBLIC`);
    await q.query(`REVOKE ALL ON FUNCTION retention_tombstone_audit_entries(bigint[], jsonb) FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER retention_tombstones_append_only BEFORE UPDATE OR DELETE ON retention_tombstones
      FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT EXECUTE ON FUNCTION retention_open_destruction(uuid), retention_close_destruction(),
            retention_tombstone_audit_entries(bigint[], jsonb) TO ${APP_ROLE};
          GRANT SELECT, INSERT, UPDATE ON legal_holds, retention_runs TO ${APP_ROLE};
          GRANT SELECT, INSERT ON retention_tombstones TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, trigger] of GUARDED_TRIGGERS) {
      const def = await triggerDefinition(q, table, trigger);
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
      await q.query(def.replace(/ WHEN \(.*\) EXECUTE /, ' EXECUTE '));
    }
    await q.query(`DROP TRIGGER audit_events_tombstone_only ON audit_events`);
    await q.query(`DROP TRIGGER audit_events_append_only ON audit_events`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`DROP FUNCTION audit_tombstone_only()`);
    await q.query(`DROP FUNCTION retention_tombstone_audit_entries(bigint[], jsonb)`);
    await q.query(`DROP FUNCTION retention_destroying()`);
    await q.query(`DROP FUNCTION retention_close_destruction()`);
    await q.query(`DROP FUNCTION retention_open_destruction(uuid)`);
    await q.query(`DROP TABLE retention_destruction_gate`);
    await q.query(`DROP TABLE retention_tombstones`);
    await q.query(`DROP TABLE retention_runs`);
    await q.query(`DROP TABLE legal_holds`);
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }
}

async function triggerDefinition(q: QueryRunner, table: string, trigger: string): Promise<string> {
  const [row] = (await q.query(
    `SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t WHERE t.tgrelid = $1::regclass AND t.tgname = $2`,
    [table, trigger],
  )) as { def: string }[];
  if (!row) throw new Error(`trigger ${trigger} on ${table} not found`);
  return row.def;
}
