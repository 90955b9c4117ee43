import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredAuditEntry } from '../trail/audit-chain';
import { type AuditEntryRow, toStoredEntry } from '../trail/audit-store';

/** Rows per round trip when reading the chain for a bundle. */
const BATCH = 5_000;

/** What an export bundle reads, inside the caller's read-only snapshot. */
@Injectable()
export class AuditBundleRepository {
  /** Every entry, oldest first. */
  async entries(tx: EntityManager): Promise<StoredAuditEntry[]> {
    const entries: StoredAuditEntry[] = [];
    for (;;) {
      const rows = (await tx.query(
        `SELECT seq, occurred_at, type, outcome, actor_user_id, actor_agency, meeting_id, subject_type, subject_id,
                details, prev_hash, hash
           FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`,
        [entries.at(-1)?.seq ?? 0],
      )) as AuditEntryRow[];
      entries.push(...rows.map(toStoredEntry));
      if (rows.length < BATCH) return entries;
    }
  }

  /** Every checkpoint signed as a C2SP note (older ones, from before the Merkle tree, have none), oldest first. */
  async checkpointNotes(tx: EntityManager): Promise<{ size: number; note: string }[]> {
    const rows = (await tx.query(
      `SELECT tree_size, note FROM audit_checkpoints WHERE note IS NOT NULL ORDER BY tree_size`,
    )) as { tree_size: string; note: string }[];
    return rows.map((r) => ({ size: Number(r.tree_size), note: r.note }));
  }
}
