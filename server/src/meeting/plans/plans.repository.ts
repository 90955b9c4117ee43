import { Injectable } from '@nestjs/common';
import type { CpCategory, MeetingType, PlanContent, PlanStatus, StepDownTarget } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';

/** A child protection plan as stored (child_protection_plans), with the meetings it names. */
export interface PlanRow {
  id: string;
  childId: string;
  status: PlanStatus;
  startedAt: Date;
  startedByMeeting: { id: string; reference: string; startedAt: Date | null };
  initialCategories: CpCategory[];
  latestCategories: CpCategory[];
  leadProfessionalUserId: string | null;
  coreGroupUserIds: string[];
  endedAt: Date | null;
  endedByMeeting: { id: string; reference: string } | null;
  stepDown: StepDownTarget | null;
}

/** One version of a plan (plan_versions), with the meeting it was changed in. */
export interface PlanVersionRow {
  planId: string;
  version: number;
  content: PlanContent;
  hash: string;
  changedBy: string;
  changedAt: Date;
  meeting: { id: string; reference: string; type: MeetingType } | null;
}

export interface NewPlan {
  childId: string;
  startedByMeetingId: string;
  categories: readonly CpCategory[];
  leadProfessionalUserId: string;
  coreGroupUserIds: readonly string[];
}

export interface NewPlanVersion {
  planId: string;
  version: number;
  content: PlanContent;
  hash: string;
  changedBy: string;
  meetingId: string | null;
}

/** A plan meeting about the child that the user belongs to. */
export interface PlanMeetingMembership {
  meetingId: string;
  type: MeetingType;
  status: 'scheduled' | 'live' | 'concluded';
  role: string;
}

/** What the user is to the child and the child's latest plan: the facts the plan's access rules need. */
export interface PlanAccessFacts {
  lcpp: boolean;
  teamManager: boolean;
  leadProfessional: boolean;
  coreGroup: boolean;
  planMeetings: PlanMeetingMembership[];
}

/** The meetings of the plan's life (shared PLAN_MEETING_TYPES), as SQL. */
const PLAN_MEETING_TYPES_SQL = `('icpc', 'core-group', 'review-conference')`;

const PLAN_COLUMNS = `p.id, p.child_id, p.status, p.started_at, p.started_by_meeting_id, sm.reference AS started_by_reference,
  sm.started_at AS started_by_started_at, p.initial_categories, p.latest_categories, p.lead_professional_user_id,
  p.core_group_user_ids, p.ended_at, p.ended_by_meeting_id, em.reference AS ended_by_reference, p.step_down`;
const PLAN_JOINS = `JOIN meetings sm ON sm.id = p.started_by_meeting_id LEFT JOIN meetings em ON em.id = p.ended_by_meeting_id`;

interface PlanDbRow {
  id: string;
  child_id: string;
  status: PlanStatus;
  started_at: Date;
  started_by_meeting_id: string;
  started_by_reference: string;
  started_by_started_at: Date | null;
  initial_categories: CpCategory[];
  latest_categories: CpCategory[];
  lead_professional_user_id: string | null;
  core_group_user_ids: string[];
  ended_at: Date | null;
  ended_by_meeting_id: string | null;
  ended_by_reference: string | null;
  step_down: StepDownTarget | null;
}

function toPlanRow(r: PlanDbRow): PlanRow {
  return {
    id: r.id,
    childId: r.child_id,
    status: r.status,
    startedAt: new Date(r.started_at),
    startedByMeeting: {
      id: r.started_by_meeting_id,
      reference: r.started_by_reference,
      startedAt: r.started_by_started_at ? new Date(r.started_by_started_at) : null,
    },
    initialCategories: r.initial_categories,
    latestCategories: r.latest_categories,
    leadProfessionalUserId: r.lead_professional_user_id,
    coreGroupUserIds: r.core_group_user_ids,
    endedAt: r.ended_at ? new Date(r.ended_at) : null,
    endedByMeeting:
      r.ended_by_meeting_id && r.ended_by_reference
        ? { id: r.ended_by_meeting_id, reference: r.ended_by_reference }
        : null,
    stepDown: r.step_down,
  };
}

/**
 * Child protection plans, their versions and the reviews meetings make of
 * them (child_protection_plans, plan_versions, meeting_plan_reviews). Plan
 * versions and reviews are recorded facts: only ever inserted (the tables
 * refuse anything else). Every method runs in the caller's manager.
 */
@Injectable()
export class PlansRepository {
  /** Each child's latest plan (active or ended), in one query. */
  async findLatestPlans(manager: EntityManager, childIds: readonly string[]): Promise<PlanRow[]> {
    if (childIds.length === 0) return [];
    const rows: PlanDbRow[] = await manager.query(
      `SELECT DISTINCT ON (p.child_id) ${PLAN_COLUMNS}
         FROM child_protection_plans p ${PLAN_JOINS}
        WHERE p.child_id = ANY($1::uuid[])
        ORDER BY p.child_id, (p.status = 'active') DESC, p.started_at DESC, p.id`,
      [childIds],
    );
    return rows.map(toPlanRow);
  }

  /** The child's latest plan, locked FOR UPDATE (changes to one plan apply one at a time); null when none. */
  async lockLatestPlan(tx: EntityManager, childId: string): Promise<PlanRow | null> {
    const rows: PlanDbRow[] = await tx.query(
      `SELECT ${PLAN_COLUMNS}
         FROM child_protection_plans p ${PLAN_JOINS}
        WHERE p.child_id = $1
        ORDER BY (p.status = 'active') DESC, p.started_at DESC, p.id
        LIMIT 1
          FOR UPDATE OF p`,
      [childId],
    );
    return rows[0] ? toPlanRow(rows[0]) : null;
  }

  /** The child's active plan, locked FOR UPDATE; null when the child has none. */
  async lockActivePlan(tx: EntityManager, childId: string): Promise<PlanRow | null> {
    const plan = await this.lockLatestPlan(tx, childId);
    return plan?.status === 'active' ? plan : null;
  }

  /** Versions of the plans, oldest first; only each plan's current (highest) one with `currentOnly`. */
  async findVersions(
    manager: EntityManager,
    planIds: readonly string[],
    currentOnly: boolean,
  ): Promise<PlanVersionRow[]> {
    if (planIds.length === 0) return [];
    const rows: {
      plan_id: string;
      version: number;
      content: PlanContent;
      hash: string;
      changed_by: string;
      changed_at: Date;
      meeting_id: string | null;
      meeting_reference: string | null;
      meeting_type: MeetingType | null;
    }[] = await manager.query(
      `SELECT ${currentOnly ? 'DISTINCT ON (v.plan_id)' : ''} v.plan_id, v.version, v.content, v.hash, v.changed_by,
              v.changed_at, v.meeting_id, m.reference AS meeting_reference, m.meeting_type
         FROM plan_versions v LEFT JOIN meetings m ON m.id = v.meeting_id
        WHERE v.plan_id = ANY($1::uuid[])
        ORDER BY v.plan_id, v.version ${currentOnly ? 'DESC' : 'ASC'}`,
      [planIds],
    );
    return rows.map((r) => ({
      planId: r.plan_id,
      version: r.version,
      content: r.content,
      hash: r.hash,
      changedBy: r.changed_by,
      changedAt: new Date(r.changed_at),
      meeting:
        r.meeting_id && r.meeting_reference && r.meeting_type
          ? { id: r.meeting_id, reference: r.meeting_reference, type: r.meeting_type }
          : null,
    }));
  }

  /** Starts a plan (active, initial and latest categories the same); returns its id. */
  async insertPlan(tx: EntityManager, plan: NewPlan): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO child_protection_plans
         (child_id, started_at, started_by_meeting_id, initial_categories, latest_categories, lead_professional_user_id,
          core_group_user_ids)
       VALUES ($1, clock_timestamp(), $2, $3::text[], $3::text[], $4, $5::uuid[])
       RETURNING id`,
      [plan.childId, plan.startedByMeetingId, plan.categories, plan.leadProfessionalUserId, plan.coreGroupUserIds],
    );
    return rows[0]!.id;
  }

  async insertVersion(tx: EntityManager, version: NewPlanVersion): Promise<void> {
    await tx.query(
      `INSERT INTO plan_versions (plan_id, version, content, hash, changed_by, changed_at, meeting_id)
       VALUES ($1, $2, $3::jsonb, $4, $5, clock_timestamp(), $6)`,
      [
        version.planId,
        version.version,
        JSON.stringify(version.content),
        version.hash,
        version.changedBy,
        version.meetingId,
      ],
    );
  }

  /** A review conference's new categories for the plan (the CIN census's "latest category"). */
  async setLatestCategories(tx: EntityManager, planId: string, categories: readonly CpCategory[]): Promise<void> {
    await tx.query(`UPDATE child_protection_plans SET latest_categories = $2::text[] WHERE id = $1`, [
      planId,
      categories,
    ]);
  }

  /** Ends the plan now, by the meeting, stepping down to `stepDown`. */
  async endPlan(tx: EntityManager, planId: string, meetingId: string, stepDown: StepDownTarget): Promise<void> {
    await tx.query(
      `UPDATE child_protection_plans
          SET status = 'ended', ended_at = clock_timestamp(), ended_by_meeting_id = $2, step_down = $3
        WHERE id = $1`,
      [planId, meetingId, stepDown],
    );
  }

  /**
   * The plans a concluding plan meeting reviews: for each of its children,
   * the active plan or the one this meeting ended, at its current version.
   */
  async findPlansToReview(
    tx: EntityManager,
    meetingId: string,
  ): Promise<{ planId: string; childId: string; version: number; hash: string }[]> {
    const rows: { plan_id: string; child_id: string; version: number; hash: string }[] = await tx.query(
      `SELECT p.id AS plan_id, p.child_id, v.version, v.hash
         FROM meeting_children mc
         JOIN meetings m ON m.id = mc.meeting_id AND m.meeting_type IN ${PLAN_MEETING_TYPES_SQL}
         JOIN child_protection_plans p
           ON p.child_id = mc.child_id AND (p.status = 'active' OR p.ended_by_meeting_id = mc.meeting_id)
         JOIN LATERAL (SELECT version, hash FROM plan_versions WHERE plan_id = p.id ORDER BY version DESC LIMIT 1) v
           ON true
        WHERE mc.meeting_id = $1
        ORDER BY mc.position`,
      [meetingId],
    );
    return rows.map((r) => ({ planId: r.plan_id, childId: r.child_id, version: r.version, hash: r.hash }));
  }

  async insertReview(
    tx: EntityManager,
    review: { meetingId: string; planId: string; version: number; hash: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO meeting_plan_reviews (meeting_id, plan_id, version, hash, reviewed_at)
       VALUES ($1, $2, $3, $4, clock_timestamp())`,
      [review.meetingId, review.planId, review.version, review.hash],
    );
  }

  /** The plan versions a meeting reviewed, with the child's name as the meeting lists them. */
  async findReviewsOfMeeting(
    manager: EntityManager,
    meetingId: string,
  ): Promise<{ childName: string; version: number; hash: string; reviewedAt: Date }[]> {
    const rows: { child_name: string; version: number; hash: string; reviewed_at: Date }[] = await manager.query(
      `SELECT mc.name AS child_name, r.version, r.hash, r.reviewed_at
         FROM meeting_plan_reviews r
         JOIN child_protection_plans p ON p.id = r.plan_id
         JOIN meeting_children mc ON mc.meeting_id = r.meeting_id AND mc.child_id = p.child_id
        WHERE r.meeting_id = $1
        ORDER BY mc.position`,
      [meetingId],
    );
    return rows.map((r) => ({
      childName: r.child_name,
      version: r.version,
      hash: r.hash,
      reviewedAt: new Date(r.reviewed_at),
    }));
  }

  /**
   * What the user is to the child (LCPP, a team manager in the LCPP's
   * organisation), to the child's latest plan (lead professional, core group)
   * and which plan meetings about the child they belong to. Null when the
   * child does not exist.
   */
  async findAccessFacts(manager: EntityManager, childId: string, userId: string): Promise<PlanAccessFacts | null> {
    const rows: {
      lcpp: boolean;
      team_manager: boolean;
      lead_professional: boolean;
      core_group: boolean;
      plan_meetings: PlanMeetingMembership[];
    }[] = await manager.query(
      `SELECT c.lcpp_user_id IS NOT DISTINCT FROM $2::uuid AS lcpp,
              EXISTS (SELECT 1 FROM users manager JOIN users lcpp ON lcpp.id = c.lcpp_user_id
                       WHERE manager.id = $2 AND manager.team_manager
                         AND manager.organisation IS NOT DISTINCT FROM lcpp.organisation) AS team_manager,
              COALESCE(p.lead_professional_user_id = $2, false) AS lead_professional,
              COALESCE($2 = ANY(p.core_group_user_ids), false) AS core_group,
              COALESCE((SELECT json_agg(json_build_object('meetingId', m.id, 'type', m.meeting_type,
                                                          'status', m.status, 'role', mm.role))
                          FROM meeting_children mc
                          JOIN meetings m ON m.id = mc.meeting_id AND m.meeting_type IN ${PLAN_MEETING_TYPES_SQL}
                          JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = $2
                           AND ${memberHasAccessSql('mm')}
                         WHERE mc.child_id = c.id), '[]'::json) AS plan_meetings
         FROM children c
         LEFT JOIN LATERAL (SELECT lead_professional_user_id, core_group_user_ids FROM child_protection_plans
                             WHERE child_id = c.id ORDER BY (status = 'active') DESC, started_at DESC, id LIMIT 1) p
           ON true
        WHERE c.id = $1`,
      [childId, userId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      lcpp: row.lcpp,
      teamManager: row.team_manager,
      leadProfessional: row.lead_professional,
      coreGroup: row.core_group,
      planMeetings: row.plan_meetings,
    };
  }
}
