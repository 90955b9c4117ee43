import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A child on a meeting (meeting_children): `id` is what decisions and actions name, `childId` the child's record. */
export interface MeetingChildRow {
  id: string;
  childId: string;
  name: string;
  position: number;
}

/** Which children a meeting is about, changed before it concludes (meeting_children, meeting_child_removals). */
@Injectable()
export class MeetingChildrenRepository {
  /** The meeting's children in their order, read in the caller's transaction (which has locked the meeting). */
  findOnMeeting(tx: EntityManager, meetingId: string): Promise<MeetingChildRow[]> {
    return tx.query(
      `SELECT id, child_id AS "childId", name, position FROM meeting_children WHERE meeting_id = $1 ORDER BY position`,
      [meetingId],
    );
  }

  /** Puts a child on the meeting after the others, recording who added them. */
  async insert(
    tx: EntityManager,
    child: { meetingId: string; childId: string; name: string; dateOfBirth: string | null; addedBy: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO meeting_children (meeting_id, child_id, name, date_of_birth, position, added_by)
       SELECT $1, $2, $3, $4, coalesce(max(position) + 1, 0), $5 FROM meeting_children WHERE meeting_id = $1`,
      [child.meetingId, child.childId, child.name, child.dateOfBirth, child.addedBy],
    );
  }

  /** How many decisions name this child of the meeting (decision_children). */
  async countDecisionsNaming(tx: EntityManager, meetingChildId: string): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS count FROM decision_children WHERE child_id = $1`, [
      meetingChildId,
    ])) as { count: number }[];
    return row!.count;
  }

  /** How many of the meeting's actions are about this child. */
  async countActionsNaming(tx: EntityManager, meetingChildId: string): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS count FROM actions WHERE child_id = $1`, [
      meetingChildId,
    ])) as { count: number }[];
    return row!.count;
  }

  /** Takes the child off the meeting and records the removal (append-only), in the caller's transaction. */
  async remove(tx: EntityManager, removal: { meetingChildId: string; removedBy: string }): Promise<void> {
    // The removal keeps when (and by whom) the child had been added: the row that said so goes.
    await tx.query(
      `WITH removed AS (DELETE FROM meeting_children WHERE id = $1 RETURNING meeting_id, child_id, added_at, added_by)
       INSERT INTO meeting_child_removals (meeting_id, child_id, removed_by, added_at, added_by)
       SELECT meeting_id, child_id, $2, added_at, added_by FROM removed`,
      [removal.meetingChildId, removal.removedBy],
    );
  }
}
