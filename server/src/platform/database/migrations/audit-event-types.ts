import type { QueryRunner } from 'typeorm';

/**
 * The audit trail's CHECK on event types, changed from the one in force: a
 * migration adds (or, going down, removes) only its own types, so the types
 * other migrations added stay allowed whatever order they ran in. Migrations
 * call this with frozen lists of their own, never with the live list in shared.
 */
export async function addAuditEventTypes(q: QueryRunner, added: readonly string[]): Promise<void> {
  await rewriteAuditEventTypes(q, (types) => [...types, ...added.filter((type) => !types.includes(type))]);
}

export async function removeAuditEventTypes(q: QueryRunner, removed: readonly string[]): Promise<void> {
  await rewriteAuditEventTypes(q, (types) => types.filter((type) => !removed.includes(type)));
}

async function rewriteAuditEventTypes(q: QueryRunner, change: (types: string[]) => string[]): Promise<void> {
  const [row] = (await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'audit_events_type_check'`,
  )) as { def: string }[];
  const current = [...(row?.def ?? '').matchAll(/'([a-z.-]+)'/g)].map((m) => m[1] as string);
  if (current.length === 0) throw new Error('audit_events_type_check not found');
  const allowed = change(current)
    .map((type) => `'${type}'`)
    .join(', ');
  await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_type_check`);
  await q.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_type_check CHECK (type IN (${allowed}))`);
}
