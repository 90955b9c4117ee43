import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a child was put on a meeting, and by whom when it was after convening
 * (POST /api/meetings/:id/children): the child's chronology shows "added"
 * and "removed" events. Children listed when the meeting was convened (and
 * those copied to a review) have no `added_by`; existing rows take their
 * meeting's creation time. A removal deletes the meeting_children row, so
 * meeting_child_removals keeps when and by whom the child had been added.
 */
export class MeetingChildrenAdded1766541000000 implements MigrationInterface {
  name = 'MeetingChildrenAdded1766541000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE meeting_children
        ADD COLUMN added_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN added_by uuid REFERENCES users(id)`);
    await q.query(`UPDATE meeting_children mc SET added_at = m.created_at FROM meetings m WHERE m.id = mc.meeting_id`);
    await q.query(`
      ALTER TABLE meeting_child_removals
        ADD COLUMN added_at timestamptz,
        ADD COLUMN added_by uuid REFERENCES users(id)`);
    await q.query(`CREATE INDEX meeting_child_removals_child ON meeting_child_removals (child_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX meeting_child_removals_child`);
    await q.query(`ALTER TABLE meeting_child_removals DROP COLUMN added_by, DROP COLUMN added_at`);
    await q.query(`ALTER TABLE meeting_children DROP COLUMN added_by, DROP COLUMN added_at`);
  }
}
