import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { completeSubtrees, consistencyProof, EMPTY_ROOT, leafHash, rootFromLeafHashes } from '../trail/merkle-tree';

/** Rows per round trip when reading the chain's hashes. */
const BATCH = 10_000;

/**
 * The Merkle tree over the trail as the database holds it now (leaf i is
 * entry i + 1's chain hash), rebuilt from `audit_events.hash`: what the
 * witnesses' proofs and the app's own check before signing are computed from.
 */
@Injectable()
export class TrailTreeReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The leaf hashes of the first `size` entries; fewer when the chain is shorter. */
  async leafHashes(size: number, manager: EntityManager = this.dataSource.manager): Promise<Buffer[]> {
    const leaves: Buffer[] = [];
    while (leaves.length < size) {
      const rows = (await manager.query(
        `SELECT hash FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT ${BATCH}`,
        [leaves.length, size],
      )) as { hash: Buffer }[];
      for (const row of rows) leaves.push(leafHash(Buffer.from(row.hash)));
      if (rows.length < BATCH) break;
    }
    return leaves;
  }

  /** The root of the first `size` entries' tree, or null when the chain has fewer entries. */
  async rootAt(size: number, manager?: EntityManager): Promise<Buffer | null> {
    if (size === 0) return Buffer.from(EMPTY_ROOT);
    const leaves = await this.leafHashes(size, manager);
    return leaves.length === size ? rootFromLeafHashes(leaves) : null;
  }

  /** The RFC 9162 consistency proof between sizes `from` and `to`, or null when the chain has fewer than `to`. */
  async consistency(
    from: number,
    to: number,
    manager?: EntityManager,
  ): Promise<{ proof: Buffer[]; rootFrom: Buffer; rootTo: Buffer } | null> {
    const leaves = await this.leafHashes(to, manager);
    if (leaves.length < to) return null;
    const levels = completeSubtrees(leaves);
    const proof = consistencyProof(from, to, (level, index) => levels[level]![index]!);
    return {
      proof,
      rootFrom: rootFromLeafHashes(leaves.slice(0, from)),
      rootTo: rootFromLeafHashes(leaves),
    };
  }
}
