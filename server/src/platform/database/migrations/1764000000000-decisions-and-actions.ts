import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies of the enums as they were when this migration was written:
// a later change to shared constants needs its own migration.
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const HARM = ['yes', 'no', 'unsure'];
const DECISION_STATUSES = ['open', 'closed', 'decided'];
const ESCALATION_STAGES = ['practitioner', 'line-manager', 'senior-manager', 'partnership'];
const ACTION_STATUSES = ['open', 'done', 'cancelled'];
const ACTION_CHANGE_KINDS = ['created', 'edited', 'status-changed'];

/** Tables whose rows are recorded facts: inserted once, never updated or deleted. */
const APPEND_ONLY = [
  'decision_children',
  'agency_views',
  'la_decisions',
  'dissents',
  'escalation_steps',
  'action_changes',
];

/**
 * Decisions (agency views, the local authority's decision and its
 * corrections, dissent and escalation), the action log, and the ledger that
 * makes retried socket.io changes apply once. Recorded facts live in
 * append-only tables guarded by triggers; only state (a decision's status and
 * revision, an escalation's resolution, an action's current details) is updated.
 */
export class DecisionsAndActions1764000000000 implements MigrationInterface {
  name = 'DecisionsAndActions1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        template_key text NOT NULL,
        title text NOT NULL,
        question text NOT NULL,
        options jsonb NOT NULL CHECK (jsonb_typeof(options) = 'array'),
        protective_action_options jsonb NOT NULL CHECK (jsonb_typeof(protective_action_options) = 'array'),
        status text NOT NULL DEFAULT 'open' CHECK (status IN (${list(DECISION_STATUSES)})),
        opened_by uuid NOT NULL REFERENCES users(id),
        opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        closed_by uuid REFERENCES users(id),
        closed_at timestamptz,
        revision int NOT NULL DEFAULT 1 CHECK (revision > 0),
        CHECK ((closed_by IS NULL) = (closed_at IS NULL))
      )`);
    await q.query(`CREATE INDEX decisions_meeting_id ON decisions (meeting_id, opened_at)`);
    // The template copy and who opened it are facts; only status, closing and revision move, forwards.
    await q.query(`
      CREATE FUNCTION decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'decisions cannot be deleted';
        END IF;
        IF (NEW.id, NEW.meeting_id, NEW.template_key, NEW.title, NEW.question, NEW.options,
            NEW.protective_action_options, NEW.opened_by, NEW.opened_at)
           IS DISTINCT FROM
           (OLD.id, OLD.meeting_id, OLD.template_key, OLD.title, OLD.question, OLD.options,
            OLD.protective_action_options, OLD.opened_by, OLD.opened_at) THEN
          RAISE EXCEPTION 'a decision''s question, options and opening are recorded facts';
        END IF;
        IF NEW.status <> OLD.status AND NOT (
             (OLD.status = 'open' AND NEW.status IN ('closed', 'decided'))
          OR (OLD.status = 'closed' AND NEW.status = 'decided')) THEN
          RAISE EXCEPTION 'a decision cannot go from % to %', OLD.status, NEW.status;
        END IF;
        IF OLD.closed_at IS NOT NULL AND (NEW.closed_by, NEW.closed_at) IS DISTINCT FROM (OLD.closed_by, OLD.closed_at) THEN
          RAISE EXCEPTION 'who closed a decision, and when, is a recorded fact';
        END IF;
        IF NEW.revision <= OLD.revision THEN
          RAISE EXCEPTION 'a decision''s revision only increases';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER decisions_guard BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION decisions_guard()`,
    );

    await q.query(`
      CREATE TABLE decision_children (
        decision_id uuid NOT NULL REFERENCES decisions(id),
        child_id uuid NOT NULL REFERENCES meeting_children(id),
        position int NOT NULL,
        PRIMARY KEY (decision_id, child_id)
      )`);

    // A change of view is a new row superseding the previous one. Each view is
    // superseded at most once and each agency has one first view, so every
    // agency's views form one chain and exactly one of them is current.
    await q.query(`
      CREATE TABLE agency_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id uuid NOT NULL REFERENCES decisions(id),
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        harm text NOT NULL CHECK (harm IN (${list(HARM)})),
        recommended_option text NOT NULL,
        reasons text NOT NULL,
        key_information text,
        conditions text,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        supersedes_id uuid UNIQUE,
        CONSTRAINT agency_views_id_decision_agency UNIQUE (id, decision_id, agency),
        CONSTRAINT agency_views_supersedes_same_agency FOREIGN KEY (supersedes_id, decision_id, agency)
          REFERENCES agency_views (id, decision_id, agency)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX agency_views_first_per_agency ON agency_views (decision_id, agency) WHERE supersedes_id IS NULL`,
    );
    await q.query(`CREATE INDEX agency_views_decision_id ON agency_views (decision_id, recorded_at)`);

    // The local authority's decision and its corrections: one original per
    // decision, each entry corrected at most once (a chain whose tail is in force).
    await q.query(`
      CREATE TABLE la_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id uuid NOT NULL REFERENCES decisions(id),
        chosen_options text[] NOT NULL CHECK (cardinality(chosen_options) >= 1),
        reasons text NOT NULL,
        protective_actions text[] NOT NULL,
        protective_action_details text,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        record_state bytea NOT NULL,
        record_state_sha256 text NOT NULL CHECK (record_state_sha256 = encode(sha256(record_state), 'hex')),
        basis_view_ids uuid[] NOT NULL,
        corrects_id uuid UNIQUE,
        correction_reason text,
        CHECK ((corrects_id IS NULL) = (correction_reason IS NULL)),
        CONSTRAINT la_decisions_id_decision UNIQUE (id, decision_id),
        CONSTRAINT la_decisions_corrects_same_decision FOREIGN KEY (corrects_id, decision_id)
          REFERENCES la_decisions (id, decision_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX la_decisions_one_original ON la_decisions (decision_id) WHERE corrects_id IS NULL`,
    );

    await q.query(`
      CREATE TABLE dissents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id uuid NOT NULL REFERENCES decisions(id),
        la_decision_id uuid NOT NULL,
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        reasons text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT dissents_one_per_agency UNIQUE (decision_id, agency),
        CONSTRAINT dissents_la_decision_same_decision FOREIGN KEY (la_decision_id, decision_id)
          REFERENCES la_decisions (id, decision_id)
      )`);

    // Mutable state of a dissent's escalation: open until resolved, then frozen.
    await q.query(`
      CREATE TABLE escalations (
        dissent_id uuid PRIMARY KEY REFERENCES dissents(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        outcome text,
        resolved_by uuid REFERENCES users(id),
        resolved_at timestamptz,
        CHECK (
          (status = 'open' AND outcome IS NULL AND resolved_by IS NULL AND resolved_at IS NULL)
          OR (status = 'resolved' AND outcome IS NOT NULL AND resolved_by IS NOT NULL AND resolved_at IS NOT NULL)
        )
      )`);
    await q.query(`
      CREATE FUNCTION escalations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'escalations cannot be deleted';
        END IF;
        IF OLD.status <> 'open' OR NEW.dissent_id <> OLD.dissent_id THEN
          RAISE EXCEPTION 'a resolved escalation is a recorded fact';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER escalations_guard BEFORE UPDATE OR DELETE ON escalations FOR EACH ROW EXECUTE FUNCTION escalations_guard()`,
    );

    await q.query(`
      CREATE TABLE escalation_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dissent_id uuid NOT NULL REFERENCES escalations(dissent_id),
        stage text NOT NULL CHECK (stage IN (${list(ESCALATION_STAGES)})),
        note text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX escalation_steps_dissent_id ON escalation_steps (dissent_id, recorded_at)`);

    await q.query(`
      CREATE TABLE actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        description text NOT NULL,
        owner_user_id uuid NOT NULL REFERENCES users(id),
        owner_agency text NOT NULL CHECK (owner_agency IN (${list(AGENCIES)})),
        due_at timestamptz NOT NULL,
        child_id uuid REFERENCES meeting_children(id),
        decision_id uuid REFERENCES decisions(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN (${list(ACTION_STATUSES)})),
        status_note text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        revision int NOT NULL DEFAULT 1 CHECK (revision > 0)
      )`);
    await q.query(`CREATE INDEX actions_meeting_id ON actions (meeting_id, due_at)`);
    await q.query(`CREATE INDEX actions_open_by_owner ON actions (owner_user_id, due_at) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE action_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        action_id uuid NOT NULL REFERENCES actions(id),
        kind text NOT NULL CHECK (kind IN (${list(ACTION_CHANGE_KINDS)})),
        changed_by uuid NOT NULL REFERENCES users(id),
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changes jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'array'),
        note text
      )`);
    await q.query(`CREATE INDEX action_changes_action_id ON action_changes (action_id, changed_at)`);

    // One row per applied change, written in the change's own transaction. A
    // concurrent duplicate waits on the primary key, then finds this row.
    // response is null only inside the inserting transaction.
    await q.query(`
      CREATE TABLE meeting_change_requests (
        request_id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        event text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE FUNCTION refuse_change_to_recorded_fact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: recorded entries are never changed or deleted', TG_TABLE_NAME;
      END $$`);
    for (const table of APPEND_ONLY) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'meeting_change_requests',
      'action_changes',
      'actions',
      'escalation_steps',
      'escalations',
      'dissents',
      'la_decisions',
      'agency_views',
      'decision_children',
      'decisions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`DROP FUNCTION escalations_guard()`);
    await q.query(`DROP FUNCTION decisions_guard()`);
  }
}
