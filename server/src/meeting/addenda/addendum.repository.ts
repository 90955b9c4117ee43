import { Injectable } from '@nestjs/common';
import type { AddendumResponse } from '@roundtable/shared/lifecycle';
import type { EntityManager } from 'typeorm';
import { PeopleRepository } from '../../identity';
import { type AddendumRow, toAddendumResponse } from './addendum.mapper';

/** Addenda to concluded records (meeting_addenda), inside the caller's transaction. */
@Injectable()
export class AddendumRepository {
  constructor(private readonly people: PeopleRepository) {}

  /** Every addendum of the meeting with the people it names, oldest first. */
  async findByMeeting(tx: EntityManager, meetingId: string): Promise<AddendumResponse[]> {
    const rows: AddendumRow[] = await tx.query(
      `SELECT id, meeting_id, section_key, text, added_by, added_at, signed_off_by, signed_off_at
         FROM meeting_addenda WHERE meeting_id = $1 ORDER BY added_at, id`,
      [meetingId],
    );
    const people = await this.people.load(
      tx,
      rows.flatMap((r) => [r.added_by, r.signed_off_by]),
    );
    return rows.map((row) => toAddendumResponse(row, people));
  }

  /** Inserts an addendum and returns its id. */
  async insert(
    tx: EntityManager,
    addendum: { meetingId: string; sectionKey: string; text: string; addedBy: string },
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO meeting_addenda (meeting_id, section_key, text, added_by) VALUES ($1, $2, $3, $4) RETURNING id`,
      [addendum.meetingId, addendum.sectionKey, addendum.text, addendum.addedBy],
    )) as { id: string }[];
    if (!row) throw new Error('addendum not inserted');
    return row.id;
  }

  /** Locks the meeting's addendum FOR UPDATE and reads when it was signed off; null when the meeting has no such addendum. */
  async lockForSignOff(
    tx: EntityManager,
    meetingId: string,
    addendumId: string,
  ): Promise<{ signedOffAt: Date | null } | null> {
    const rows: { signed_off_at: Date | null }[] = await tx.query(
      `SELECT signed_off_at FROM meeting_addenda WHERE id = $1 AND meeting_id = $2 FOR UPDATE`,
      [addendumId, meetingId],
    );
    const row = rows[0];
    return row ? { signedOffAt: row.signed_off_at } : null;
  }

  /** Records the chair's sign-off, now. */
  async markSignedOff(tx: EntityManager, addendumId: string, userId: string): Promise<void> {
    await tx.query(`UPDATE meeting_addenda SET signed_off_by = $2, signed_off_at = clock_timestamp() WHERE id = $1`, [
      addendumId,
      userId,
    ]);
  }
}
