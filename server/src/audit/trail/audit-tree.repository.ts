import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubtreeId } from './merkle-tree';

/** Serialises extensions of the tree (separate from the chain lock: appends to the trail never wait for it). */
const TREE_LOCK = 'roundtable:audit-tree';

/** Nodes per INSERT statement (3 parameters each). */
const NODES_PER_INSERT = 5_000;

export interface StoredNode extends SubtreeId {
  hash: Buffer;
}

/** A checkpoint whose signed note commits to the tree's root. */
export interface TreeCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  note: string;
  signedAt: string;
}

type TreeCheckpointRow = { tree_size: string; root_hash: Buffer; note: string; signed_at: Date };
const toTreeCheckpoint = (row: TreeCheckpointRow): TreeCheckpoint => ({
  treeSize: Number(row.tree_size),
  rootHash: Buffer.from(row.root_hash),
  note: row.note,
  signedAt: new Date(row.signed_at).toISOString(),
});

/**
 * The stored Merkle tree of the audit trail (`audit_tree_nodes`: every
 * complete subtree's hash by level and index) and the checkpoints' signed
 * notes. Appended by the checkpointer only, never on the trail's write path.
 */
@Injectable()
export class AuditTreeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the tree lock until the caller's transaction ends. */
  async lockTree(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [TREE_LOCK]);
  }

  /** How many leaves the stored tree has. */
  async storedSize(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [row] = (await manager.query(
      `SELECT coalesce(max(idx) + 1, 0) AS size FROM audit_tree_nodes WHERE level = 0`,
    )) as { size: string }[];
    return Number(row?.size ?? 0);
  }

  /** The stored hashes of these complete subtrees (missing ones are simply absent). */
  async nodes(ids: readonly SubtreeId[], manager: EntityManager = this.dataSource.manager): Promise<StoredNode[]> {
    if (ids.length === 0) return [];
    const rows = (await manager.query(
      `SELECT n.level, n.idx, n.hash
         FROM audit_tree_nodes n
         JOIN unnest($1::smallint[], $2::bigint[]) AS want(level, idx) ON n.level = want.level AND n.idx = want.idx`,
      [ids.map((id) => id.level), ids.map((id) => id.index)],
    )) as { level: number; idx: string; hash: Buffer }[];
    return rows.map((r) => ({ level: Number(r.level), index: Number(r.idx), hash: Buffer.from(r.hash) }));
  }

  /** For each tree size, the stored leaf `size − 1` and entry `size`'s chain hash (either null when absent). */
  async leavesWithEntries(
    sizes: readonly number[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ size: number; leaf: Buffer | null; entryHash: Buffer | null }[]> {
    const rows = (await manager.query(
      `SELECT s.size, n.hash AS leaf, e.hash AS entry
         FROM unnest($1::bigint[]) AS s(size)
         LEFT JOIN audit_tree_nodes n ON n.level = 0 AND n.idx = s.size - 1
         LEFT JOIN audit_events e ON e.seq = s.size`,
      [sizes],
    )) as { size: string; leaf: Buffer | null; entry: Buffer | null }[];
    return rows.map((r) => ({
      size: Number(r.size),
      leaf: r.leaf ? Buffer.from(r.leaf) : null,
      entryHash: r.entry ? Buffer.from(r.entry) : null,
    }));
  }

  /** The nodes of one level with index in [from, to), in order (for tiles). */
  async levelRange(level: number, from: number, to: number): Promise<Buffer[]> {
    const rows = (await this.dataSource.query(
      `SELECT hash FROM audit_tree_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx`,
      [level, from, to],
    )) as { hash: Buffer }[];
    return rows.map((r) => Buffer.from(r.hash));
  }

  /** The chain hash of one entry, or null. */
  async entryHash(seq: number): Promise<Buffer | null> {
    const [row] = (await this.dataSource.query(`SELECT hash FROM audit_events WHERE seq = $1`, [seq])) as {
      hash: Buffer;
    }[];
    return row ? Buffer.from(row.hash) : null;
  }

  /** The chain hashes of entries after `afterSeq`, up to `uptoSeq`, at most `limit`, in seq order. */
  async chainHashes(
    tx: EntityManager,
    afterSeq: number,
    uptoSeq: number,
    limit: number,
  ): Promise<{ seq: number; hash: Buffer }[]> {
    const rows = (await tx.query(
      `SELECT seq, hash FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
      [afterSeq, uptoSeq, limit],
    )) as { seq: string; hash: Buffer }[];
    return rows.map((r) => ({ seq: Number(r.seq), hash: Buffer.from(r.hash) }));
  }

  /** Appends nodes (inside the caller's transaction, which holds the tree lock). */
  async insertNodes(tx: EntityManager, nodes: readonly StoredNode[]): Promise<void> {
    for (let start = 0; start < nodes.length; start += NODES_PER_INSERT) {
      const batch = nodes.slice(start, start + NODES_PER_INSERT);
      await tx.query(
        `INSERT INTO audit_tree_nodes (level, idx, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
        [batch.map((n) => n.level), batch.map((n) => n.index), batch.map((n) => n.hash)],
      );
    }
  }

  /** The signed-note checkpoint of exactly this size, or null. */
  async checkpointAt(treeSize: number): Promise<TreeCheckpoint | null> {
    const [row] = (await this.dataSource.query(
      `SELECT tree_size, root_hash, note, signed_at FROM audit_checkpoints WHERE tree_size = $1 AND note IS NOT NULL`,
      [treeSize],
    )) as TreeCheckpointRow[];
    return row ? toTreeCheckpoint(row) : null;
  }

  /** The latest checkpoint with a signed note, or null. */
  async latestCheckpoint(): Promise<TreeCheckpoint | null> {
    const [row] = (await this.dataSource.query(
      `SELECT tree_size, root_hash, note, signed_at FROM audit_checkpoints WHERE note IS NOT NULL
        ORDER BY tree_size DESC LIMIT 1`,
    )) as TreeCheckpointRow[];
    return row ? toTreeCheckpoint(row) : null;
  }

  /** Every checkpoint with a signed note, oldest first. */
  async listCheckpoints(): Promise<TreeCheckpoint[]> {
    const rows = (await this.dataSource.query(
      `SELECT tree_size, root_hash, note, signed_at FROM audit_checkpoints WHERE note IS NOT NULL ORDER BY tree_size`,
    )) as TreeCheckpointRow[];
    return rows.map(toTreeCheckpoint);
  }

  runInTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
