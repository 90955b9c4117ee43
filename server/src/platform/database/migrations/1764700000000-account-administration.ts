import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = ['user.created', 'user.disabled', 'user.enabled', 'user.sessions-ended'];

/** Account administration (the admin API and CLI) is audited: its event types. */
export class AccountAdministration1764700000000 implements MigrationInterface {
  name = 'AccountAdministration1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await this.changeAuditTypes(q, (types) => [...types, ...ADDED_AUDIT_TYPES.filter((t) => !types.includes(t))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.changeAuditTypes(q, (types) => types.filter((t) => !ADDED_AUDIT_TYPES.includes(t)));
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
