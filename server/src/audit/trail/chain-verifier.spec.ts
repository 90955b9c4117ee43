import { generateKeyPairSync } from 'node:crypto';
import { type AuditEntryContent, entryHash, GENESIS_HASH, signCheckpoint, type StoredAuditEntry } from './audit-chain';
import { ChainVerifier } from './chain-verifier';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519').privateKey;

function content(seq: number): AuditEntryContent {
  return {
    seq,
    occurredAt: new Date(Date.UTC(2026, 2, 2, 13, 0, seq)).toISOString(),
    type: 'view.recorded',
    outcome: 'success',
    actorUserId: '5e9d7c6b-1a2b-4c3d-8e4f-6a7b8c9d0e1f',
    actorAgency: 'police',
    meetingId: '0b7c3c1e-2f7d-4d2a-8a6e-5b1f9c3d2e10',
    subjectType: 'decision',
    subjectId: `decision-${seq}`,
    details: { harm: 'yes', characters: seq },
  };
}

/** A valid chain of `n` entries, built the way AuditService writes it. */
function chain(n: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prevHash: Buffer = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq);
    const hash = entryHash(prevHash, c);
    entries.push({ ...c, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

function verify(entries: StoredAuditEntry[], checkpoints = [] as ReturnType<typeof signCheckpoint>[], key = publicKey) {
  const verifier = new ChainVerifier(key, checkpoints);
  for (const e of entries) verifier.add(e);
  return verifier.finish();
}

const checkpointAt = (entries: StoredAuditEntry[], size: number, signer = privateKey) =>
  signCheckpoint(signer, size, entries[size - 1]!.hash, '2026-03-02T14:00:00.000Z');

describe('ChainVerifier', () => {
  it('accepts an intact chain and its checkpoints', () => {
    const entries = chain(10);
    const report = verify(entries, [checkpointAt(entries, 5), checkpointAt(entries, 10)]);
    expect(report).toMatchObject({ ok: true, entriesChecked: 10, checkpointsChecked: 2, firstBroken: null });
    expect(report.head).toEqual({ seq: 10, hash: entries[9]!.hash.toString('hex') });
  });

  it('names an entry whose contents were changed', () => {
    const entries = chain(10);
    entries[3] = { ...entries[3]!, details: { harm: 'no', characters: 4 } };
    expect(verify(entries).firstBroken).toMatchObject({ seq: 4, kind: 'altered' });
  });

  it('names an entry whose hash was recomputed after a change, by the next entry that no longer links to it', () => {
    const entries = chain(10);
    const changed = { ...content(6), outcome: 'refused' as const };
    entries[5] = { ...changed, prevHash: entries[5]!.prevHash, hash: entryHash(entries[5]!.prevHash, changed) };
    expect(verify(entries).firstBroken).toMatchObject({ seq: 6, kind: 'rewritten' });
  });

  it('names a deleted entry', () => {
    const entries = chain(10);
    entries.splice(6, 1);
    expect(verify(entries).firstBroken).toMatchObject({ seq: 7, kind: 'missing' });
  });

  it('names the place where entries were deleted and the rest renumbered', () => {
    const entries = chain(10);
    entries.splice(2, 1);
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verify(renumbered).firstBroken).toMatchObject({ seq: 3, kind: 'missing' });
  });

  it('names an inserted entry', () => {
    const entries = chain(10);
    const forged = { ...content(5), details: { forged: true } };
    entries.splice(4, 0, { ...forged, prevHash: entries[3]!.hash, hash: entryHash(entries[3]!.hash, forged) });
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    const report = verify(renumbered);
    expect(report.firstBroken).toMatchObject({ seq: 5, kind: 'inserted' });
  });

  it('catches a truncated tail against a checkpoint partners kept', () => {
    const entries = chain(10);
    const kept = checkpointAt(entries, 10);
    const report = verify(entries.slice(0, 7), [kept]);
    expect(report.firstBroken).toMatchObject({ seq: 8, kind: 'truncated' });
  });

  it('catches a wholly recomputed chain against a checkpoint', () => {
    const original = chain(10);
    const kept = checkpointAt(original, 10);
    const recomputed: StoredAuditEntry[] = [];
    let prevHash: Buffer = GENESIS_HASH;
    for (const e of original) {
      const c = { ...e, details: e.seq === 2 ? { harm: 'no' } : e.details };
      const hash = entryHash(prevHash, c);
      recomputed.push({ ...c, prevHash, hash });
      prevHash = hash;
    }
    expect(verify(recomputed, [kept]).firstBroken).toMatchObject({ seq: 10, kind: 'checkpoint-mismatch' });
  });

  it('refuses a forged checkpoint and one checked with the wrong key', () => {
    const entries = chain(4);
    const forged = { ...checkpointAt(entries, 4), treeSize: 3, headHash: entries[2]!.hash };
    expect(verify(entries, [forged]).firstBroken).toMatchObject({ seq: 3, kind: 'checkpoint-forged' });
    const report = verify(entries, [checkpointAt(entries, 4, otherKey)]);
    expect(report.firstBroken).toMatchObject({ seq: 4, kind: 'checkpoint-forged' });
    expect(report.firstBroken?.message).toContain('the key given is');
  });

  it('notes when there is no checkpoint yet', () => {
    expect(verify(chain(2)).notes).toEqual(['no signed checkpoint yet: only the chain was checked']);
  });
});
