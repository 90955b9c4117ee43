import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies as they were when this migration was written: a later change
// to shared constants or to the built-in template needs its own migration.
const DISSENT_PARTS = ['options', 'protective-action', 'voluntary-safety-plan', 'reasons'];
const S47_THRESHOLD_EXCLUSIONS = [
  {
    options: ['nfa', 'early-help', 's17-assessment', 's47-single-agency', 's47-joint', 'further-discussion'],
    reason:
      'a decision has one outcome on the section 47 threshold (open a decision for each child whose outcome differs)',
  },
  {
    options: ['police-only', 's47-single-agency', 's47-joint', 'further-discussion'],
    reason: 'a police-only investigation means section 47 enquiries are not started',
  },
];
const S47_THRESHOLD_VOLUNTARY_SAFETY_PLAN_ACTIONS = ['s20-or-safety-plan'];

/**
 * Decision rules (issue 15): a decision keeps, with its copy of the template,
 * which options exclude each other and which protective actions rely on a
 * voluntary safety plan; a dissent says which part of the local authority's
 * decision it is about. Dissent recorded before this was about the chosen
 * options, and keeps that meaning. One dissent per agency, decision and part.
 */
export class DecisionRulesAndDissentParts1766100000000 implements MigrationInterface {
  name = 'DecisionRulesAndDissentParts1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE decisions
        ADD COLUMN option_exclusions jsonb NOT NULL DEFAULT '[]'
          CHECK (jsonb_typeof(option_exclusions) = 'array'),
        ADD COLUMN voluntary_safety_plan_actions text[] NOT NULL DEFAULT '{}'`);
    // Decisions opened on the built-in template before its rules were written down get them now, so a
    // correction cannot record a contradiction and police can dissent from relying on a safety plan.
    // The guard forbids changing a decision's template copy, hence off for this one statement.
    await q.query(`ALTER TABLE decisions DISABLE TRIGGER decisions_guard`);
    await q.query(
      `UPDATE decisions SET option_exclusions = $1::jsonb, voluntary_safety_plan_actions = $2::text[]
        WHERE template_key = 's47-threshold'`,
      [JSON.stringify(S47_THRESHOLD_EXCLUSIONS), S47_THRESHOLD_VOLUNTARY_SAFETY_PLAN_ACTIONS],
    );
    await q.query(`ALTER TABLE decisions ENABLE TRIGGER decisions_guard`);
    await q.query(`
      ALTER TABLE decisions
        ALTER COLUMN option_exclusions DROP DEFAULT,
        ALTER COLUMN voluntary_safety_plan_actions DROP DEFAULT`);
    await this.replaceDecisionsGuard(q, true);

    await q.query(`
      ALTER TABLE dissents
        ADD COLUMN part text NOT NULL DEFAULT 'options' CHECK (part IN (${list(DISSENT_PARTS)}))`);
    await q.query(`ALTER TABLE dissents ALTER COLUMN part DROP DEFAULT`);
    await q.query(`ALTER TABLE dissents DROP CONSTRAINT dissents_one_per_agency`);
    await q.query(
      `ALTER TABLE dissents ADD CONSTRAINT dissents_one_per_agency_and_part UNIQUE (decision_id, agency, part)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dissents DROP CONSTRAINT dissents_one_per_agency_and_part`);
    await q.query(`ALTER TABLE dissents ADD CONSTRAINT dissents_one_per_agency UNIQUE (decision_id, agency)`);
    await q.query(`ALTER TABLE dissents DROP COLUMN part`);
    await this.replaceDecisionsGuard(q, false);
    await q.query(`ALTER TABLE decisions DROP COLUMN option_exclusions, DROP COLUMN voluntary_safety_plan_actions`);
  }

  /** The decisions guard of 1764200000000 (with not-reached), with or without the rules as recorded facts. */
  private async replaceDecisionsGuard(q: QueryRunner, withRules: boolean): Promise<void> {
    const newRules = withRules ? ', NEW.option_exclusions, NEW.voluntary_safety_plan_actions' : '';
    const oldRules = withRules ? ', OLD.option_exclusions, OLD.voluntary_safety_plan_actions' : '';
    await q.query(`
      CREATE OR REPLACE FUNCTION decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'decisions cannot be deleted';
        END IF;
        IF (NEW.id, NEW.meeting_id, NEW.template_key, NEW.title, NEW.question, NEW.options,
            NEW.protective_action_options, NEW.opened_by, NEW.opened_at${newRules})
           IS DISTINCT FROM
           (OLD.id, OLD.meeting_id, OLD.template_key, OLD.title, OLD.question, OLD.options,
            OLD.protective_action_options, OLD.opened_by, OLD.opened_at${oldRules}) THEN
          RAISE EXCEPTION 'a decision''s question, options and opening are recorded facts';
        END IF;
        IF NEW.status <> OLD.status AND NOT (
             (OLD.status = 'open' AND NEW.status IN ('closed', 'decided'))
          OR (OLD.status = 'closed' AND NEW.status = 'decided')
          OR (OLD.status IN ('open', 'closed') AND NEW.status = 'not-reached')) THEN
          RAISE EXCEPTION 'a decision cannot go from % to %', OLD.status, NEW.status;
        END IF;
        IF OLD.closed_at IS NOT NULL AND (NEW.closed_by, NEW.closed_at) IS DISTINCT FROM (OLD.closed_by, OLD.closed_at) THEN
          RAISE EXCEPTION 'who closed a decision, and when, is a recorded fact';
        END IF;
        IF OLD.not_reached_at IS NOT NULL AND (NEW.not_reached_reason, NEW.not_reached_by, NEW.not_reached_at)
             IS DISTINCT FROM (OLD.not_reached_reason, OLD.not_reached_by, OLD.not_reached_at) THEN
          RAISE EXCEPTION 'why a decision was not reached is a recorded fact';
        END IF;
        IF NEW.revision <= OLD.revision THEN
          RAISE EXCEPTION 'a decision''s revision only increases';
        END IF;
        RETURN NEW;
      END $$`);
  }
}
