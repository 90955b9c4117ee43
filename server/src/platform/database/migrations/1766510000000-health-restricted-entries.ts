import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

// Frozen copies: the restriction kinds before and after, and the audit event types this migration adds.
const KINDS_BEFORE = ['police-restricted', 'not-for-family'];
const KINDS_AFTER = ['police-restricted', 'health-restricted', 'not-for-family'];
const ADDED_AUDIT_TYPES = ['entry.flag-refused'];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Restricted entries (docs/SECURITY.md "Restricted entries"): agency views and
 * actions may also be flagged "health restricted", and a refused change of a
 * flag is audited (`entry.flag-refused`).
 */
export class HealthRestrictedEntries1766510000000 implements MigrationInterface {
  name = 'HealthRestrictedEntries1766510000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['actions', 'agency_views']) await setKinds(q, table, KINDS_AFTER);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // Health-restricted entries stay restricted going down: as police restricted, the narrower audience
    // that exists before this migration, never as unrestricted. agency_views' guard allows a change of restriction.
    for (const table of ['actions', 'agency_views']) {
      await q.query(`UPDATE ${table} SET restriction = 'police-restricted' WHERE restriction = 'health-restricted'`);
      await setKinds(q, table, KINDS_BEFORE);
    }
    // The 'entry.flag-refused' audit type stays allowed: audit rows are never removed, and some may use it.
  }
}

async function setKinds(q: QueryRunner, table: string, kinds: readonly string[]): Promise<void> {
  await q.query(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_restriction_check`);
  await q.query(
    `ALTER TABLE ${table} ADD CONSTRAINT ${table}_restriction_check CHECK (restriction IN (${list(kinds)}))`,
  );
}
