import { Injectable } from '@nestjs/common';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { EntityManager } from 'typeorm';
import type { LockedMeeting } from './meeting-lock';
import { memberHasAccessSql } from './member-access';

/**
 * Locks on a meeting's row, taken inside the caller's transaction: lifecycle
 * moves (start, conclude) lock it for update, so they wait for changes in
 * flight (which hold it for share) and are never interleaved with them.
 * Holds no state: every method runs on the caller's transaction.
 */
@Injectable()
export class MeetingLockRepository {
  /**
   * Locks the meeting row (FOR UPDATE or FOR SHARE) and reads it with the
   * caller's role; null for a non-member, exactly as for a meeting that does
   * not exist.
   */
  async lockForMember(
    tx: EntityManager,
    meetingId: string,
    userId: string,
    mode: 'update' | 'share',
  ): Promise<LockedMeeting | null> {
    const rows: { reference: string; status: MeetingStatus; role: MeetingRole; review_date: string | null }[] =
      await tx.query(
        `SELECT m.reference, m.status, mm.role, to_char(m.review_date, 'YYYY-MM-DD') AS review_date
           FROM meetings m
           JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}
          WHERE m.id = $1
            FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'} OF m`,
        [meetingId, userId],
      );
    const row = rows[0];
    if (!row) return null;
    return { id: meetingId, reference: row.reference, status: row.status, role: row.role, reviewDate: row.review_date };
  }

  /** The caller's role, with the meeting row share-locked until the transaction ends; null for a non-member. */
  async shareLockRole(tx: EntityManager, meetingId: string, userId: string): Promise<MeetingRole | null> {
    const rows: { role: MeetingRole }[] = await tx.query(
      `SELECT mm.role
         FROM meetings m
         JOIN meeting_members mm ON mm.meeting_id = m.id AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}
        WHERE m.id = $1
          FOR SHARE OF m`,
      [meetingId, userId],
    );
    return rows[0]?.role ?? null;
  }

  /** The meeting's status read inside the caller's transaction (which has locked the row), or null. */
  async findStatus(tx: EntityManager, meetingId: string): Promise<MeetingStatus | null> {
    const rows: { status: MeetingStatus }[] = await tx.query('SELECT status FROM meetings WHERE id = $1', [meetingId]);
    return rows[0]?.status ?? null;
  }
}
