import { generateKeyPairSync } from 'node:crypto';
import { type AuditEntryContent, entryHash, GENESIS_HASH, signCheckpoint, type StoredAuditEntry } from './audit-chain';
import { isTombstonedEntry } from './audit-tombstone';
import { ChainVerifier } from './chain-verifier';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

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

/** What retention_tombstone_audit_entries leaves of an entry. */
function tombstone(e: StoredAuditEntry): StoredAuditEntry {
  return {
    ...e,
    actorUserId: null,
    actorAgency: null,
    meetingId: null,
    subjectType: null,
    subjectId: null,
    details: { tombstone: { rule: 'strategy-discussion-records', destroyedAt: '2061-03-02T02:30:00.000Z' } },
  };
}

function verify(entries: StoredAuditEntry[], checkpoints: ReturnType<typeof signCheckpoint>[] = []) {
  const verifier = new ChainVerifier(publicKey, checkpoints);
  for (const e of entries) verifier.add(e);
  return verifier.finish();
}

describe('tombstoned audit entries', () => {
  it('verify by their stored hash, checkpoints included', () => {
    const entries = chain(6);
    const checkpoint = signCheckpoint(privateKey, 6, entries[5]!.hash, new Date().toISOString());
    const destroyed = entries.map((e) => (e.seq === 2 || e.seq === 6 ? tombstone(e) : e));
    expect(verify(destroyed, [checkpoint])).toMatchObject({ ok: true, entriesChecked: 6 });
  });

  it('still have their links checked: a tombstone with a changed hash is reported as rewritten', () => {
    const entries = chain(5);
    const forged = { ...tombstone(entries[2]!), hash: Buffer.alloc(32, 7) };
    const report = verify(entries.map((e) => (e.seq === 3 ? forged : e)));
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 3, kind: 'rewritten' });
  });

  it('still have their predecessor checked: a tombstone linking elsewhere is reported', () => {
    const entries = chain(4);
    const relinked = { ...tombstone(entries[2]!), prevHash: Buffer.alloc(32, 9) };
    const report = verify(entries.map((e) => (e.seq === 3 ? relinked : e)));
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.seq).toBe(2);
  });

  it('are only what the destruction path writes: anything else left in the entry is an alteration', () => {
    const entries = chain(3);
    const half = { ...tombstone(entries[1]!), actorUserId: entries[1]!.actorUserId };
    expect(isTombstonedEntry(half)).toBe(false);
    expect(verify(entries.map((e) => (e.seq === 2 ? half : e))).firstBroken).toMatchObject({ seq: 2, kind: 'altered' });
    const extra = { ...tombstone(entries[1]!), details: { tombstone: { rule: 'x' }, harm: 'yes' } };
    expect(isTombstonedEntry(extra)).toBe(false);
    const noRule = { ...tombstone(entries[1]!), details: { tombstone: {} } };
    expect(isTombstonedEntry(noRule)).toBe(false);
  });
});
