import type { KeyObject } from 'node:crypto';
import type { StoredAuditEntry } from '../trail/audit-chain';
import { ChainVerifier, type ProblemKind, type VerificationReport } from '../trail/chain-verifier';
import { completeSubtrees, inclusionProof, leafHash, nodeHash, verifyInclusion } from '../trail/merkle-tree';
import {
  keyIdFor,
  type Note,
  parseCheckpoint,
  parseNote,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  verifyCosignature,
  verifyNoteSignature,
} from '../trail/signed-note';
import type { BundleContents } from './audit-bundle';

/** A witness key the verifier trusts: its name and Ed25519 public key. */
export interface TrustedWitness {
  name: string;
  publicKey: KeyObject;
}

export type BundleProblemKind = ProblemKind | 'cosignature-invalid';

export interface BundleProblem {
  seq: number;
  kind: BundleProblemKind;
  message: string;
}

export interface CheckpointCheck {
  file: string;
  size: number;
  rootHash: string;
  /** The log key name whose signature verified, or null. */
  signedBy: string | null;
  /** Whether the entries in the bundle have this checkpoint's root. */
  matches: boolean;
  /** Trusted witnesses whose cosignature verified. */
  cosignedBy: string[];
}

export interface InclusionResult {
  seq: number;
  entryHash: string;
  /** The sealed record's hash that led to the entry, if one was asked for. */
  recordHash?: string;
  /** The smallest valid checkpoint that covers the entry, or null. */
  checkpointSize: number | null;
  rootHash: string | null;
  /** RFC 9162 inclusion proof (base64), checked against the signed root. */
  proof: string[];
  proven: boolean;
  cosignedBy: string[];
  message: string;
}

export interface BundleVerificationReport extends Omit<VerificationReport, 'problems' | 'firstBroken'> {
  firstBroken: BundleProblem | null;
  problems: BundleProblem[];
  checkpoints: CheckpointCheck[];
  /** Per trusted witness: the largest checkpoint it validly cosigned (null: none). */
  witnesses: { name: string; largestCosignedSize: number | null }[];
  inclusion: InclusionResult | null;
}

/** The log key name whose Ed25519 signature on the note verifies with one of `keys` (whatever name it was given). */
function logSigner(note: Note, keys: readonly KeyObject[]): string | null {
  for (const s of note.signatures) {
    for (const key of keys) {
      if (s.keyId.equals(keyIdFor(s.name, SIG_TYPE_ED25519, key)) && verifyNoteSignature(note, s.name, key))
        return s.name;
    }
  }
  return null;
}

/** Roots at each wanted size, in one pass over the leaves (a compact range, as rootFromLeafHashes keeps). */
function rootsAt(leaves: readonly Buffer[], sizes: ReadonlySet<number>): Map<number, Buffer> {
  const roots = new Map<number, Buffer>();
  const stack: Buffer[] = [];
  leaves.forEach((leaf, i) => {
    let hash = leaf;
    for (let n = i; n % 2 === 1; n = Math.floor(n / 2)) hash = nodeHash(stack.pop() as Buffer, hash);
    stack.push(hash);
    if (sizes.has(i + 1)) {
      let root = stack[stack.length - 1] as Buffer;
      for (let j = stack.length - 2; j >= 0; j--) root = nodeHash(stack[j] as Buffer, root);
      roots.set(i + 1, root);
    }
  });
  return roots;
}

/** The sealed records' file hashes in a `record.sealed` entry's details. */
function sealedHashes(entry: StoredAuditEntry): string[] {
  if (entry.type !== 'record.sealed') return [];
  const files = entry.details.files;
  if (!files || typeof files !== 'object' || Array.isArray(files)) return [];
  return Object.values(files).flatMap((f) =>
    f && typeof f === 'object' && !Array.isArray(f)
      ? (['htmlSha256', 'pdfSha256', 'jsonSha256'] as const).flatMap((k) =>
          typeof f[k] === 'string' ? [(f[k] as string).toLowerCase()] : [],
        )
      : [],
  );
}

/**
 * Verifies an export bundle with only public keys: the hash chain (naming
 * the first broken entry, as the database verifier does), every checkpoint's
 * log signature and Merkle root against the entries, and the cosignatures of
 * the witnesses given; optionally proves one entry's inclusion in a signed
 * checkpoint.
 */
export function verifyBundle(
  bundle: BundleContents,
  logKeys: readonly KeyObject[],
  witnesses: readonly TrustedWitness[],
  prove: { seq?: number; recordHash?: string } = {},
): BundleVerificationReport {
  const chain = new ChainVerifier(logKeys[0] as KeyObject, []);
  for (const entry of bundle.entries) chain.add(entry);
  const chainReport = chain.finish();
  const problems: BundleProblem[] = [...chainReport.problems];
  const notes = chainReport.notes.filter((n) => !n.startsWith('no signed checkpoint'));

  const leaves = bundle.entries.map((e) => leafHash(e.hash));
  const parsed = bundle.checkpoints.flatMap(({ file, note }) => {
    try {
      const n = parseNote(note);
      return [{ file, note: n, checkpoint: parseCheckpoint(n.text) }];
    } catch (error) {
      problems.push({
        seq: 0,
        kind: 'checkpoint-forged',
        message: `${file} is not a signed checkpoint: ${(error as Error).message}`,
      });
      return [];
    }
  });
  const roots = rootsAt(leaves, new Set(parsed.map((p) => p.checkpoint.size)));
  const largest = new Map<string, number>();
  const checks: CheckpointCheck[] = parsed.map(({ file, note, checkpoint }) => {
    const { size, rootHash } = checkpoint;
    const signedBy = logSigner(note, logKeys);
    const root = size === 0 ? null : roots.get(size);
    const matches = signedBy !== null && root !== undefined && (root === null || root.equals(rootHash));
    if (!signedBy) {
      problems.push({
        seq: size,
        kind: 'checkpoint-forged',
        message: `the checkpoint at entry ${size} (${file}) is not signed by the log key given`,
      });
    } else if (root === undefined) {
      problems.push({
        seq: leaves.length + 1,
        kind: 'truncated',
        message: `the export ends at entry ${leaves.length}, but a signed checkpoint covers ${size} entries: entries were removed`,
      });
    } else if (!matches) {
      problems.push({
        seq: size,
        kind: 'checkpoint-mismatch',
        message: `the entries up to ${size} do not have the Merkle root the log signed at that size: history up to it was changed`,
      });
    }
    const cosignedBy: string[] = [];
    for (const s of note.signatures) {
      const witness = witnesses.find(
        (w) => w.name === s.name && s.keyId.equals(keyIdFor(w.name, SIG_TYPE_COSIGNATURE_V1, w.publicKey)),
      );
      if (!witness) continue;
      if (verifyCosignature(note.text, s, witness.name, witness.publicKey)) {
        cosignedBy.push(witness.name);
        largest.set(witness.name, Math.max(largest.get(witness.name) ?? 0, size));
      } else {
        problems.push({
          seq: size,
          kind: 'cosignature-invalid',
          message: `${witness.name}'s cosignature on the checkpoint at entry ${size} does not verify`,
        });
      }
    }
    return { file, size, rootHash: rootHash.toString('base64'), signedBy, matches, cosignedBy };
  });
  if (checks.length === 0 && leaves.length > 0)
    notes.push('the export has no signed checkpoint: only the chain was checked');
  for (const w of witnesses) {
    if (!largest.has(w.name)) notes.push(`${w.name} has cosigned no checkpoint in this export`);
  }
  const ordered = problems.sort((a, b) => a.seq - b.seq);
  return {
    ok: ordered.length === 0,
    entriesChecked: chainReport.entriesChecked,
    checkpointsChecked: checks.length,
    head: chainReport.head,
    firstBroken: ordered[0] ?? null,
    problems: ordered,
    notes,
    checkpoints: checks,
    witnesses: witnesses.map((w) => ({ name: w.name, largestCosignedSize: largest.get(w.name) ?? null })),
    inclusion:
      prove.seq !== undefined || prove.recordHash ? proveInclusion(bundle.entries, leaves, checks, prove) : null,
  };
}

function proveInclusion(
  entries: readonly StoredAuditEntry[],
  leaves: readonly Buffer[],
  checks: readonly CheckpointCheck[],
  prove: { seq?: number; recordHash?: string },
): InclusionResult {
  const recordHash = prove.recordHash?.toLowerCase();
  const index = recordHash
    ? entries.findIndex((e) => sealedHashes(e).includes(recordHash))
    : entries.findIndex((e) => e.seq === prove.seq);
  const empty = { proof: [], proven: false, cosignedBy: [], checkpointSize: null, rootHash: null };
  if (index < 0) {
    const what = recordHash
      ? `no sealed record with the hash ${recordHash} is in the trail`
      : `the export has no entry ${prove.seq}`;
    return { seq: prove.seq ?? 0, entryHash: '', ...(recordHash ? { recordHash } : {}), ...empty, message: what };
  }
  const entry = entries[index] as StoredAuditEntry;
  const base = { seq: entry.seq, entryHash: entry.hash.toString('hex'), ...(recordHash ? { recordHash } : {}) };
  // Only a checkpoint whose signature and root both verified can vouch for the entry.
  const covering = checks.filter((c) => c.signedBy && c.matches && c.size > index).sort((a, b) => a.size - b.size)[0];
  if (!covering)
    return { ...base, ...empty, message: `entry ${entry.seq} is not yet covered by a valid signed checkpoint` };
  const levels = completeSubtrees(leaves.slice(0, covering.size));
  const proof = inclusionProof(index, covering.size, (level, i) => levels[level]![i]!);
  const root = Buffer.from(covering.rootHash, 'base64');
  const proven = entry.seq === index + 1 && verifyInclusion(index, covering.size, leaves[index] as Buffer, proof, root);
  return {
    ...base,
    checkpointSize: covering.size,
    rootHash: covering.rootHash,
    proof: proof.map((p) => p.toString('base64')),
    proven,
    cosignedBy: covering.cosignedBy,
    message: proven
      ? `entry ${entry.seq} is in the trail: its inclusion proof checks against the checkpoint of ${covering.size} entries signed by ${covering.signedBy}${covering.cosignedBy.length ? ` and cosigned by ${covering.cosignedBy.join(', ')}` : ''}`
      : `entry ${entry.seq}'s inclusion proof does not check against the checkpoint of ${covering.size} entries`,
  };
}
