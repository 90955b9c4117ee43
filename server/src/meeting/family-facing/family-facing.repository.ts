import { Injectable } from '@nestjs/common';
import type { FamilyFacingItem, FamilyFacingItemType } from '@roundtable/shared/need-to-know';
import type { EntityManager } from 'typeorm';

/** `family_facing_items`: one row per item the chair has marked family-facing. */
@Injectable()
export class FamilyFacingRepository {
  /** Every mark of the meeting, in a stable order (type, then id). */
  async list(manager: EntityManager, meetingId: string): Promise<FamilyFacingItem[]> {
    const rows = (await manager.query(
      `SELECT item_type, item_id FROM family_facing_items WHERE meeting_id = $1 ORDER BY item_type, item_id`,
      [meetingId],
    )) as { item_type: FamilyFacingItemType; item_id: string }[];
    return rows.map((r) => ({ type: r.item_type, id: r.item_id }));
  }

  /** Marks an item; true when it was not marked before. */
  async mark(tx: EntityManager, meetingId: string, item: FamilyFacingItem, userId: string): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO family_facing_items (meeting_id, item_type, item_id, marked_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING item_id`,
      [meetingId, item.type, item.id, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Takes a mark away; true when there was one. */
  async unmark(tx: EntityManager, meetingId: string, item: FamilyFacingItem): Promise<boolean> {
    const [, affected] = (await tx.query(
      `DELETE FROM family_facing_items WHERE meeting_id = $1 AND item_type = $2 AND item_id = $3`,
      [meetingId, item.type, item.id],
    )) as [unknown, number];
    return affected > 0;
  }

  /**
   * Whether an entry of this kind with this id belongs to the meeting: a
   * decision (for its reasons), an agency view, a dissent or an action.
   */
  async entryExists(
    manager: EntityManager,
    meetingId: string,
    type: Exclude<FamilyFacingItemType, 'section'>,
    id: string,
  ): Promise<boolean> {
    const sql: Record<typeof type, string> = {
      'decision-reasons': `SELECT 1 FROM decisions WHERE id = $2 AND meeting_id = $1`,
      view: `SELECT 1 FROM agency_views v JOIN decisions d ON d.id = v.decision_id WHERE v.id = $2 AND d.meeting_id = $1`,
      dissent: `SELECT 1 FROM dissents x JOIN decisions d ON d.id = x.decision_id WHERE x.id = $2 AND d.meeting_id = $1`,
      action: `SELECT 1 FROM actions WHERE id = $2 AND meeting_id = $1`,
    };
    const rows = (await manager.query(sql[type], [meetingId, id])) as unknown[];
    return rows.length > 0;
  }
}
