import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  addSignatures,
  checkpointText,
  cosign,
  formatNote,
  NoteFormatError,
  type NoteSignature,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  signatureLine,
  signNote,
  SIG_TYPE_COSIGNATURE_V1,
  verifierKey,
  verifyCosignature,
  verifyNoteSignature,
} from './signed-note';

// The reference key and note of golang.org/x/mod/sumdb/note (note_test.go), the C2SP signed-note reference implementation.
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNED = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const peterKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), SKEY_SEED]),
  format: 'der',
  type: 'pkcs8',
});

describe('C2SP signed notes', () => {
  it('reproduces the reference note byte for byte (key id, verifier key, signature)', () => {
    expect(signNote(TEXT, 'PeterNeumann', peterKey)).toBe(SIGNED);
    expect(verifierKey('PeterNeumann', peterKey)).toBe(VKEY);
    const { publicKey, name, keyId } = parseVerifierKey(VKEY);
    expect(name).toBe('PeterNeumann');
    expect(keyId.toString('hex')).toBe('c74f20a3');
    expect(verifyNoteSignature(SIGNED, 'PeterNeumann', publicKey)).toBe(true);
    expect(parseNote(SIGNED).text).toBe(TEXT);
  });

  it('rejects altered text, another name, another key, and a mangled verifier key', () => {
    const { publicKey } = parseVerifierKey(VKEY);
    expect(verifyNoteSignature(SIGNED.replace('cryptography', 'cryptographY'), 'PeterNeumann', publicKey)).toBe(false);
    expect(verifyNoteSignature(SIGNED, 'PeterNeumann2', publicKey)).toBe(false);
    expect(verifyNoteSignature(SIGNED, 'PeterNeumann', generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(verifyNoteSignature('no signatures\n', 'PeterNeumann', publicKey)).toBe(false);
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(NoteFormatError);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow(NoteFormatError);
  });

  it('property: any valid text signs and verifies; any one-character change breaks it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const line = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.nat(), (lines, at) => {
        const text = lines.map((l) => `${l}\n`).join('');
        const note = signNote(text, 'example.org/log', privateKey);
        expect(verifyNoteSignature(note, 'example.org/log', publicKey)).toBe(true);
        expect(parseNote(note).text).toBe(text);
        const i = at % (text.length - 1);
        const changed = text.slice(0, i) + (text[i] === 'x' ? 'y' : 'x') + text.slice(i + 1);
        if (changed !== text)
          expect(verifyNoteSignature(note.replace(text, changed), 'example.org/log', publicKey)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects malformed notes', () => {
    for (const bad of [
      '',
      'text\n',
      'text\n\n',
      'text\n\n\u2014 name\n',
      'text\n\n- name AAAAAAA=\n',
      'text\n\n\u2014 name AAAAAAA=',
    ]) {
      expect(() => parseNote(bad)).toThrow(NoteFormatError);
    }
    expect(() => signNote('no newline', 'k', peterKey)).toThrow(NoteFormatError);
    expect(() => signNote('tab\there\n', 'k', peterKey)).toThrow(NoteFormatError);
    expect(() => signNote('text\n', 'bad name', peterKey)).toThrow(NoteFormatError);
    expect(() => signNote('text\n', 'bad+name', peterKey)).toThrow(NoteFormatError);
  });
});

describe('C2SP checkpoints and cosignatures', () => {
  const root = Buffer.alloc(32, 7);
  const body = checkpointText('example.org/audit', 42, root);
  const { privateKey: logKey, publicKey: logPublic } = generateKeyPairSync('ed25519');
  const { privateKey: witnessKey, publicKey: witnessPublic } = generateKeyPairSync('ed25519');

  it('formats and parses the checkpoint body', () => {
    expect(body).toBe(`example.org/audit\n42\n${root.toString('base64')}\n`);
    expect(parseCheckpoint(body)).toEqual({ origin: 'example.org/audit', size: 42, rootHash: root, extensions: [] });
    expect(parseCheckpoint(checkpointText('o', 0, root, ['ext one'])).extensions).toEqual(['ext one']);
    for (const bad of [
      'o\n042\n' + root.toString('base64') + '\n',
      'o\n1\nAAAA\n',
      'o\n1\n',
      '\n1\n' + root.toString('base64') + '\n',
    ]) {
      expect(() => parseCheckpoint(bad)).toThrow(NoteFormatError);
    }
    expect(() => checkpointText('o', 1, Buffer.alloc(31))).toThrow(NoteFormatError);
  });

  it('a witness cosignature verifies on the checkpoint it signed, with its timestamp, and on nothing else', () => {
    const note = signNote(body, 'example.org/audit', logKey);
    const cosignature = cosign(body, 'witness.example/police', witnessKey, 1_766_570_000);
    expect(cosignature.signature.length).toBe(72);
    expect(verifyCosignature(body, cosignature, 'witness.example/police', witnessPublic)).toEqual({
      timestamp: 1_766_570_000,
    });
    const cosigned = addSignatures(note, [cosignature]);
    expect(addSignatures(cosigned, [cosignature])).toBe(cosigned);
    expect(cosigned).toBe(formatNote({ text: body, signatures: [...parseNote(note).signatures, cosignature] }));
    expect(cosigned.endsWith(signatureLine(cosignature))).toBe(true);
    // The log's signature still verifies, and a cosignature is not a plain note signature.
    expect(verifyNoteSignature(cosigned, 'example.org/audit', logPublic)).toBe(true);
    expect(verifyNoteSignature(cosigned, 'witness.example/police', witnessPublic)).toBe(false);
    const parsed = parseNote(cosigned).signatures[1] as NoteSignature;
    expect(verifyCosignature(body, parsed, 'witness.example/police', witnessPublic)).toEqual({
      timestamp: 1_766_570_000,
    });
    // Another checkpoint, another timestamp, another key: rejected.
    expect(
      verifyCosignature(checkpointText('example.org/audit', 43, root), parsed, 'witness.example/police', witnessPublic),
    ).toBeNull();
    const otherTime = { ...parsed, signature: Buffer.from(parsed.signature) };
    otherTime.signature.writeBigUInt64BE(1_766_570_001n);
    expect(verifyCosignature(body, otherTime, 'witness.example/police', witnessPublic)).toBeNull();
    expect(verifyCosignature(body, parsed, 'witness.example/police', logPublic)).toBeNull();
    expect(parseVerifierKey(verifierKey('witness.example/police', witnessPublic, SIG_TYPE_COSIGNATURE_V1)).type).toBe(
      SIG_TYPE_COSIGNATURE_V1,
    );
  });
});
