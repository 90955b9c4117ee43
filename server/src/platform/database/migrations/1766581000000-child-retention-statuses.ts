import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written (shared/src/retention.ts, audit.ts).
const ADDED_AUDIT_TYPES = ['retention.child-status-recorded'];
const KINDS = ['looked-after', 'adopted'];
const APP_ROLE = 'roundtable_app';
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * What marks a child's records for the longer retention periods
 * (docs/RETENTION.md, DOMAIN.md §6): a child who is or was looked after
 * (records kept until their 75th birthday) and an adopted child (100 years
 * from the adoption order). One row per child and kind, recorded by an
 * administrator with the date and the reason, and never changed or removed
 * (a mark only ever lengthens retention): append-only like the other recorded
 * facts, except inside the retention run's destruction gate, when the child's
 * record itself goes.
 */
export class ChildRetentionStatuses1766581000000 implements MigrationInterface {
  name = 'ChildRetentionStatuses1766581000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE child_retention_statuses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id uuid NOT NULL REFERENCES children(id),
        kind text NOT NULL CHECK (kind IN (${list(KINDS)})),
        since date NOT NULL,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 2000),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (child_id, kind)
      )`);
    await q.query(`
      CREATE TRIGGER child_retention_statuses_append_only BEFORE UPDATE OR DELETE ON child_retention_statuses
      FOR EACH ROW WHEN ((NOT public.retention_destroying())) EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`
      CREATE TRIGGER child_retention_statuses_no_truncate BEFORE TRUNCATE ON child_retention_statuses
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT, DELETE ON child_retention_statuses TO ${APP_ROLE};
        END IF;
      END $$`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE child_retention_statuses`);
  }
}
