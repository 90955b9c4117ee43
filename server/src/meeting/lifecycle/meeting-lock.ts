import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { canManageMeeting } from '@roundtable/shared/permissions';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meetings.service';

/** A meeting row, locked for the rest of the transaction, with the caller's role in it. */
export interface LockedMeeting {
  id: string;
  reference: string;
  status: MeetingStatus;
  role: MeetingRole;
  reviewDate: string | null;
}

/**
 * Locks the meeting row and reads the caller's role; MeetingNotFound for a
 * non-member, exactly as for a meeting that does not exist. `update` for
 * lifecycle moves (start, conclude), which then wait for changes in flight
 * (they hold `share`) and are never interleaved with them.
 */
export async function lockMeeting(
  tx: EntityManager,
  meetingId: string,
  userId: string,
  mode: 'update' | 'share',
): Promise<LockedMeeting> {
  const rows: { reference: string; status: MeetingStatus; role: MeetingRole; review_date: string | null }[] =
    await tx.query(
      `SELECT m.reference, m.status, mm.role, to_char(m.review_date, 'YYYY-MM-DD') AS review_date
         FROM meetings m
         JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = $2
        WHERE m.id = $1
          FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'} OF m`,
      [meetingId, userId],
    );
  const row = rows[0];
  if (!row) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
  return { id: meetingId, reference: row.reference, status: row.status, role: row.role, reviewDate: row.review_date };
}

/** Forbidden unless the caller may run the meeting (its chair). */
export function requireChair(meeting: LockedMeeting, action: string): void {
  if (!canManageMeeting(meeting.role)) throw new DomainError('Forbidden', `Only the chair can ${action}`);
}
