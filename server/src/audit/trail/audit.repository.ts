import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditCheckpoint, StoredAuditEntry } from './audit-chain';
import { readCheckpoints, verifyAuditTrail } from './audit-store';
import type { VerificationReport } from './chain-verifier';

/** The chain's last entry: what the next entry links to. */
export interface ChainHead {
  seq: number;
  hash: Buffer;
}

/** The head from the rows of a head query (none: the chain is empty). */
function toChainHead(rows: { seq: string; hash: Buffer }[]): ChainHead | null {
  const [head] = rows;
  return head ? { seq: Number(head.seq), hash: Buffer.from(head.hash) } : null;
}

/** Columns of one entry, in the order `insertEntries` binds them. */
const ENTRY_COLUMNS_COUNT = 12;

/** Where the checkpointer stands: the chain's head and the last signed checkpoint. */
export interface CheckpointState {
  headSeq: number;
  lastSize: number;
  /** Milliseconds since the epoch; 0 when nothing was signed yet. */
  lastSignedAt: number;
}

/**
 * The audit trail's tables in the app: appending to the hash chain
 * (`audit_events`), its signed checkpoints (`audit_checkpoints`) and reading
 * both back for verification. The standalone verifier reads them through
 * audit-store.ts with a bare connection; the statements are the same.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the chain lock (`pg_advisory_xact_lock` on 'roundtable:audit-chain', held until the caller's
   * transaction ends: appends are serialised from here to the commit), then reads the chain's last
   * entry as it stands once the lock is granted; null when the chain is empty. One round trip
   * (`audit_chain_head_locked()`, migration 1766585100000), not two.
   */
  async lockChainAndReadHead(tx: EntityManager): Promise<ChainHead | null> {
    return toChainHead(await tx.query(`SELECT seq, hash FROM audit_chain_head_locked()`));
  }

  /** The chain's last entry (its seq and hash), or null when it is empty. */
  async findHead(): Promise<ChainHead | null> {
    return toChainHead(await this.dataSource.query(`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`));
  }

  /** Inserts chained entries in one statement, inside the caller's transaction (which holds the chain lock). */
  async insertEntries(tx: EntityManager, entries: readonly StoredAuditEntry[]): Promise<void> {
    // 12 parameters a row: callers keep a statement well under PostgreSQL's 65,535.
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const entry of entries) {
      const n = values.length;
      rows.push(`(${Array.from({ length: ENTRY_COLUMNS_COUNT }, (_, i) => `$${n + i + 1}`).join(', ')})`);
      values.push(
        entry.seq,
        entry.occurredAt,
        entry.type,
        entry.outcome,
        entry.actorUserId,
        entry.actorAgency,
        entry.meetingId,
        entry.subjectType,
        entry.subjectId,
        JSON.stringify(entry.details),
        entry.prevHash,
        entry.hash,
      );
    }
    await tx.query(
      `INSERT INTO audit_events
         (seq, occurred_at, type, outcome, actor_user_id, actor_agency, meeting_id, subject_type, subject_id, details, prev_hash, hash)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }

  /** The chain's head seq and the last checkpoint's size and time, in one statement. */
  async checkpointState(): Promise<CheckpointState> {
    const [row] = (await this.dataSource.query(`
      SELECT (SELECT coalesce(max(seq), 0) FROM audit_events) AS head_seq,
             (SELECT coalesce(max(tree_size), 0) FROM audit_checkpoints) AS last_size,
             (SELECT max(signed_at) FROM audit_checkpoints) AS last_signed_at`)) as {
      head_seq: string;
      last_size: string;
      last_signed_at: Date | null;
    }[];
    return {
      headSeq: Number(row?.head_seq ?? 0),
      lastSize: Number(row?.last_size ?? 0),
      lastSignedAt: row?.last_signed_at ? new Date(row.last_signed_at).getTime() : 0,
    };
  }

  /**
   * Stores a signed checkpoint, with the Merkle tree's root and its C2SP signed
   * note when given; another instance may have signed the same head at the
   * same moment (one row is kept).
   */
  async insertCheckpoint(
    checkpoint: AuditCheckpoint,
    tree: { rootHash: Buffer; note: string } | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_checkpoints (tree_size, head_hash, signed_at, key_id, signature, root_hash, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tree_size) DO NOTHING`,
      [
        checkpoint.treeSize,
        checkpoint.headHash,
        checkpoint.signedAt,
        checkpoint.keyId,
        checkpoint.signature,
        tree?.rootHash ?? null,
        tree?.note ?? null,
      ],
    );
  }

  /** Every checkpoint, oldest first. */
  listCheckpoints(): Promise<AuditCheckpoint[]> {
    return readCheckpoints((sql, params) => this.dataSource.query(sql, params));
  }

  /** The latest checkpoint, or null; inside the caller's transaction (an export's snapshot). */
  async latestCheckpoint(tx: EntityManager): Promise<AuditCheckpoint | null> {
    const [row] = (await tx.query(
      `SELECT tree_size, head_hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    )) as { tree_size: string; head_hash: Buffer; signed_at: Date; key_id: string; signature: Buffer }[];
    if (!row) return null;
    return {
      treeSize: Number(row.tree_size),
      headHash: Buffer.from(row.head_hash),
      signedAt: new Date(row.signed_at).toISOString(),
      keyId: row.key_id,
      signature: Buffer.from(row.signature),
    };
  }

  /** Makes the caller's transaction read-only (call first in it). */
  async setReadOnly(tx: EntityManager): Promise<void> {
    await tx.query('SET TRANSACTION READ ONLY');
  }

  /** Verifies every entry and stored checkpoint as the caller's transaction sees them. */
  verifyChain(tx: EntityManager, publicKey: KeyObject): Promise<VerificationReport> {
    return verifyAuditTrail((sql, params) => tx.query(sql, params), publicKey);
  }
}
