import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

// Frozen copies as of this migration (shared/src/pathway.ts, shared/src/audit.ts).
const MEETING_TYPES = ['strategy-discussion', 'icpc', 'core-group', 'review-conference'];
const CATEGORIES = ['neglect', 'physical', 'emotional', 'sexual'];
const OUTCOMES = ['child-protection-plan', 'no-plan', 'continue-plan', 'end-plan', 'escalate'];
const STEP_DOWN = ['family-help', 'child-in-need', 'no-further-action'];
const ROUTES = ['legal-planning-meeting', 'pre-proceedings'];
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const ADDED_AUDIT_TYPES = [
  'child.created',
  'child.updated',
  'child.household-set',
  'child.lcpp-set',
  'meeting.child-added',
  'meeting.child-removed',
  'conference.outcome-recorded',
  'plan.started',
  'plan.changed',
  'plan.reviewed',
  'plan.ended',
  'report.submitted',
  'report.sharing-changed',
  'meeting.part-started',
  'meeting.part-ended',
];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The pathway beyond the strategy discussion (docs/PATHWAY.md): a child's
 * record that outlives meetings, meeting types, the child protection plan as
 * one versioned document per child, conference outcomes, agency reports and
 * parts of a conference held without the parents.
 *
 * Existing meetings keep their children: each meeting_children row gets a
 * child record; a review discussion's children are the reviewed discussion's
 * (same position), so a chain of reviews is one child.
 */
export class ChildRecordsAndPathway1766540000000 implements MigrationInterface {
  name = 'ChildRecordsAndPathway1766540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE households (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE household_members (
        household_id uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
        relationship text NOT NULL CHECK (char_length(relationship) BETWEEN 1 AND 80),
        parental_responsibility boolean NOT NULL DEFAULT false,
        PRIMARY KEY (household_id, position)
      )`);
    await q.query(`
      CREATE TABLE children (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
        date_of_birth date,
        case_system_id text UNIQUE CHECK (char_length(case_system_id) BETWEEN 1 AND 40),
        nhs_number text UNIQUE CHECK (nhs_number ~ '^[0-9]{10}$'),
        household_id uuid NOT NULL REFERENCES households(id),
        lcpp_user_id uuid REFERENCES users(id),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX children_household ON children (household_id)`);
    await q.query(`CREATE INDEX children_lcpp ON children (lcpp_user_id) WHERE lcpp_user_id IS NOT NULL`);

    await q.query(`ALTER TABLE meeting_children ADD COLUMN child_id uuid REFERENCES children(id)`);
    await this.giveEveryMeetingChildARecord(q);
    await q.query(`ALTER TABLE meeting_children ALTER COLUMN child_id SET NOT NULL`);
    await q.query(`ALTER TABLE meeting_children ADD CONSTRAINT meeting_children_once UNIQUE (meeting_id, child_id)`);
    await q.query(`CREATE INDEX meeting_children_child ON meeting_children (child_id)`);
    await q.query(`
      CREATE TABLE meeting_child_removals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        child_id uuid NOT NULL REFERENCES children(id),
        removed_by uuid NOT NULL REFERENCES users(id),
        removed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      ALTER TABLE meetings
        ADD COLUMN meeting_type text NOT NULL DEFAULT 'strategy-discussion' CHECK (meeting_type IN (${list(MEETING_TYPES)})),
        ADD COLUMN preceded_by_meeting_id uuid REFERENCES meetings(id),
        ADD CONSTRAINT meetings_not_own_predecessor CHECK (preceded_by_meeting_id IS DISTINCT FROM id)`);
    await q.query(
      `CREATE INDEX meetings_preceded_by ON meetings (preceded_by_meeting_id) WHERE preceded_by_meeting_id IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION meetings_pathway_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.meeting_type, NEW.preceded_by_meeting_id) IS DISTINCT FROM (OLD.meeting_type, OLD.preceded_by_meeting_id) THEN
          RAISE EXCEPTION 'a meeting''s type and the meeting it follows are recorded facts';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER meetings_pathway_guard BEFORE UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION meetings_pathway_guard()`,
    );

    await q.query(`ALTER TABLE users ADD COLUMN team_manager boolean NOT NULL DEFAULT false`);

    await q.query(`
      CREATE TABLE child_protection_plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES children(id),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
        started_at timestamptz NOT NULL DEFAULT now(),
        started_by_meeting_id uuid NOT NULL REFERENCES meetings(id),
        initial_categories text[] NOT NULL CHECK (cardinality(initial_categories) >= 1 AND initial_categories <@ ARRAY[${list(CATEGORIES)}]),
        latest_categories text[] NOT NULL CHECK (cardinality(latest_categories) >= 1 AND latest_categories <@ ARRAY[${list(CATEGORIES)}]),
        lead_professional_user_id uuid REFERENCES users(id),
        core_group_user_ids uuid[] NOT NULL DEFAULT '{}',
        ended_at timestamptz,
        ended_by_meeting_id uuid REFERENCES meetings(id),
        step_down text CHECK (step_down IN (${list(STEP_DOWN)})),
        CHECK ((status = 'ended') = (ended_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX child_protection_plans_one_active ON child_protection_plans (child_id) WHERE status = 'active'`,
    );
    await q.query(`
      CREATE TABLE plan_versions (
        plan_id uuid NOT NULL REFERENCES child_protection_plans(id),
        version int NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL,
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        changed_by uuid NOT NULL REFERENCES users(id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        meeting_id uuid REFERENCES meetings(id),
        PRIMARY KEY (plan_id, version)
      )`);
    await q.query(`
      CREATE TABLE meeting_plan_reviews (
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        plan_id uuid NOT NULL REFERENCES child_protection_plans(id),
        version int NOT NULL,
        hash text NOT NULL,
        reviewed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, plan_id),
        FOREIGN KEY (plan_id, version) REFERENCES plan_versions(plan_id, version)
      )`);
    await q.query(`
      CREATE TABLE conference_outcomes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        child_id uuid NOT NULL REFERENCES children(id),
        outcome text NOT NULL CHECK (outcome IN (${list(OUTCOMES)})),
        categories text[] NOT NULL DEFAULT '{}' CHECK (categories <@ ARRAY[${list(CATEGORIES)}]),
        step_down text CHECK (step_down IN (${list(STEP_DOWN)})),
        route text CHECK (route IN (${list(ROUTES)})),
        reasons text NOT NULL CHECK (char_length(reasons) BETWEEN 1 AND 4000),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        plan_id uuid REFERENCES child_protection_plans(id),
        UNIQUE (meeting_id, child_id)
      )`);
    await q.query(`
      CREATE TABLE agency_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        author_id uuid NOT NULL REFERENCES users(id),
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 20000),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        shared_with_parents boolean NOT NULL,
        shared_at timestamptz,
        shared_by uuid REFERENCES users(id),
        not_shared_reason text NOT NULL DEFAULT '',
        UNIQUE (meeting_id, author_id)
      )`);
    await q.query(`
      CREATE TABLE meeting_parts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        without_parents boolean NOT NULL DEFAULT true CHECK (without_parents),
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 4000),
        started_at timestamptz NOT NULL DEFAULT now(),
        started_by uuid NOT NULL REFERENCES users(id),
        ended_at timestamptz,
        ended_by uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX meeting_parts_one_open ON meeting_parts (meeting_id) WHERE ended_at IS NULL`);

    // Recorded facts: a plan's versions, what a meeting reviewed, a conference's outcome, a removal.
    for (const table of ['plan_versions', 'meeting_plan_reviews', 'conference_outcomes', 'meeting_child_removals']) {
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

  /** One child record per child of every existing meeting; a review discussion's children are those of the one it reviews. */
  private async giveEveryMeetingChildARecord(q: QueryRunner): Promise<void> {
    const rows: {
      id: string;
      meeting_id: string;
      name: string;
      date_of_birth: string | null;
      position: number;
      review_of: string | null;
    }[] = await q.query(`
        WITH RECURSIVE chain AS (
          SELECT id, id AS root, 0 AS depth FROM meetings WHERE review_of_meeting_id IS NULL
          UNION ALL
          SELECT m.id, chain.root, chain.depth + 1 FROM meetings m JOIN chain ON m.review_of_meeting_id = chain.id
        )
        SELECT mc.id, mc.meeting_id, mc.name, mc.date_of_birth::text, mc.position, chain.root AS review_of
          FROM meeting_children mc JOIN chain ON chain.id = mc.meeting_id
         ORDER BY chain.depth, mc.position`);
    const byRoot = new Map<string, string>();
    const householdByRoot = new Map<string, string>();
    for (const row of rows) {
      const key = `${row.review_of}:${row.position}:${row.name}`;
      let childId = byRoot.get(key);
      if (!childId) {
        let householdId = householdByRoot.get(row.review_of ?? row.meeting_id);
        if (!householdId) {
          const [household] = (await q.query(`INSERT INTO households DEFAULT VALUES RETURNING id`)) as { id: string }[];
          householdId = household!.id;
          householdByRoot.set(row.review_of ?? row.meeting_id, householdId);
        }
        const [child] = (await q.query(
          `INSERT INTO children (name, date_of_birth, household_id) VALUES ($1, $2, $3) RETURNING id`,
          [row.name, row.date_of_birth, householdId],
        )) as { id: string }[];
        childId = child!.id;
        byRoot.set(key, childId);
      }
      await q.query(`UPDATE meeting_children SET child_id = $1 WHERE id = $2`, [childId, row.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'meeting_parts',
      'agency_reports',
      'conference_outcomes',
      'meeting_plan_reviews',
      'plan_versions',
      'child_protection_plans',
      'meeting_child_removals',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE users DROP COLUMN team_manager`);
    await q.query(`DROP TRIGGER meetings_pathway_guard ON meetings`);
    await q.query(`DROP FUNCTION meetings_pathway_guard()`);
    await q.query(`ALTER TABLE meetings DROP COLUMN preceded_by_meeting_id, DROP COLUMN meeting_type`);
    await q.query(`ALTER TABLE meeting_children DROP CONSTRAINT meeting_children_once, DROP COLUMN child_id`);
    await q.query(`DROP TABLE children`);
    await q.query(`DROP TABLE household_members`);
    await q.query(`DROP TABLE households`);
  }
}
