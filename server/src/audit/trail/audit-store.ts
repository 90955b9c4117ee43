import type { KeyObject } from 'node:crypto';
import type { AuditEventType, AuditOutcome } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import type { AuditCheckpoint, AuditDetails, StoredAuditEntry } from './audit-chain';
import { ChainVerifier, type VerificationReport } from './chain-verifier';

/**
 * Plain SQL reads of the audit tables, usable through TypeORM (the app's
 * AuditRepository) or a bare `pg` client (the standalone verifier, which must
 * not need the app).
 */
export type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Rows per round trip when streaming the chain. */
const BATCH = 2_000;

export interface AuditEntryRow {
  seq: string;
  occurred_at: Date;
  type: string;
  outcome: string;
  actor_user_id: string | null;
  actor_agency: string | null;
  meeting_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  details: AuditDetails;
  prev_hash: Buffer;
  hash: Buffer;
}

export function toStoredEntry(row: AuditEntryRow): StoredAuditEntry {
  return {
    seq: Number(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    type: row.type as AuditEventType,
    outcome: row.outcome as AuditOutcome,
    actorUserId: row.actor_user_id,
    actorAgency: row.actor_agency as Agency | null,
    meetingId: row.meeting_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
    prevHash: Buffer.from(row.prev_hash),
    hash: Buffer.from(row.hash),
  };
}

const ENTRY_COLUMNS =
  'seq, occurred_at, type, outcome, actor_user_id, actor_agency, meeting_id, subject_type, subject_id, details, prev_hash, hash';

/** Every checkpoint stored in the database, oldest first. */
export async function readCheckpoints(query: Query): Promise<AuditCheckpoint[]> {
  const rows = await query(
    'SELECT tree_size, head_hash, signed_at, key_id, signature, root_hash, note FROM audit_checkpoints ORDER BY tree_size',
    [],
  );
  return rows.map((r) => ({
    treeSize: Number(r.tree_size),
    headHash: Buffer.from(r.head_hash as Buffer),
    signedAt: new Date(r.signed_at as Date).toISOString(),
    keyId: r.key_id as string,
    signature: Buffer.from(r.signature as Buffer),
    tree: r.note ? { rootHash: Buffer.from(r.root_hash as Buffer), note: r.note as string } : null,
  }));
}

/** A bare node-postgres connection (a `pg` Client), as the standalone verifier holds one. */
export interface SqlConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * `verifyAuditTrail` over a bare connection, reading everything in one
 * read-only REPEATABLE READ snapshot, so entries appended while it reads
 * cannot look like tampering.
 */
export async function verifyAuditTrailSnapshot(
  connection: SqlConnection,
  publicKey: KeyObject,
  keptCheckpoints: readonly AuditCheckpoint[] = [],
): Promise<VerificationReport> {
  await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const report = await verifyAuditTrail(
    async (sql, params) => (await connection.query(sql, params)).rows,
    publicKey,
    keptCheckpoints,
  );
  await connection.query('COMMIT');
  return report;
}

/**
 * Verifies the whole chain and every checkpoint (the database's own and any
 * kept by partners), naming the first broken entry.
 */
export async function verifyAuditTrail(
  query: Query,
  publicKey: KeyObject,
  keptCheckpoints: readonly AuditCheckpoint[] = [],
): Promise<VerificationReport> {
  const stored = await readCheckpoints(query);
  // A partner's copy of a checkpoint the database has lost is still checked.
  const byKey = new Map<string, AuditCheckpoint>();
  for (const c of [...stored, ...keptCheckpoints]) {
    const key = `${c.treeSize}:${c.signature.toString('hex')}`;
    // The stored copy of the same checkpoint keeps its signed tree note.
    if (!byKey.get(key)?.tree) byKey.set(key, c);
  }
  const verifier = new ChainVerifier(publicKey, [...byKey.values()]);
  let after = 0;
  for (;;) {
    const rows = await query(`SELECT ${ENTRY_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`, [
      after,
    ]);
    for (const row of rows) verifier.add(toStoredEntry(row as unknown as AuditEntryRow));
    if (rows.length < BATCH) break;
    after = Number((rows.at(-1) as unknown as AuditEntryRow).seq);
  }
  return verifier.finish();
}
