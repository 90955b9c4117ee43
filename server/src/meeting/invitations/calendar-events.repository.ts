import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { DataSource } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';
import type { CalendarEventVersion, InvitationMeeting } from './meeting-calendar';

/**
 * `meeting_calendar_events`: per meeting and recipient address, the calendar
 * event's stable UID and its SEQUENCE; and the few facts about a meeting an
 * invitation may carry.
 */
@Injectable()
export class CalendarEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The next version of the recipient's event: the first is SEQUENCE 0 with a
   * new UID; each later one (an update, a cancellation, an invitation again
   * after a removal) keeps the UID and adds one. One statement, so two changes
   * at once never send the same SEQUENCE twice.
   */
  async nextVersion(meetingId: string, email: string, cancelled: boolean): Promise<CalendarEventVersion> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO meeting_calendar_events (meeting_id, email, uid, sequence, cancelled)
       VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT (meeting_id, email) DO UPDATE
         SET sequence = meeting_calendar_events.sequence + 1, cancelled = EXCLUDED.cancelled, updated_at = now()
       RETURNING uid, sequence`,
      [meetingId, email.toLowerCase(), `${randomUUID()}@roundtable`, cancelled],
    )) as { uid: string; sequence: number }[];
    return row!;
  }

  /** The meeting as an invitation may describe it (type, reference, time) and its status; null if none. */
  async findMeeting(meetingId: string): Promise<(InvitationMeeting & { status: MeetingStatus }) | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, reference, meeting_type AS type, scheduled_at, status FROM meetings WHERE id = $1`,
      [meetingId],
    )) as { id: string; reference: string; type: MeetingType; scheduled_at: Date; status: MeetingStatus }[];
    return row
      ? { id: row.id, reference: row.reference, type: row.type, scheduledAt: row.scheduled_at, status: row.status }
      : null;
  }

  /** The email address of an account (active or not), or null. */
  async emailOf(userId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT email FROM users WHERE id = $1`, [userId])) as {
      email: string;
    }[];
    return row?.email ?? null;
  }

  /**
   * Who hears of a new time: every member with access whose account is
   * active, and every address holding an event not cancelled (someone invited
   * without an account who has not accepted yet).
   */
  async rescheduleRecipients(meetingId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT u.email FROM meeting_members mm JOIN users u ON u.id = mm.user_id
        WHERE mm.meeting_id = $1 AND u.disabled_at IS NULL AND ${memberHasAccessSql('mm')}
       UNION
       SELECT e.email FROM meeting_calendar_events e WHERE e.meeting_id = $1 AND NOT e.cancelled
       ORDER BY 1`,
      [meetingId],
    )) as { email: string }[];
    return rows.map((r) => r.email);
  }
}
