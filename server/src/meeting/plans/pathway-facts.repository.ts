import { Injectable } from '@nestjs/common';
import type { ConferenceOutcome, MeetingType } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import type { HeldMeeting } from '../clocks/pathway-clocks';

/** A plan meeting about a child that has started (been held). */
export interface HeldPlanMeeting extends HeldMeeting {
  childId: string;
  type: MeetingType;
}

/**
 * The reads behind children's stages and pathway clocks, each one query for
 * any number of children (the caseload lists many): meetings held, section
 * 47 starts and ICPC outcomes. Plans come from PlansRepository.
 */
@Injectable()
export class PathwayFactsRepository {
  /** ICPCs, core groups and review conferences about the children that have started, oldest first. */
  async findHeldPlanMeetings(manager: EntityManager, childIds: readonly string[]): Promise<HeldPlanMeeting[]> {
    const rows: { child_id: string; meeting_type: MeetingType; reference: string; started_at: Date }[] =
      await manager.query(
        `SELECT mc.child_id, m.meeting_type, m.reference, m.started_at
           FROM meeting_children mc
           JOIN meetings m ON m.id = mc.meeting_id
          WHERE mc.child_id = ANY($1::uuid[]) AND m.started_at IS NOT NULL
            AND m.meeting_type IN ('icpc', 'core-group', 'review-conference')
          ORDER BY m.started_at, m.id`,
        [childIds],
      );
    return rows.map((r) => ({
      childId: r.child_id,
      type: r.meeting_type,
      reference: r.reference,
      startedAt: new Date(r.started_at),
    }));
  }

  /**
   * For each child, the latest meeting whose local authority decision in
   * force, on a decision naming the child, chose one of `startingOptions`
   * (section 47 enquiries start), dated by when it started, or else by when
   * that decision was recorded (DOMAIN-PATHWAY §1.1: "or the last one, if several").
   */
  async findLatestS47Starts(
    manager: EntityManager,
    childIds: readonly string[],
    startingOptions: readonly string[],
  ): Promise<Map<string, { reference: string; discussedAt: Date }>> {
    const rows: { child_id: string; reference: string; discussed_at: Date }[] = await manager.query(
      `SELECT DISTINCT ON (mc.child_id) mc.child_id, m.reference, COALESCE(m.started_at, l.recorded_at) AS discussed_at
         FROM meeting_children mc
         JOIN decision_children dc ON dc.child_id = mc.id
         JOIN decisions d ON d.id = dc.decision_id AND d.status = 'decided'
         JOIN meetings m ON m.id = d.meeting_id
         JOIN la_decisions l ON l.decision_id = d.id
        WHERE mc.child_id = ANY($1::uuid[]) AND l.chosen_options && $2::text[]
          AND NOT EXISTS (SELECT 1 FROM la_decisions later WHERE later.corrects_id = l.id)
        ORDER BY mc.child_id, discussed_at DESC`,
      [childIds, startingOptions],
    );
    return new Map(rows.map((r) => [r.child_id, { reference: r.reference, discussedAt: new Date(r.discussed_at) }]));
  }

  /** Each child's latest ICPC outcome, if any. */
  async findLatestIcpcOutcomes(
    manager: EntityManager,
    childIds: readonly string[],
  ): Promise<Map<string, { outcome: ConferenceOutcome; recordedAt: Date }>> {
    const rows: { child_id: string; outcome: ConferenceOutcome; recorded_at: Date }[] = await manager.query(
      `SELECT DISTINCT ON (o.child_id) o.child_id, o.outcome, o.recorded_at
         FROM conference_outcomes o JOIN meetings m ON m.id = o.meeting_id AND m.meeting_type = 'icpc'
        WHERE o.child_id = ANY($1::uuid[])
        ORDER BY o.child_id, o.recorded_at DESC, o.id`,
      [childIds],
    );
    return new Map(rows.map((r) => [r.child_id, { outcome: r.outcome, recordedAt: new Date(r.recorded_at) }]));
  }
}
