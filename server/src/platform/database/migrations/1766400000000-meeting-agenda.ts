import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = ['agenda.moved'];

/**
 * The agenda of a live meeting: the section of the record the chair has moved
 * the discussion to. One row per meeting, written only by `agenda:set`. A
 * table of its own rather than columns on `meetings`: every change to a
 * meeting holds that row FOR SHARE, and two moves upgrading their share locks
 * on it at once would deadlock; here concurrent moves queue on this row.
 */
export class MeetingAgenda1766400000000 implements MigrationInterface {
  name = 'MeetingAgenda1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meeting_agendas (
        meeting_id uuid PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        section_key text NULL CHECK (section_key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        revision integer NOT NULL CHECK (revision > 0),
        moved_by uuid NOT NULL REFERENCES users(id),
        moved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // The 'agenda.moved' audit type stays allowed: audit rows are never removed, and some may use it.
    await q.query(`DROP TABLE meeting_agendas`);
  }
}
