import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const literal = (value: unknown) => `'${JSON.stringify(value).replaceAll("'", "''")}'::jsonb`;

// Frozen copies as of this migration: a later change to the shared constants needs its own migration.
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const DOCUMENT_KINDS = ['record', 'safety-plan'];
const RESTRICTION_KINDS = ['police-restricted', 'not-for-family'];

/**
 * The templates meetings created before this migration were shown with: the
 * record sections of the time and the Signs of Safety safety plan.
 */
const RECORD_SECTIONS_BEFORE = [
  [
    'reason',
    'Reason for the discussion and immediate action taken',
    'Why the discussion was convened and any protective action already taken.',
  ],
  [
    'agency-information',
    'Information shared by each agency',
    'Attribute every item to its source. Separate fact, the child’s own words and professional opinion.',
  ],
  [
    'analysis',
    'Analysis: risks, strengths and gaps in knowledge',
    'What the information means for the child’s safety.',
  ],
  [
    'decision-rationale',
    'Section 47 decision and rationale',
    'Whether section 47 enquiries start for each child, single or joint, and who leads.',
  ],
  [
    'police-investigation',
    'Police: criminal investigation',
    'Whether a crime may have been committed, conduct and timing of the investigation, evidence, ABE interviews.',
  ],
  [
    'medical',
    'Medical assessment',
    'Whether a child protection medical is needed, how urgently, who arranges it and who gets consent.',
  ],
  [
    'immediate-safety',
    'Immediate safety and legal action',
    'Safety plan, contact arrangements, and whether legal advice, an EPO or police protection is needed.',
  ],
  [
    'family-informed',
    'What the family is told, by whom and when',
    'Record the reasons if information is withheld from the family.',
  ],
  ['support-needs', 'Support needs', 'Communication, disability, interpreter, culture.'],
  [
    'next-discussion',
    'Next or review discussion',
    'Date of the next strategy discussion and who receives this record.',
  ],
];
const SAFETY_PLAN_SECTIONS_BEFORE = [
  [
    'worries',
    'What are we worried about? Harm and danger statements',
    'What has happened, and who is worried about what will happen to the child if nothing changes, in plain words the family understands. Note any disputes.',
  ],
  ['complicating-factors', 'Complicating factors', 'Things that make the worries harder to deal with.'],
  ['working-well', 'What is working well?', 'Existing safety (times the child was kept safe) and strengths.'],
  [
    'safety-goals',
    'What needs to happen? Safety goals and next steps',
    'For each danger statement, what professionals need to see, and for how long, to step down or close.',
  ],
  ['family-rules', 'Family rules', 'For example “Dean does not stay overnight”, “Ruby is never left alone with X”.'],
  [
    'safety-network',
    'Safety network members and their roles',
    'Family and friends who take part: each one’s role, contact details and agreement to take part.',
  ],
  [
    'child-explanation',
    'How the child will learn about the plan',
    'Words and Pictures: who explains the plan to the child, and when.',
  ],
  ['professional-monitoring', 'Professional monitoring', 'Visits and checks, and who tells whom.'],
  [
    'plan-broken',
    'What happens if the plan is broken',
    'Who to call, and escalation such as police or an emergency protection order.',
  ],
  ['review-date', 'Review date', 'When the plan will be reviewed, and by whom.'],
];
const sections = (rows: string[][]) => rows.map(([key, title, hint]) => ({ key, title, hint }));

/**
 * Document templates kept per meeting, the safety plan's per-agency scaling
 * scores, and restriction flags on agency views and actions.
 *
 * - meeting_document_templates: the copy of each document's template a
 *   meeting was created with; never changed, so a later configuration change
 *   never alters an existing record. Existing meetings get the templates they
 *   were shown with.
 * - safety_plan_scores: append-only; an agency's new score supersedes its
 *   previous one (one chain per meeting and agency, so exactly one is current).
 * - restriction columns: the only thing about a recorded agency view that may
 *   change, so its append-only trigger becomes a guard that allows just that.
 */
export class TemplatesSafetyPlan1764300000000 implements MigrationInterface {
  name = 'TemplatesSafetyPlan1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meeting_document_templates (
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        kind text NOT NULL CHECK (kind IN (${list(DOCUMENT_KINDS)})),
        sections jsonb NOT NULL CHECK (jsonb_typeof(sections) = 'array' AND jsonb_array_length(sections) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, kind)
      )`);
    await q.query(
      `INSERT INTO meeting_document_templates (meeting_id, kind, sections)
       SELECT id, 'record', ${literal(sections(RECORD_SECTIONS_BEFORE))} FROM meetings`,
    );
    await q.query(
      `INSERT INTO meeting_document_templates (meeting_id, kind, sections)
       SELECT id, 'safety-plan', ${literal(sections(SAFETY_PLAN_SECTIONS_BEFORE))} FROM meetings`,
    );

    await q.query(`
      CREATE TABLE safety_plan_scores (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        score int NOT NULL CHECK (score BETWEEN 0 AND 10),
        previous_score int CHECK (previous_score BETWEEN 0 AND 10),
        note text,
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        supersedes_id uuid UNIQUE,
        CHECK ((supersedes_id IS NULL) = (previous_score IS NULL)),
        CONSTRAINT safety_plan_scores_id_meeting_agency UNIQUE (id, meeting_id, agency),
        CONSTRAINT safety_plan_scores_supersedes_same_agency FOREIGN KEY (supersedes_id, meeting_id, agency)
          REFERENCES safety_plan_scores (id, meeting_id, agency)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX safety_plan_scores_first_per_agency ON safety_plan_scores (meeting_id, agency) WHERE supersedes_id IS NULL`,
    );
    await q.query(`CREATE INDEX safety_plan_scores_meeting_id ON safety_plan_scores (meeting_id, recorded_at)`);

    for (const table of ['meeting_document_templates', 'safety_plan_scores']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }

    await q.query(
      `ALTER TABLE actions ADD COLUMN restriction text CHECK (restriction IN (${list(RESTRICTION_KINDS)}))`,
    );
    await q.query(
      `ALTER TABLE agency_views ADD COLUMN restriction text CHECK (restriction IN (${list(RESTRICTION_KINDS)}))`,
    );
    await q.query(`
      CREATE FUNCTION agency_views_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'agency_views is append-only: recorded entries are never changed or deleted';
        END IF;
        IF (to_jsonb(NEW) - 'restriction') IS DISTINCT FROM (to_jsonb(OLD) - 'restriction') THEN
          RAISE EXCEPTION 'agency_views is append-only: only a view''s restriction flag may change';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`DROP TRIGGER agency_views_append_only ON agency_views`);
    await q.query(
      `CREATE TRIGGER agency_views_guard BEFORE UPDATE OR DELETE ON agency_views
       FOR EACH ROW EXECUTE FUNCTION agency_views_guard()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER agency_views_guard ON agency_views`);
    await q.query(`DROP FUNCTION agency_views_guard()`);
    await q.query(
      `CREATE TRIGGER agency_views_append_only BEFORE UPDATE OR DELETE ON agency_views
       FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
    );
    await q.query(`ALTER TABLE agency_views DROP COLUMN restriction`);
    await q.query(`ALTER TABLE actions DROP COLUMN restriction`);
    await q.query(`DROP TABLE safety_plan_scores`);
    await q.query(`DROP TABLE meeting_document_templates`);
  }
}
