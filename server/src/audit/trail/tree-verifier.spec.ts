import { generateKeyPairSync } from 'node:crypto';
import { type AuditCheckpoint, entryHash, GENESIS_HASH, signCheckpoint, type StoredAuditEntry } from './audit-chain';
import { ChainVerifier } from './chain-verifier';
import { leafHash, rootFromLeafHashes } from './merkle-tree';
import { signTreeCheckpoint } from './tree-checkpoint';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519').privateKey;
const ORIGIN = 'roundtable.example.gov.uk/audit';

function chain(n: number, tweak = 0): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prevHash: Buffer = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 2, 2, 13, 0, seq)).toISOString(),
      type: 'audit.viewed' as const,
      outcome: 'success' as const,
      actorUserId: null,
      actorAgency: null,
      meetingId: null,
      subjectType: null,
      subjectId: null,
      details: { n: seq === 2 ? tweak : seq },
    };
    const hash = entryHash(prevHash, content);
    entries.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

const rootOf = (entries: StoredAuditEntry[], size: number) =>
  rootFromLeafHashes(entries.slice(0, size).map((e) => leafHash(e.hash)));

/** A checkpoint as the checkpointer signs it now: the chain head and the tree's signed note. */
function checkpoint(entries: StoredAuditEntry[], size: number, noteKey = privateKey, root = rootOf(entries, size)) {
  const c: AuditCheckpoint = signCheckpoint(privateKey, size, entries[size - 1]!.hash, '2026-03-02T14:00:00.000Z');
  return { ...c, tree: { rootHash: root, note: signTreeCheckpoint(noteKey, ORIGIN, size, root) } };
}

function verify(entries: StoredAuditEntry[], checkpoints: AuditCheckpoint[]) {
  const verifier = new ChainVerifier(publicKey, checkpoints);
  for (const e of entries) verifier.add(e);
  return verifier.finish();
}

describe('ChainVerifier: the checkpoints’ signed Merkle tree roots', () => {
  it('accepts checkpoints whose signed notes give the recomputed root, at many sizes', () => {
    const entries = chain(70);
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 64, 70];
    const report = verify(
      entries,
      sizes.map((size) => checkpoint(entries, size)),
    );
    expect(report).toMatchObject({ ok: true, checkpointsChecked: sizes.length, problems: [] });
  });

  it('names a note signed over the root of a different tree (a fork), even when the chain head matches', () => {
    const entries = chain(20);
    const forkRoot = rootOf(chain(20, 99), 12);
    const report = verify(entries, [checkpoint(entries, 8), checkpoint(entries, 12, privateKey, forkRoot)]);
    expect(report.firstBroken).toMatchObject({ seq: 12, kind: 'checkpoint-mismatch' });
    expect(report.firstBroken?.message).toContain('Merkle tree of the first 12 entries');
    expect(report.problems).toHaveLength(1);
  });

  it('names a note not signed by the log key, and one whose size or root differs from its row', () => {
    const entries = chain(10);
    expect(verify(entries, [checkpoint(entries, 6, otherKey)]).firstBroken).toMatchObject({
      seq: 6,
      kind: 'checkpoint-forged',
    });
    const mislabelled = checkpoint(entries, 6);
    const swapped = { ...checkpoint(entries, 9), tree: mislabelled.tree };
    expect(verify(entries, [swapped]).firstBroken).toMatchObject({ seq: 9, kind: 'checkpoint-forged' });
    const garbled = { ...checkpoint(entries, 5), tree: { rootHash: rootOf(entries, 5), note: 'not a note' } };
    expect(verify(entries, [garbled]).firstBroken).toMatchObject({ seq: 5, kind: 'checkpoint-forged' });
  });

  it('notices history rewritten before a noted checkpoint', () => {
    const original = chain(10);
    const kept = checkpoint(original, 10);
    const report = verify(chain(10, 42), [kept]);
    expect(report.problems.map((p) => p.kind)).toEqual(['checkpoint-mismatch', 'checkpoint-mismatch']);
    expect(report.problems.some((p) => p.message.includes('Merkle tree'))).toBe(true);
  });
});
