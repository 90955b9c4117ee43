import { Injectable } from '@nestjs/common';
import { type DecisionOption, ICPC_PLAN_TEMPLATE, REVIEW_CONFERENCE_PLAN_TEMPLATE } from '@roundtable/shared/decisions';
import type {
  ConferenceOutcome,
  CpCategory,
  EscalationRoute,
  MeetingType,
  StepDownTarget,
} from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';

/** The conference decision templates whose local authority decision a child's outcome must match. */
export const CONFERENCE_DECISION_TEMPLATE_KEYS: readonly string[] = [
  ICPC_PLAN_TEMPLATE.key,
  REVIEW_CONFERENCE_PLAN_TEMPLATE.key,
];

/** A conference's outcome for one child, as stored (conference_outcomes). */
export interface OutcomeRow {
  id: string;
  meetingId: string;
  childId: string;
  outcome: ConferenceOutcome;
  categories: CpCategory[];
  stepDown: StepDownTarget | null;
  route: EscalationRoute | null;
  reasons: string;
  recordedBy: string;
  recordedAt: Date;
  planId: string | null;
}

export type NewOutcome = Omit<OutcomeRow, 'id' | 'recordedAt'>;

/** The local authority's decision in force on one of the conference's decisions about a child. */
export interface ConferenceDecisionInForce {
  decisionId: string;
  options: DecisionOption[];
  chosenOptions: string[];
}

/** An outcome as the sealed record shows it: the child by the name the meeting lists, and the decision about them. */
export interface OutcomeForRecord extends OutcomeRow {
  childName: string;
  /** The conference's plan decision naming the child (the latest opened), whose family-facing reasons mark applies. */
  decisionId: string | null;
}

const OUTCOME_COLUMNS = `o.id, o.meeting_id, o.child_id, o.outcome, o.categories, o.step_down, o.route, o.reasons,
  o.recorded_by, o.recorded_at, o.plan_id`;

interface OutcomeDbRow {
  id: string;
  meeting_id: string;
  child_id: string;
  outcome: ConferenceOutcome;
  categories: CpCategory[];
  step_down: StepDownTarget | null;
  route: EscalationRoute | null;
  reasons: string;
  recorded_by: string;
  recorded_at: Date;
  plan_id: string | null;
}

function toOutcomeRow(r: OutcomeDbRow): OutcomeRow {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    childId: r.child_id,
    outcome: r.outcome,
    categories: r.categories,
    stepDown: r.step_down,
    route: r.route,
    reasons: r.reasons,
    recordedBy: r.recorded_by,
    recordedAt: new Date(r.recorded_at),
    planId: r.plan_id,
  };
}

/** Conferences' outcomes per child (conference_outcomes: recorded facts, only ever inserted) and what they are checked against. */
@Injectable()
export class ConferenceOutcomesRepository {
  /** The meeting's type; the caller has locked the meeting and checked membership. */
  async findMeetingType(tx: EntityManager, meetingId: string): Promise<MeetingType> {
    const rows: { meeting_type: MeetingType }[] = await tx.query(`SELECT meeting_type FROM meetings WHERE id = $1`, [
      meetingId,
    ]);
    if (!rows[0]) throw new Error(`meeting ${meetingId} not found`);
    return rows[0].meeting_type;
  }

  /** The meeting's entry for the child (meeting_children.id), or null when the child is not one of its children. */
  async findMeetingChildId(tx: EntityManager, meetingId: string, childId: string): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM meeting_children WHERE meeting_id = $1 AND child_id = $2`,
      [meetingId, childId],
    );
    return rows[0]?.id ?? null;
  }

  /** How many of the users are members of the meeting now. */
  async countMembers(tx: EntityManager, meetingId: string, userIds: readonly string[]): Promise<number> {
    const rows: { count: number }[] = await tx.query(
      `SELECT count(*)::int AS count FROM meeting_members mm
        WHERE mm.meeting_id = $1 AND mm.user_id = ANY($2::uuid[]) AND ${memberHasAccessSql('mm')}`,
      [meetingId, userIds],
    );
    return rows[0]?.count ?? 0;
  }

  /**
   * The local authority's decisions in force (no later entry corrects them)
   * on the meeting's decisions of these templates that name the child
   * (decision_children holds the meeting's entry for the child).
   */
  async findDecisionsInForce(
    tx: EntityManager,
    meetingId: string,
    meetingChildId: string,
    templateKeys: readonly string[],
  ): Promise<ConferenceDecisionInForce[]> {
    const rows: { decision_id: string; options: DecisionOption[]; chosen_options: string[] }[] = await tx.query(
      `SELECT d.id AS decision_id, d.options, l.chosen_options
         FROM decisions d
         JOIN decision_children dc ON dc.decision_id = d.id AND dc.child_id = $2
         JOIN la_decisions l ON l.decision_id = d.id
        WHERE d.meeting_id = $1 AND d.template_key = ANY($3::text[]) AND d.status = 'decided'
          AND NOT EXISTS (SELECT 1 FROM la_decisions later WHERE later.corrects_id = l.id)
        ORDER BY l.recorded_at, l.id`,
      [meetingId, meetingChildId, templateKeys],
    );
    return rows.map((r) => ({ decisionId: r.decision_id, options: r.options, chosenOptions: r.chosen_options }));
  }

  async findOutcome(tx: EntityManager, meetingId: string, childId: string): Promise<OutcomeRow | null> {
    const rows: OutcomeDbRow[] = await tx.query(
      `SELECT ${OUTCOME_COLUMNS} FROM conference_outcomes o WHERE o.meeting_id = $1 AND o.child_id = $2`,
      [meetingId, childId],
    );
    return rows[0] ? toOutcomeRow(rows[0]) : null;
  }

  async insertOutcome(tx: EntityManager, outcome: NewOutcome): Promise<OutcomeRow> {
    const rows: OutcomeDbRow[] = await tx.query(
      `INSERT INTO conference_outcomes AS o
         (meeting_id, child_id, outcome, categories, step_down, route, reasons, recorded_by, recorded_at, plan_id)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, clock_timestamp(), $9)
       RETURNING ${OUTCOME_COLUMNS}`,
      [
        outcome.meetingId,
        outcome.childId,
        outcome.outcome,
        outcome.categories,
        outcome.stepDown,
        outcome.route,
        outcome.reasons,
        outcome.recordedBy,
        outcome.planId,
      ],
    );
    return toOutcomeRow(rows[0]!);
  }

  /** The meeting's outcomes, in the order of its children. */
  async findOutcomesOfMeeting(
    manager: EntityManager,
    meetingId: string,
    decisionTemplateKeys: readonly string[],
  ): Promise<OutcomeForRecord[]> {
    const rows: (OutcomeDbRow & { child_name: string; decision_id: string | null })[] = await manager.query(
      `SELECT ${OUTCOME_COLUMNS}, mc.name AS child_name,
              (SELECT d.id FROM decisions d JOIN decision_children dc ON dc.decision_id = d.id AND dc.child_id = mc.id
                WHERE d.meeting_id = o.meeting_id AND d.template_key = ANY($2::text[])
                ORDER BY d.opened_at DESC, d.id LIMIT 1) AS decision_id
         FROM conference_outcomes o
         JOIN meeting_children mc ON mc.meeting_id = o.meeting_id AND mc.child_id = o.child_id
        WHERE o.meeting_id = $1
        ORDER BY mc.position`,
      [meetingId, decisionTemplateKeys],
    );
    return rows.map((r) => ({ ...toOutcomeRow(r), childName: r.child_name, decisionId: r.decision_id }));
  }
}
