import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { RestrictionKind } from '@roundtable/shared/templates';
import type { DataSource, EntityManager } from 'typeorm';
import { memberHasAccessAtSql } from '../meetings/member-access';
import type { Recipient, Reminder } from './reminder-rules';

interface MeetingColumns {
  meetingId: string;
  reference: string;
  meetingType: MeetingType;
}

export interface OverdueActionRow extends MeetingColumns {
  actionId: string;
  dueAt: Date;
  ownerUserId: string;
  createdBy: string;
  restriction: RestrictionKind | null;
}

export interface ClockedMeetingRow extends MeetingColumns {
  status: MeetingStatus;
  concludedAt: Date | null;
  reviewDate: string | null;
}

export interface OpenEscalationRow extends MeetingColumns {
  dissentId: string;
  dissentingAgency: Agency;
  lastStepId: string;
  lastStepAt: Date;
}

export interface UpcomingMeetingRow extends MeetingColumns {
  scheduledAt: Date;
}

export interface PendingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

const MEETING = `m.id AS "meetingId", m.reference, m.meeting_type AS "meetingType"`;

/**
 * The reminders' reads (what is overdue, due or soon, by the Clock's `now`,
 * never the database's) and the `reminders` table: each reminder claimed
 * once under its unique key, and its email until it has gone.
 */
@Injectable()
export class RemindersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open actions past due, except those carried over to a review (follow-up continues on the copy). */
  findOverdueActions(now: Date): Promise<OverdueActionRow[]> {
    return this.dataSource.query(
      `SELECT a.id AS "actionId", a.due_at AS "dueAt", a.owner_user_id AS "ownerUserId", a.created_by AS "createdBy",
              a.restriction, ${MEETING}
         FROM actions a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.status = 'open' AND a.due_at < $1
          AND NOT EXISTS (SELECT 1 FROM actions c WHERE c.carried_from_action_id = a.id)
        ORDER BY a.due_at, a.id`,
      [now],
    );
  }

  /**
   * Meetings whose statutory clocks may run: live ones, those concluded in the
   * last `lookbackDays` (record circulation, ICPC), those with a review date
   * or a review discussion still to come, and scheduled ones with a local
   * authority decision already recorded.
   */
  findClockedMeetings(now: Date, lookbackDays: number): Promise<ClockedMeetingRow[]> {
    return this.dataSource.query(
      `SELECT ${MEETING}, m.status, m.concluded_at AS "concludedAt", to_char(m.review_date, 'YYYY-MM-DD') AS "reviewDate"
         FROM meetings m
        WHERE m.status = 'live'
           OR (m.status = 'concluded' AND m.concluded_at > $1::timestamptz - make_interval(days => $2))
           OR m.review_date >= ($1::timestamptz - make_interval(days => $2))::date
           OR EXISTS (SELECT 1 FROM meetings r WHERE r.review_of_meeting_id = m.id AND r.started_at IS NULL)
           -- A local authority decision (which may start s47, and the ICPC clock) before the meeting started.
           OR (m.status = 'scheduled'
               AND EXISTS (SELECT 1 FROM decisions d JOIN la_decisions l ON l.decision_id = d.id WHERE d.meeting_id = m.id))
        ORDER BY m.id`,
      [now, lookbackDays],
    );
  }

  /**
   * Children with an active child protection plan: the ICPC that started it
   * (the reference reminders name) and who answers for the plan's clocks,
   * the child's LCPP and the plan's lead professional (enabled accounts).
   */
  async findChildrenOnPlans(): Promise<(MeetingColumns & { childId: string; recipients: Recipient[] })[]> {
    const rows = (await this.dataSource.query(
      `SELECT c.id AS "childId", ${MEETING},
              coalesce((SELECT json_agg(json_build_object('userId', u.id, 'agency', u.agency) ORDER BY u.id)
                          FROM users u
                         WHERE u.id IN (c.lcpp_user_id, p.lead_professional_user_id) AND u.disabled_at IS NULL),
                       '[]'::json) AS people
         FROM children c
         JOIN child_protection_plans p ON p.child_id = c.id AND p.status = 'active'
         JOIN meetings m ON m.id = p.started_by_meeting_id
        ORDER BY c.id`,
    )) as (MeetingColumns & { childId: string; people: { userId: string; agency: Agency }[] })[];
    return rows.map(({ people, ...row }) => ({
      ...row,
      recipients: people.map((person) => ({ ...person, role: 'participant' as const })),
    }));
  }

  /** Open escalations whose latest step was recorded before `before`. */
  findStaleEscalations(before: Date): Promise<OpenEscalationRow[]> {
    return this.dataSource.query(
      `SELECT ds.id AS "dissentId", ds.agency AS "dissentingAgency", last.id AS "lastStepId",
              last.recorded_at AS "lastStepAt", ${MEETING}
         FROM escalations e
         JOIN dissents ds ON ds.id = e.dissent_id
         JOIN decisions d ON d.id = ds.decision_id
         JOIN meetings m ON m.id = d.meeting_id
         JOIN LATERAL (SELECT st.id, st.recorded_at FROM escalation_steps st WHERE st.dissent_id = e.dissent_id
                        ORDER BY st.recorded_at DESC, st.id DESC LIMIT 1) last ON true
        WHERE e.status = 'open' AND last.recorded_at < $1
        ORDER BY last.recorded_at, ds.id`,
      [before],
    );
  }

  /** Scheduled meetings starting after `now` and no later than `until`. */
  findUpcomingMeetings(now: Date, until: Date): Promise<UpcomingMeetingRow[]> {
    return this.dataSource.query(
      `SELECT ${MEETING}, m.scheduled_at AS "scheduledAt"
         FROM meetings m
        WHERE m.status = 'scheduled' AND m.scheduled_at > $1 AND m.scheduled_at <= $2
        ORDER BY m.scheduled_at, m.id`,
      [now, until],
    );
  }

  /** The members of these meetings who have access at `now` and an enabled account, by meeting. */
  async findMembers(meetingIds: readonly string[], now: Date): Promise<Map<string, Recipient[]>> {
    const byMeeting = new Map<string, Recipient[]>();
    if (meetingIds.length === 0) return byMeeting;
    const rows = (await this.dataSource.query(
      `SELECT mm.meeting_id AS "meetingId", mm.user_id AS "userId", mm.role, u.agency
         FROM meeting_members mm JOIN users u ON u.id = mm.user_id
        WHERE mm.meeting_id = ANY($1) AND u.disabled_at IS NULL AND ${memberHasAccessAtSql('mm', '$2')}
        ORDER BY mm.user_id`,
      [meetingIds, now],
    )) as { meetingId: string; userId: string; role: MeetingRole; agency: Agency }[];
    for (const { meetingId, ...member } of rows) {
      const list = byMeeting.get(meetingId) ?? [];
      list.push(member);
      byMeeting.set(meetingId, list);
    }
    return byMeeting;
  }

  /**
   * Claims the reminder under its unique key in the caller's transaction:
   * true when this call raised it, false when it was raised before (by this
   * instance or another, by this try of the job or an earlier one).
   */
  async claim(
    tx: EntityManager,
    reminder: Reminder,
    notificationId: string,
    emailWanted: boolean,
    emailText: string,
    now: Date,
  ): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO reminders (kind, subject_id, stage, recipient_user_id, meeting_id, notification_id, email_status,
                              email_subject, email_text, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT ON CONSTRAINT reminders_once DO NOTHING
       RETURNING id`,
      [
        reminder.kind,
        reminder.subjectId,
        reminder.stage,
        reminder.recipientUserId,
        reminder.meetingId,
        notificationId,
        emailWanted ? 'pending' : 'not-wanted',
        reminder.emailSubject,
        emailText,
        now,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Whether the reminder was raised already (a cheap look before building a notification). */
  async exists(reminder: Reminder): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM reminders WHERE kind = $1 AND subject_id = $2 AND stage = $3 AND recipient_user_id = $4`,
      [reminder.kind, reminder.subjectId, reminder.stage, reminder.recipientUserId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The ids of reminders whose email is still to go, oldest first. */
  async pendingEmailIds(limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM reminders WHERE email_status = 'pending' ORDER BY raised_at, id LIMIT $1`,
      [limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Locks a reminder whose email is still to go, for the caller's transaction
   * (another instance skips it), with its recipient's address; null when it
   * has gone or another instance holds it.
   */
  async lockPendingEmail(tx: EntityManager, id: string): Promise<PendingEmail | null> {
    const rows = (await tx.query(
      `SELECT r.id, u.email AS "to", r.email_subject AS subject, r.email_text AS text
         FROM reminders r JOIN users u ON u.id = r.recipient_user_id
        WHERE r.id = $1 AND r.email_status = 'pending'
        FOR UPDATE OF r SKIP LOCKED`,
      [id],
    )) as PendingEmail[];
    return rows[0] ?? null;
  }

  async markEmailed(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.query(`UPDATE reminders SET email_status = 'sent', emailed_at = $2 WHERE id = $1`, [id, at]);
  }
}
