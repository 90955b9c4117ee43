import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

// Frozen copies as of this migration.
const ADDED_AUDIT_TYPES = ['family-facing.set'];
const ITEM_TYPES = ['section', 'decision-reasons', 'view', 'dissent', 'action'];

/**
 * What the chair has marked family-facing (docs/SEALED-RECORDS.md "The family
 * version"): a record or safety plan section (by key), a decision's reasons,
 * an agency view, a dissent or an action (by id). The family version of the
 * sealed record includes only marked items of those kinds. A row exists while
 * the mark does; taking a mark away deletes it (the audit trail keeps both).
 */
export class FamilyFacingItems1766530000000 implements MigrationInterface {
  name = 'FamilyFacingItems1766530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family_facing_items (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        item_type text NOT NULL CHECK (item_type IN (${ITEM_TYPES.map((t) => `'${t}'`).join(', ')})),
        item_id text NOT NULL CHECK (char_length(item_id) BETWEEN 1 AND 100),
        marked_by uuid NOT NULL REFERENCES users(id),
        marked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, item_type, item_id)
      )`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // The audit type stays allowed: audit rows are never removed, and some may use it.
    await q.query(`DROP TABLE family_facing_items`);
  }
}
