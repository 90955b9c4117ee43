import { Injectable } from '@nestjs/common';
import type { PathwayMeeting } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';
import type { ChronologySources } from './chronology';

/**
 * Whose view of a child's record to read: `ownMeetingsOnly` cuts every
 * source to the meetings the reader belongs to (need-to-know), in SQL.
 */
export interface ChronologyScope {
  childId: string;
  readerId: string;
  ownMeetingsOnly: boolean;
}

/** Parameters of every query here: $1 the child, $2 the reader, $3 whether to cut to the reader's meetings. */
const params = (scope: ChronologyScope) => [scope.childId, scope.readerId, scope.ownMeetingsOnly];

/** True when the meeting in `column` is in the reader's view (all meetings, or one they belong to). */
const inView = (column: string) =>
  `(NOT $3 OR EXISTS (SELECT 1 FROM meeting_members rm
                       WHERE rm.meeting_id = ${column} AND rm.user_id = $2 AND ${memberHasAccessSql('rm')}))`;

/** The meeting in `alias` as a MeetingRef (json, which the driver parses), or null when a left join found none. */
const meetingRef = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL
        ELSE json_build_object('id', ${alias}.id, 'reference', ${alias}.reference, 'type', ${alias}.meeting_type) END`;

/**
 * What happened about a child in the meetings a reader may see: the sources
 * of the chronology (chronology.ts) and the list of meetings on the child's
 * page. Every query carries the reader's scope.
 */
@Injectable()
export class ChronologyRepository {
  /** The meetings about the child in the reader's view, by when they are (or were) held. */
  findMeetings(tx: EntityManager, scope: ChronologyScope): Promise<PathwayMeeting[]> {
    return tx
      .query(
        `SELECT m.id, m.reference, m.meeting_type AS type, m.scheduled_at AS "scheduledAt", m.status
           FROM meetings m JOIN meeting_children mc ON mc.meeting_id = m.id
          WHERE mc.child_id = $1 AND ${inView('m.id')}
          ORDER BY m.scheduled_at, m.id`,
        params(scope),
      )
      .then((rows: (Omit<PathwayMeeting, 'scheduledAt'> & { scheduledAt: Date })[]) =>
        rows.map((r) => ({ ...r, scheduledAt: r.scheduledAt.toISOString() })),
      );
  }

  /** Everything the chronology is built from, in the reader's view. */
  async findSources(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources> {
    const reads: { [K in keyof ChronologySources]: Promise<ChronologySources[K]> } = {
      meetings: this.meetings(tx, scope),
      removals: this.removals(tx, scope),
      decisions: this.decisions(tx, scope),
      dissents: this.dissents(tx, scope),
      outcomes: this.outcomes(tx, scope),
      plans: this.plans(tx, scope),
      planVersions: this.planVersions(tx, scope),
      planReviews: this.planReviews(tx, scope),
      actions: this.actions(tx, scope),
      sealed: this.sealed(tx, scope),
      familyPlans: this.familyPlans(tx, scope),
      familyPlanResponses: this.familyPlanResponses(tx, scope),
      supportApproved: this.supportApproved(tx, scope),
    };
    const entries = await Promise.all(Object.entries(reads).map(async ([key, read]) => [key, await read] as const));
    return Object.fromEntries(entries) as unknown as ChronologySources;
  }

  private meetings(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['meetings']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, m.created_at AS "convenedAt", m.concluded_at AS "concludedAt",
                mc.added_at AS "addedAt", mc.added_by IS NOT NULL AS "addedLater"
           FROM meetings m JOIN meeting_children mc ON mc.meeting_id = m.id
          WHERE mc.child_id = $1 AND ${inView('m.id')}`,
      params(scope),
    );
  }

  private removals(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['removals']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, r.removed_at AS "removedAt",
              CASE WHEN r.added_by IS NOT NULL THEN r.added_at END AS "addedLaterAt"
         FROM meeting_child_removals r JOIN meetings m ON m.id = r.meeting_id
        WHERE r.child_id = $1 AND ${inView('m.id')}`,
      params(scope),
    );
  }

  /** Decisions naming the child, with the local authority's decision first recorded and the one in force. */
  private decisions(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['decisions']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, d.title, d.status, d.opened_at AS "openedAt",
              d.not_reached_at AS "notReachedAt", d.options,
              original.recorded_at AS "decidedAt", current.chosen_options AS "chosenOptions",
              coalesce(current.corrects_id IS NOT NULL, false) AS corrected
         FROM decisions d
         JOIN meetings m ON m.id = d.meeting_id
         JOIN decision_children dc ON dc.decision_id = d.id
         JOIN meeting_children mc ON mc.id = dc.child_id
         LEFT JOIN la_decisions original ON original.decision_id = d.id AND original.corrects_id IS NULL
         LEFT JOIN la_decisions current ON current.decision_id = d.id
               AND NOT EXISTS (SELECT 1 FROM la_decisions later WHERE later.corrects_id = current.id)
        WHERE mc.child_id = $1 AND ${inView('m.id')}`,
      params(scope),
    );
  }

  /** Dissent from decisions naming the child, and whether its escalation is still open. */
  private dissents(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['dissents']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, ds.agency, ds.part, ds.recorded_at AS "recordedAt",
              coalesce(e.status = 'open', false) AS "escalationOpen"
         FROM dissents ds
         JOIN decisions d ON d.id = ds.decision_id
         JOIN meetings m ON m.id = d.meeting_id
         LEFT JOIN escalations e ON e.dissent_id = ds.id
        WHERE ${inView('m.id')}
          AND EXISTS (SELECT 1 FROM decision_children dc JOIN meeting_children mc ON mc.id = dc.child_id
                       WHERE dc.decision_id = d.id AND mc.child_id = $1)`,
      params(scope),
    );
  }

  private outcomes(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['outcomes']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, co.outcome, co.categories, co.step_down AS "stepDown", co.route,
              co.recorded_at AS "recordedAt"
         FROM conference_outcomes co JOIN meetings m ON m.id = co.meeting_id
        WHERE co.child_id = $1 AND ${inView('m.id')}`,
      params(scope),
    );
  }

  /** The child's plans, in view when the meeting that started them is (the service decides whether the plan is shown at all). */
  private plans(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['plans']> {
    return tx.query(
      `SELECT ${meetingRef('s')} AS "startedBy", ${meetingRef('e')} AS "endedBy", p.started_at AS "startedAt",
                p.ended_at AS "endedAt", p.step_down AS "stepDown"
           FROM child_protection_plans p
           JOIN meetings s ON s.id = p.started_by_meeting_id
           LEFT JOIN meetings e ON e.id = p.ended_by_meeting_id
          WHERE p.child_id = $1 AND ${inView('s.id')}`,
      params(scope),
    );
  }

  private planVersions(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['planVersions']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, v.version, v.changed_at AS "changedAt"
         FROM plan_versions v
         JOIN child_protection_plans p ON p.id = v.plan_id
         LEFT JOIN meetings m ON m.id = v.meeting_id
        WHERE p.child_id = $1 AND v.version > 1 AND (v.meeting_id IS NULL OR ${inView('v.meeting_id')})`,
      params(scope),
    );
  }

  private planReviews(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['planReviews']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, r.version, r.reviewed_at AS "reviewedAt"
         FROM meeting_plan_reviews r
         JOIN child_protection_plans p ON p.id = r.plan_id
         JOIN meetings m ON m.id = r.meeting_id
        WHERE p.child_id = $1 AND ${inView('m.id')}`,
      params(scope),
    );
  }

  /**
   * Actions of the meetings about the child that are about them (or about no
   * one child), with the reader's role in the action's meeting: a restricted
   * action is withheld from a reader outside its audience (chronology.ts).
   */
  private actions(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['actions']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, a.owner_agency AS "ownerAgency", a.owner_user_id AS "ownerUserId",
              a.created_by AS "createdBy", a.due_at AS "dueAt", a.status, a.restriction, a.created_at AS "createdAt",
              a.carried_from_action_id IS NOT NULL AS carried, reader.role AS "readerRole"
         FROM actions a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN meeting_children mc ON mc.meeting_id = a.meeting_id AND mc.child_id = $1
         LEFT JOIN meeting_members reader ON reader.meeting_id = a.meeting_id AND reader.user_id = $2
               AND ${memberHasAccessSql('reader')}
        WHERE (a.child_id IS NULL OR a.child_id = mc.id) AND ${inView('m.id')}`,
      params(scope),
    );
  }

  /** Each sealed version of the meetings about the child (one entry per version, whatever its variants). */
  private sealed(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['sealed']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, s.version, min(s.reason) AS reason, min(s.created_at) AS "sealedAt"
         FROM sealed_records s
         JOIN meetings m ON m.id = s.meeting_id
         JOIN meeting_children mc ON mc.meeting_id = m.id AND mc.child_id = $1
        WHERE ${inView('m.id')}
        GROUP BY m.id, s.version`,
      params(scope),
    );
  }

  /** The family's presented plans in the FGDMs about the child (version and time only). */
  private familyPlans(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['familyPlans']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, p.version, p.presented_at AS "presentedAt"
         FROM family_plan_presentations p
         JOIN meetings m ON m.id = p.meeting_id
         JOIN meeting_children mc ON mc.meeting_id = m.id AND mc.child_id = $1
        WHERE ${inView('m.id')}`,
      params(scope),
    );
  }

  /** The professionals' response to each presented plan (never the reasons). */
  private familyPlanResponses(
    tx: EntityManager,
    scope: ChronologyScope,
  ): Promise<ChronologySources['familyPlanResponses']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, p.version, r.keeps_child_safe AS "keepsChildSafe", r.outcome,
              r.recorded_at AS "recordedAt"
         FROM family_plan_responses r
         JOIN family_plan_presentations p ON p.id = r.presentation_id
         JOIN meetings m ON m.id = r.meeting_id
         JOIN meeting_children mc ON mc.meeting_id = m.id AND mc.child_id = $1
        WHERE ${inView('m.id')}`,
      params(scope),
    );
  }

  /** Approved items of the FGDMs' family network support packages (cost and whether withdrawn only). */
  private supportApproved(tx: EntityManager, scope: ChronologyScope): Promise<ChronologySources['supportApproved']> {
    return tx.query(
      `SELECT ${meetingRef('m')} AS meeting, i.cost_pence::float8 AS "costPence", i.added_at AS "addedAt",
              EXISTS (SELECT 1 FROM fgdm_support_item_withdrawals w WHERE w.item_id = i.id) AS withdrawn
         FROM fgdm_support_items i
         JOIN meetings m ON m.id = i.meeting_id
         JOIN meeting_children mc ON mc.meeting_id = m.id AND mc.child_id = $1
        WHERE i.approved AND ${inView('m.id')}`,
      params(scope),
    );
  }
}
