import { Injectable } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';

/** One child of a caseload with what the database knows of them now (the pathway service adds stage and clocks). */
export interface CaseloadRow {
  id: string;
  name: string;
  dateOfBirth: string | null;
  caseSystemId: string | null;
  lcppUserId: string | null;
  lcppDisplayName: string | null;
  lcppAgency: Agency | null;
  nextMeetingId: string | null;
  nextMeetingReference: string | null;
  nextMeetingType: MeetingType | null;
  nextMeetingScheduledAt: Date | null;
  nextMeetingStatus: MeetingStatus | null;
  openActions: number;
  overdueActions: number;
  openDissent: number;
  openEscalations: number;
}

/** Whose children a caseload lists: the caller's own as LCPP, or their team's. */
export type CaseloadScope = 'lcpp' | 'team';

/** The MACPT caseload (children, their meetings, actions and dissent). */
@Injectable()
export class CaseloadRepository {
  /** True when the user is a team manager (users.team_manager). */
  async isTeamManager(tx: EntityManager, userId: string): Promise<boolean> {
    const rows: { teamManager: boolean }[] = await tx.query(
      `SELECT team_manager AS "teamManager" FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0]?.teamManager ?? false;
  }

  /**
   * The children whose LCPP is the user ('lcpp'), or is the user or anyone
   * in their organisation ('team'; an account without an organisation has
   * no team). Per child: the soonest meeting still to be held (a live one
   * first), open and overdue actions of the meetings about them (an action
   * carried over to a review counts once, in the review), dissent whose
   * escalation is open, and those escalated beyond the practitioners.
   */
  findCaseload(tx: EntityManager, userId: string, scope: CaseloadScope): Promise<CaseloadRow[]> {
    return tx.query(
      `SELECT c.id, c.name, c.date_of_birth::text AS "dateOfBirth", c.case_system_id AS "caseSystemId",
              lcpp.id AS "lcppUserId", lcpp.display_name AS "lcppDisplayName", lcpp.agency AS "lcppAgency",
              next.id AS "nextMeetingId", next.reference AS "nextMeetingReference",
              next.meeting_type AS "nextMeetingType", next.scheduled_at AS "nextMeetingScheduledAt",
              next.status AS "nextMeetingStatus",
              acts.open AS "openActions", acts.overdue AS "overdueActions",
              dis.open AS "openDissent", dis.escalated AS "openEscalations"
         FROM children c
         JOIN users lcpp ON lcpp.id = c.lcpp_user_id
         LEFT JOIN LATERAL (
           SELECT m.id, m.reference, m.meeting_type, m.scheduled_at, m.status
             FROM meetings m JOIN meeting_children mc ON mc.meeting_id = m.id
            WHERE mc.child_id = c.id AND m.status IN ('scheduled', 'live')
            ORDER BY m.status = 'live' DESC, m.scheduled_at, m.id
            LIMIT 1) next ON true
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS open, count(*) FILTER (WHERE a.due_at < now())::int AS overdue
             FROM actions a JOIN meeting_children mc ON mc.meeting_id = a.meeting_id AND mc.child_id = c.id
            WHERE a.status = 'open' AND (a.child_id IS NULL OR a.child_id = mc.id)
              AND NOT EXISTS (SELECT 1 FROM actions copy WHERE copy.carried_from_action_id = a.id)) acts
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS open,
                  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM escalation_steps st
                                                  WHERE st.dissent_id = ds.id AND st.stage <> 'practitioner'))::int
                    AS escalated
             FROM dissents ds JOIN escalations e ON e.dissent_id = ds.id AND e.status = 'open'
            WHERE EXISTS (SELECT 1 FROM decision_children dc JOIN meeting_children mc ON mc.id = dc.child_id
                           WHERE dc.decision_id = ds.decision_id AND mc.child_id = c.id)) dis
        WHERE c.lcpp_user_id = $1
           OR ($2 = 'team' AND lcpp.organisation = (SELECT organisation FROM users WHERE id = $1))
        ORDER BY c.name, c.id`,
      [userId, scope],
    );
  }
}
