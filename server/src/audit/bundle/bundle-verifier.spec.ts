import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { type AuditDetails, entryHash, GENESIS_HASH, type StoredAuditEntry } from '../trail/audit-chain';
import { leafHash, rootFromLeafHashes } from '../trail/merkle-tree';
import { addSignatures, checkpointText, cosign, signNote } from '../trail/signed-note';
import { bundleFiles, BundleFormatError, parseBundleFiles } from './audit-bundle';
import { verifyBundle } from './bundle-verifier';
import { readTarGz, writeTarGz } from './tar';

const ORIGIN = 'roundtable.test/audit';
const log = generateKeyPairSync('ed25519');
const witness = generateKeyPairSync('ed25519');
const WITNESS = 'police.example-witness';
const SEALED_PDF = 'ab'.repeat(32);

function chain(count: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      type: seq === 4 ? ('record.sealed' as const) : ('auth.sign-in' as const),
      outcome: 'success' as const,
      actorUserId: null,
      actorAgency: null,
      meetingId: null,
      subjectType: null,
      subjectId: null,
      details: (seq === 4
        ? { version: 1, files: { shared: { pdfSha256: SEALED_PDF, pdfBytes: 10 } } }
        : { index: seq }) as AuditDetails,
    };
    const hash = entryHash(prev, content);
    entries.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

function checkpoint(entries: StoredAuditEntry[], size: number, cosigned = true): { size: number; note: string } {
  const root = rootFromLeafHashes(entries.slice(0, size).map((e) => leafHash(e.hash)));
  const text = checkpointText(ORIGIN, size, root);
  const note = signNote(text, ORIGIN, log.privateKey);
  return {
    size,
    note: cosigned ? addSignatures(note, [cosign(text, WITNESS, witness.privateKey, 1_800_000_000)]) : note,
  };
}

async function bundle(entries: StoredAuditEntry[], checkpoints = [checkpoint(entries, 10), checkpoint(entries, 20)]) {
  return parseBundleFiles(
    await readTarGz(
      await writeTarGz(
        bundleFiles({
          exportedAt: '2026-12-07T06:00:00.000Z',
          entries,
          checkpoints,
          logPublicKeyPem: createPublicKey(log.privateKey).export({ type: 'spki', format: 'pem' }).toString(),
          witnesses: [],
        }),
        new Date(),
      ),
    ),
  );
}

const trusted = [{ name: WITNESS, publicKey: witness.publicKey }];

describe('offline verification of an export bundle', () => {
  it('verifies a valid export, its checkpoints and its cosignatures, and proves an entry and a sealed record', async () => {
    const entries = chain(25);
    const report = verifyBundle(await bundle(entries), [log.publicKey], trusted, { seq: 13 });
    expect(report).toMatchObject({ ok: true, entriesChecked: 25, checkpointsChecked: 2, firstBroken: null });
    expect(report.witnesses).toEqual([{ name: WITNESS, largestCosignedSize: 20 }]);
    expect(report.inclusion).toMatchObject({ seq: 13, checkpointSize: 20, proven: true, cosignedBy: [WITNESS] });

    const sealed = verifyBundle(await bundle(entries), [log.publicKey], trusted, {
      recordHash: SEALED_PDF.toUpperCase(),
    });
    expect(sealed.inclusion).toMatchObject({ seq: 4, checkpointSize: 10, proven: true });
    const unknown = verifyBundle(await bundle(entries), [log.publicKey], trusted, { recordHash: 'cd'.repeat(32) });
    expect(unknown.inclusion).toMatchObject({ proven: false });
    expect(unknown.inclusion?.message).toContain('no sealed record');
    // Past the last checkpoint: intact, but not yet vouched for.
    expect(verifyBundle(await bundle(entries), [log.publicKey], trusted, { seq: 23 }).inclusion).toMatchObject({
      proven: false,
      checkpointSize: null,
    });
  });

  it('names the entry whose detail was changed', async () => {
    const entries = chain(25);
    entries[6] = { ...entries[6]!, details: { index: -1 } };
    const report = verifyBundle(
      await bundle(entries, [checkpoint(chain(25), 10), checkpoint(chain(25), 20)]),
      [log.publicKey],
      trusted,
    );
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 7, kind: 'altered' });
  });

  it('names a removed entry, and the checkpoints it falsifies', async () => {
    const original = chain(25);
    const entries = original.filter((e) => e.seq !== 9);
    const report = verifyBundle(
      await bundle(entries, [checkpoint(original, 10), checkpoint(original, 20)]),
      [log.publicKey],
      trusted,
    );
    expect(report.firstBroken).toMatchObject({ seq: 9, kind: 'missing' });
    expect(report.problems.map((p) => p.kind)).toContain('checkpoint-mismatch');
  });

  it('catches a rewritten history whose chain was recomputed, by the signed root', async () => {
    const original = chain(25);
    const rewritten = chain(25).map((e) => ({ ...e }));
    // Recompute the chain from entry 5 on with a changed detail: the chain alone cannot tell.
    let prev = rewritten[3]!.hash;
    for (const e of rewritten.slice(4)) {
      if (e.seq === 5) e.details = { index: 500 };
      e.prevHash = prev;
      e.hash = entryHash(prev, e);
      prev = e.hash;
    }
    const report = verifyBundle(
      await bundle(rewritten, [checkpoint(original, 10), checkpoint(original, 20)]),
      [log.publicKey],
      trusted,
    );
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 10, kind: 'checkpoint-mismatch' });
  });

  it('detects a changed checkpoint and a forged cosignature', async () => {
    const entries = chain(25);
    const good = checkpoint(entries, 20);
    const changed = { size: 20, note: good.note.replace(/\n20\n/, '\n21\n') };
    const report = verifyBundle(await bundle(entries, [checkpoint(entries, 10), changed]), [log.publicKey], trusted);
    expect(report.firstBroken).toMatchObject({ seq: 21, kind: 'checkpoint-forged' });

    const impostor = generateKeyPairSync('ed25519');
    const text = checkpointText(ORIGIN, 10, rootFromLeafHashes(entries.slice(0, 10).map((e) => leafHash(e.hash))));
    const forged = {
      size: 10,
      note: addSignatures(signNote(text, ORIGIN, log.privateKey), [cosign(text, WITNESS, impostor.privateKey)]),
    };
    const withForgery = verifyBundle(await bundle(entries, [forged]), [log.publicKey], trusted);
    // A different key has a different key id: the line is not the witness's, so it simply does not count.
    expect(withForgery.witnesses).toEqual([{ name: WITNESS, largestCosignedSize: null }]);

    const tamperedSignature = cosign(text, WITNESS, witness.privateKey, 1_800_000_000);
    tamperedSignature.signature[20] = (tamperedSignature.signature[20] ?? 0) ^ 1;
    const bad = { size: 10, note: addSignatures(signNote(text, ORIGIN, log.privateKey), [tamperedSignature]) };
    expect(verifyBundle(await bundle(entries, [bad]), [log.publicKey], trusted).firstBroken).toMatchObject({
      seq: 10,
      kind: 'cosignature-invalid',
    });
  });

  it('follows a log key rotation when given both keys, and refuses checkpoints signed by neither', async () => {
    const entries = chain(12);
    const other = generateKeyPairSync('ed25519');
    expect(verifyBundle(await bundle(entries), [other.publicKey], []).firstBroken).toMatchObject({
      kind: 'checkpoint-forged',
    });
    expect(
      verifyBundle(await bundle(entries, [checkpoint(entries, 10)]), [other.publicKey, log.publicKey], []).ok,
    ).toBe(true);
  });

  it('refuses a bundle it cannot read with a clear error', async () => {
    const files = bundleFiles({
      exportedAt: 'x',
      entries: chain(2),
      checkpoints: [],
      logPublicKeyPem: '',
      witnesses: [],
    });
    files.set('entries.jsonl', Buffer.from('{"seq": 1}\n'));
    expect(() => parseBundleFiles(files)).toThrow(BundleFormatError);
    expect(() => parseBundleFiles(files)).toThrow(/entries.jsonl line 1 is not an audit entry/);
    expect(() => parseBundleFiles(new Map())).toThrow(/no manifest.json/);
  });
});
