import type { KeyObject } from 'node:crypto';
import {
  type AuditCheckpoint,
  checkpointSignatureValid,
  entryHash,
  GENESIS_HASH,
  keyIdOf,
  type StoredAuditEntry,
} from './audit-chain';
import { isTombstonedEntry } from './audit-tombstone';
import { TreeCheckpointChecker } from './tree-verifier';

export const PROBLEM_KINDS = [
  /** The entry's contents no longer match its hash. */
  'altered',
  /** The entry's hash was recomputed after a change: the next entry no longer links to it. */
  'rewritten',
  /** Sequence numbers skip: entries were deleted. */
  'missing',
  /** An entry was slipped in and the later entries renumbered to make room. */
  'inserted',
  /** The entry links to a hash that is not its predecessor's. */
  'broken-link',
  /** A checkpoint's signature does not verify with the public key given. */
  'checkpoint-forged',
  /** A validly signed checkpoint names a different chain head than the database holds. */
  'checkpoint-mismatch',
  /** A validly signed checkpoint covers entries the database no longer has. */
  'truncated',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface VerificationProblem {
  /** The first entry the problem affects. */
  seq: number;
  kind: ProblemKind;
  message: string;
}

export interface VerificationReport {
  ok: boolean;
  entriesChecked: number;
  checkpointsChecked: number;
  head: { seq: number; hash: string } | null;
  /** The earliest broken entry, or null when everything verifies. */
  firstBroken: VerificationProblem | null;
  problems: VerificationProblem[];
  /** Things worth knowing that are not failures (e.g. no checkpoint yet). */
  notes: string[];
}

/** How many problems a report lists before it stops collecting (the first is what matters). */
const MAX_PROBLEMS = 100;

/**
 * Checks a chain fed in sequence order, then the checkpoints against it.
 * Streaming: it holds only the previous entry and the hashes at checkpoint
 * sizes, so a chain of millions of entries verifies in constant memory.
 */
export class ChainVerifier {
  private previous: StoredAuditEntry | null = null;
  private entries = 0;
  private readonly problems: VerificationProblem[] = [];
  private readonly hashesAtCheckpoints = new Map<number, Buffer>();
  /** The Merkle tree's roots, recomputed as entries stream in, against the checkpoints' signed notes. */
  private readonly tree: TreeCheckpointChecker;

  constructor(
    private readonly publicKey: KeyObject,
    private readonly checkpoints: readonly AuditCheckpoint[],
  ) {
    for (const c of checkpoints) this.hashesAtCheckpoints.set(c.treeSize, Buffer.alloc(0));
    this.tree = new TreeCheckpointChecker(publicKey, checkpoints);
  }

  /** Feeds the next entry in ascending `seq` order. */
  add(entry: StoredAuditEntry): void {
    this.entries++;
    const expectedSeq = (this.previous?.seq ?? 0) + 1;
    const expectedPrev = this.previous?.hash ?? GENESIS_HASH;
    // A tombstone (a retention run destroyed its content) keeps its stored hash; its links are still checked.
    const selfConsistent = isTombstonedEntry(entry) || entryHash(entry.prevHash, entry).equals(entry.hash);

    const renumberedFrom = selfConsistent ? null : this.originalSeq(entry);
    if (renumberedFrom !== null) {
      this.reportRenumbered(entry.seq, renumberedFrom);
    } else if (entry.seq > expectedSeq) {
      const range =
        entry.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${entry.seq - 1} are`;
      this.report(expectedSeq, 'missing', `${range} missing: deleted from the chain`);
    } else if (entry.seq < expectedSeq) {
      this.report(entry.seq, 'broken-link', `entry ${entry.seq} appears again after entry ${expectedSeq - 1}`);
    } else if (!selfConsistent) {
      this.report(entry.seq, 'altered', `entry ${entry.seq} was altered: its contents do not match its hash`);
    } else if (!entry.prevHash.equals(expectedPrev)) {
      // This entry is intact, so it was written after a different predecessor.
      this.report(
        entry.seq - 1,
        'rewritten',
        `entry ${entry.seq - 1} was rewritten: its hash changed, and entry ${entry.seq} no longer links to it`,
      );
    }
    if (this.hashesAtCheckpoints.has(entry.seq)) this.hashesAtCheckpoints.set(entry.seq, entry.hash);
    this.tree.add(entry.hash);
    this.previous = entry;
  }

  /** Checks the checkpoints against what was fed and returns the report. */
  finish(): VerificationReport {
    const notes: string[] = [];
    const lastSeq = this.previous?.seq ?? 0;
    const expectedKeyId = keyIdOf(this.publicKey);
    for (const c of this.checkpoints) {
      if (!checkpointSignatureValid(this.publicKey, c)) {
        const key = c.keyId === expectedKeyId ? '' : ` (it names key ${c.keyId}; the key given is ${expectedKeyId})`;
        this.report(
          c.treeSize,
          'checkpoint-forged',
          `the checkpoint at entry ${c.treeSize} has an invalid signature${key}`,
        );
      } else if (c.treeSize > lastSeq) {
        this.report(
          lastSeq + 1,
          'truncated',
          `the chain ends at entry ${lastSeq}, but a signed checkpoint covers ${c.treeSize} entries: the tail was removed`,
        );
      } else if (!this.hashesAtCheckpoints.get(c.treeSize)?.equals(c.headHash)) {
        this.report(
          c.treeSize,
          'checkpoint-mismatch',
          `entry ${c.treeSize} differs from the signed checkpoint: history up to it was rewritten`,
        );
      }
    }
    for (const p of this.tree.problems(lastSeq)) this.report(p.seq, p.kind, p.message);
    if (this.checkpoints.length === 0 && lastSeq > 0)
      notes.push('no signed checkpoint yet: only the chain was checked');
    const ordered = [...this.problems].sort((a, b) => a.seq - b.seq);
    return {
      ok: ordered.length === 0,
      entriesChecked: this.entries,
      checkpointsChecked: this.checkpoints.length,
      head: this.previous ? { seq: this.previous.seq, hash: this.previous.hash.toString('hex') } : null,
      firstBroken: ordered[0] ?? null,
      problems: ordered,
      notes,
    };
  }

  private reportRenumbered(seq: number, originalSeq: number): void {
    if (originalSeq < seq) {
      this.report(
        originalSeq,
        'inserted',
        `entry ${originalSeq} was inserted: the entry now numbered ${seq} was written as entry ${originalSeq}`,
      );
    } else {
      this.report(
        seq,
        'missing',
        `entry ${seq} was deleted and the later entries renumbered: the entry now numbered ${seq} was written as entry ${originalSeq}`,
      );
    }
  }

  /** The sequence number an entry had when it was written, if it was renumbered by one. */
  private originalSeq(entry: StoredAuditEntry): number | null {
    for (const seq of [entry.seq - 1, entry.seq + 1]) {
      if (seq >= 1 && entryHash(entry.prevHash, { ...entry, seq }).equals(entry.hash)) return seq;
    }
    return null;
  }

  private report(seq: number, kind: ProblemKind, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ seq, kind, message });
  }
}
