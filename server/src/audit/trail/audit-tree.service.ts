import { Injectable } from '@nestjs/common';
import { AuditTreeRepository, type StoredNode, type TreeCheckpoint } from './audit-tree.repository';
import {
  consistencyProof,
  consistencyProofRanges,
  inclusionProof,
  inclusionProofRanges,
  leafHash,
  nodeHash,
  rangeSubtrees,
  rootFromSubtrees,
  type SubtreeHashes,
  type SubtreeId,
  subtreesFor,
} from './merkle-tree';
import { entryBundle, TILE_WIDTH, type TileRequest } from './tlog-tiles';

/** Entries read per round trip while the tree catches up with the chain. */
const LEAVES_PER_BATCH = 5_000;

/** Serves stored subtree hashes to the pure proof builders; a missing one is a broken store, not bad input. */
function lookup(nodes: readonly StoredNode[]): SubtreeHashes {
  const byId = new Map(nodes.map((n) => [`${n.level}/${n.index}`, n.hash]));
  return (level, index) => {
    const hash = byId.get(`${level}/${index}`);
    if (!hash) throw new Error(`the audit tree has no stored node ${level}/${index}`);
    return hash;
  };
}

/**
 * The audit trail's Merkle tree as stored: extends it from the chain
 * (checkpointer only) and builds proofs from O(log n) stored nodes.
 */
@Injectable()
export class AuditTreeService {
  constructor(private readonly tree: AuditTreeRepository) {}

  /**
   * Appends the leaves for entries up to `size` (and every complete subtree
   * they finish) and returns the root of the tree of that size. Serialised by
   * the tree lock; safe to call from several instances.
   */
  extendTo(size: number): Promise<Buffer> {
    return this.tree.runInTransaction(async (tx) => {
      await this.tree.lockTree(tx);
      let stored = await this.tree.storedSize(tx);
      if (stored < size) {
        // The right edge of the stored tree: one complete subtree per set bit of its size.
        const frontier: StoredNode[] = [];
        const edge = rangeSubtrees(0, stored);
        const found = lookup(await this.tree.nodes(edge, tx));
        for (const id of edge) frontier.push({ ...id, hash: found(id.level, id.index) });
        while (stored < size) {
          const entries = await this.tree.chainHashes(tx, stored, size, LEAVES_PER_BATCH);
          if (entries.length === 0) throw new Error(`the audit trail has no entry ${stored + 1}`);
          const added: StoredNode[] = [];
          for (const entry of entries) {
            if (entry.seq !== stored + 1) throw new Error(`the audit trail has no entry ${stored + 1}`);
            let node: StoredNode = { level: 0, index: stored, hash: leafHash(entry.hash) };
            added.push(node);
            // Each odd index completes its parent with the left sibling on the frontier.
            while (node.index % 2 === 1) {
              const left = frontier.pop();
              if (!left || left.level !== node.level) throw new Error('the stored audit tree is inconsistent');
              node = { level: node.level + 1, index: (node.index - 1) / 2, hash: nodeHash(left.hash, node.hash) };
              added.push(node);
            }
            frontier.push(node);
            stored += 1;
          }
          await this.tree.insertNodes(tx, added);
        }
      }
      return rootFromSubtrees(size, lookup(await this.tree.nodes(rangeSubtrees(0, size), tx)));
    });
  }

  /** Leaves stored so far. */
  storedSize(): Promise<number> {
    return this.tree.storedSize();
  }

  /** The root of the stored tree of `size` leaves (size ≤ stored size). */
  async root(size: number): Promise<Buffer> {
    return rootFromSubtrees(size, await this.fetch(size === 0 ? [] : rangeSubtrees(0, size)));
  }

  /** The stored leaf hash of leaf `index`, or null when the tree does not have it yet. */
  async leaf(index: number): Promise<Buffer | null> {
    const [node] = await this.tree.nodes([{ level: 0, index }]);
    return node?.hash ?? null;
  }

  /** The chain hash of entry `seq` (the leaf's data), or null. */
  entryHash(seq: number): Promise<Buffer | null> {
    return this.tree.entryHash(seq);
  }

  /** RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves. */
  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    const get = await this.fetch(subtreesFor(inclusionProofRanges(index, size)));
    return inclusionProof(index, size, get);
  }

  /** RFC 9162 consistency proof between the trees of m and n leaves. */
  async consistencyProof(m: number, n: number): Promise<Buffer[]> {
    const get = await this.fetch(subtreesFor(consistencyProofRanges(m, n)));
    return consistencyProof(m, n, get);
  }

  /**
   * The bytes of a C2SP tlog-tiles tile (hashes of level 8·L, or an entry
   * bundle of chain hashes), or null while the stored tree does not hold all
   * of it yet.
   */
  async tile(request: TileRequest): Promise<Buffer | null> {
    const from = request.index * TILE_WIDTH;
    if (request.kind === 'entries') {
      if (from + request.width > (await this.tree.storedSize())) return null;
      const entries = await this.tree.runInTransaction((tx) =>
        this.tree.chainHashes(tx, from, from + request.width, request.width),
      );
      return entries.length === request.width ? entryBundle(entries.map((e) => e.hash)) : null;
    }
    const hashes = await this.tree.levelRange(request.level * 8, from, from + request.width);
    return hashes.length === request.width ? Buffer.concat(hashes) : null;
  }

  checkpointAt(size: number): Promise<TreeCheckpoint | null> {
    return this.tree.checkpointAt(size);
  }

  latestCheckpoint(): Promise<TreeCheckpoint | null> {
    return this.tree.latestCheckpoint();
  }

  listCheckpoints(): Promise<TreeCheckpoint[]> {
    return this.tree.listCheckpoints();
  }

  private async fetch(ids: readonly SubtreeId[]): Promise<SubtreeHashes> {
    return lookup(await this.tree.nodes(ids));
  }
}
