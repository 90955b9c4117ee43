import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditTreeRepository, type StoredNode } from '../trail/audit-tree.repository';
import {
  consistencyProof,
  consistencyProofRanges,
  leafHash,
  rangeSubtrees,
  rootFromSubtrees,
  type SubtreeHashes,
  type SubtreeId,
  subtreesFor,
} from '../trail/merkle-tree';

/** The stored nodes as a lookup, or null when one is missing (the stored tree is not that big yet). */
function lookup(nodes: readonly StoredNode[], wanted: readonly SubtreeId[]): SubtreeHashes | null {
  const byId = new Map(nodes.map((n) => [`${n.level}/${n.index}`, n.hash]));
  if (wanted.some((id) => !byId.has(`${id.level}/${id.index}`))) return null;
  return (level, index) => byId.get(`${level}/${index}`)!;
}

/**
 * The Merkle tree over the trail (leaf i is entry i + 1's chain hash) as the
 * witnesses' proofs and the app's own check before signing read it: from the
 * stored complete subtrees (`audit_tree_nodes`), O(log n) rows a question,
 * never the whole trail.
 *
 * The stored tree is derived from the chain, so each answer is also
 * **anchored** to the chain at the sizes it speaks about: leaf `size − 1`
 * must be SHA-256(0x00 ‖ hash of entry `size`) as `audit_events` holds it
 * now. Entry hashes are chained, so an entry rewritten at or before `size`
 * with every later hash recomputed (what the checkpoints and witnesses exist
 * to catch) changes entry `size`'s hash and fails the anchor. A change that
 * does not recompute the hashes after it is the chain verifier's to find
 * (docs/AUDIT.md, "Witnesses").
 */
@Injectable()
export class TrailTreeReader {
  constructor(
    private readonly nodes: AuditTreeRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The root of the first `size` entries' tree, or null when the stored tree
   * is smaller or does not match the chain at `size`. Two statements.
   */
  async rootAt(size: number, manager: EntityManager = this.dataSource.manager): Promise<Buffer | null> {
    const wanted = size === 0 ? [] : rangeSubtrees(0, size);
    const get = lookup(await this.nodes.nodes(wanted, manager), wanted);
    if (!get || !(await this.anchored([size], manager))) return null;
    return rootFromSubtrees(size, get);
  }

  /**
   * The RFC 9162 consistency proof between sizes `from` and `to` with both
   * roots; `missing` when the stored tree has fewer than `to` leaves,
   * `unanchored` when it does not match the chain at `from` or `to`. Two
   * statements; one with `anchor: false`, for a witness, which checks the
   * proof against what it cosigned itself.
   */
  async consistency(
    from: number,
    to: number,
    { anchor = true, manager = this.dataSource.manager }: { anchor?: boolean; manager?: EntityManager } = {},
  ): Promise<{ proof: Buffer[]; rootFrom: Buffer; rootTo: Buffer } | 'missing' | 'unanchored'> {
    const wanted = [
      ...subtreesFor(consistencyProofRanges(from, to)),
      ...(from === 0 ? [] : rangeSubtrees(0, from)),
      ...(to === 0 ? [] : rangeSubtrees(0, to)),
    ];
    const get = lookup(await this.nodes.nodes(wanted, manager), wanted);
    if (!get) return 'missing';
    if (anchor && !(await this.anchored([from, to], manager))) return 'unanchored';
    return {
      proof: consistencyProof(from, to, get),
      rootFrom: rootFromSubtrees(from, get),
      rootTo: rootFromSubtrees(to, get),
    };
  }

  /** Whether, for each size, the stored leaf `size − 1` is the leaf of entry `size` as the chain holds it now. */
  private async anchored(sizes: readonly number[], manager: EntityManager): Promise<boolean> {
    const positive = [...new Set(sizes.filter((s) => s > 0))];
    if (positive.length === 0) return true;
    const rows = await this.nodes.leavesWithEntries(positive, manager);
    return (
      rows.length === positive.length &&
      rows.every((r) => r.leaf !== null && r.entryHash !== null && r.leaf.equals(leafHash(r.entryHash)))
    );
  }
}
