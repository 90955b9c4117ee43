import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
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
    await this.changeAuditTypes(q, (types) => [...types, ...ADDED_AUDIT_TYPES.filter((t) => !types.includes(t))]);
  }

  async down(q: QueryRunner): Promise<void> {
    // The 'agenda.moved' audit type stays allowed: audit rows are never removed, and some may use it.
    await q.query(`DROP TABLE meeting_agendas`);
  }

  /** Rewrites the audit type CHECK from the one in force, so other migrations' types stay. */
  private async changeAuditTypes(q: QueryRunner, change: (types: string[]) => string[]): Promise<void> {
    const [row] = (await q.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'audit_events_type_check'`,
    )) as { def: string }[];
    const current = [...(row?.def ?? '').matchAll(/'([a-z.-]+)'/g)].map((m) => m[1] as string);
    if (current.length === 0) throw new Error('audit_events_type_check not found');
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_type_check`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_type_check CHECK (type IN (${list(change(current))}))`,
    );
  }
}
