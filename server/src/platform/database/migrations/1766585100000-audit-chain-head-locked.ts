import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The chain lock's key, as `AuditRepository` takes it (frozen here: a change needs its own migration). */
const CHAIN_LOCK = 'roundtable:audit-chain';

/**
 * `audit_chain_head_locked()`: takes the audit chain's lock for the calling
 * transaction, then reads the chain's head, in one round trip instead of two.
 * Every audited change appends under this lock, and a burst of record
 * openings waits on these round trips before anything is sent (docs/BENCHMARKS.md).
 *
 * The head must be read after the lock is granted. A single SELECT would not
 * do: its snapshot is taken when the statement starts, before it waits for the
 * lock, so it could miss an entry committed meanwhile and fork the chain. In
 * a VOLATILE PL/pgSQL function each statement takes a fresh snapshot (READ
 * COMMITTED), so the SELECT after PERFORM sees every entry committed before the
 * lock was granted, exactly as the two statements did.
 */
export class AuditChainHeadLocked1766585100000 implements MigrationInterface {
  name = 'AuditChainHeadLocked1766585100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_chain_head_locked() RETURNS TABLE (seq bigint, hash bytea)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('${CHAIN_LOCK}', 0));
        RETURN QUERY SELECT e.seq, e.hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_chain_head_locked()`);
  }
}
