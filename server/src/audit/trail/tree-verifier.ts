import type { KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from './audit-chain';
import { CompactRange, leafHash } from './merkle-tree';
import { parseCheckpoint, parseNote, verifyNoteSignature } from './signed-note';

export interface TreeProblem {
  seq: number;
  kind: 'checkpoint-forged' | 'checkpoint-mismatch';
  message: string;
}

/**
 * The Merkle tree half of the verifier: recomputes the RFC 9162 root from the
 * entries' chain hashes as they stream in (O(log n) memory) and checks each
 * checkpoint's C2SP signed note: signed by the log key under its origin, for
 * the checkpoint's size, with the recomputed root. Checkpoints without a note
 * (signed before the tree existed) are left to the chain-head check.
 */
export class TreeCheckpointChecker {
  private readonly range = new CompactRange();
  private readonly rootsAt = new Map<number, Buffer>();

  constructor(
    private readonly publicKey: KeyObject,
    private readonly checkpoints: readonly AuditCheckpoint[],
  ) {
    for (const c of checkpoints) if (c.tree) this.rootsAt.set(c.treeSize, Buffer.alloc(0));
  }

  /** Feeds the next entry's chain hash, in seq order. */
  add(chainHash: Buffer): void {
    this.range.append(leafHash(chainHash));
    if (this.rootsAt.has(this.range.size)) this.rootsAt.set(this.range.size, this.range.root());
  }

  /** What is wrong with the checkpoints' notes, once every entry up to `lastSeq` was fed. */
  problems(lastSeq: number): TreeProblem[] {
    const out: TreeProblem[] = [];
    for (const c of this.checkpoints) {
      if (!c.tree) continue;
      const problem = this.check(c, c.tree, lastSeq);
      if (problem) out.push({ seq: c.treeSize, ...problem });
    }
    return out;
  }

  private check(
    c: AuditCheckpoint,
    tree: { rootHash: Buffer; note: string },
    lastSeq: number,
  ): Omit<TreeProblem, 'seq'> | null {
    let origin: string;
    let size: number;
    let root: Buffer;
    try {
      ({ origin, size, rootHash: root } = parseCheckpoint(parseNote(tree.note).text));
    } catch (error) {
      return {
        kind: 'checkpoint-forged',
        message: `the checkpoint at entry ${c.treeSize} has a malformed signed note (${(error as Error).message})`,
      };
    }
    if (!verifyNoteSignature(tree.note, origin, this.publicKey))
      return {
        kind: 'checkpoint-forged',
        message: `the signed note of the checkpoint at entry ${c.treeSize} has no valid signature by ${origin} with the key given`,
      };
    if (size !== c.treeSize || !root.equals(tree.rootHash))
      return {
        kind: 'checkpoint-forged',
        message: `the checkpoint at entry ${c.treeSize} stores a root or size its signed note does not say`,
      };
    // A checkpoint past the end is reported as truncation by the chain check.
    if (c.treeSize > lastSeq) return null;
    const recomputed = this.rootsAt.get(c.treeSize);
    if (!recomputed?.equals(root))
      return {
        kind: 'checkpoint-mismatch',
        message: `the Merkle tree of the first ${c.treeSize} entries does not have the root the signed note gives: history up to it was rewritten`,
      };
    return null;
  }
}
