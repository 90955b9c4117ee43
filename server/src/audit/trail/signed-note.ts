import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { HASH_SIZE } from './merkle-tree';

/**
 * C2SP signed notes (https://c2sp.org/signed-note), the checkpoint body of
 * C2SP tlog-checkpoint and the Ed25519 cosignatures of C2SP tlog-cosignature
 * (`cosignature/v1`). Pure, no I/O; keys are Node KeyObjects.
 *
 * A note is its text (UTF-8, every line ending in a newline), a blank line,
 * then one line per signature: `— <key name> base64(key id ‖ signature)`.
 */

/** Signature type bytes (C2SP signed-note "Signature types"). */
export const SIG_TYPE_ED25519 = 0x01;
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;

const EM_DASH = '\u2014';

export interface NoteSignature {
  name: string;
  /** The 4-byte key id. */
  keyId: Buffer;
  /** What follows the key id: the Ed25519 signature, or for cosignature/v1 the 8-byte timestamp then the signature. */
  signature: Buffer;
}

export interface Note {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Buffer;
  /** Extension lines (without their newlines), if any. */
  extensions: string[];
}

export class NoteFormatError extends Error {}

/** The raw 32-byte Ed25519 public key. */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new NoteFormatError('not an Ed25519 key');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.from(spki.subarray(spki.length - 32));
}

/** An Ed25519 public key from its raw 32 bytes. */
export function ed25519PublicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new NoteFormatError('an Ed25519 public key is 32 bytes');
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
}

/** A key name: non-empty, no Unicode spaces, no plus sign. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** C2SP key id: SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]. */
export function keyIdFor(name: string, type: number, publicKey: KeyObject): Buffer {
  if (!isValidKeyName(name)) throw new NoteFormatError(`invalid key name ${JSON.stringify(name)}`);
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.of(0x0a, type))
    .update(rawEd25519PublicKey(publicKey))
    .digest()
    .subarray(0, 4);
}

/** The verifier key string `<name>+<hex key id>+<base64(type ‖ public key)>` that partners configure. */
export function verifierKey(name: string, publicKey: KeyObject, type = SIG_TYPE_ED25519): string {
  const material = Buffer.concat([Buffer.of(type), rawEd25519PublicKey(publicKey)]);
  return `${name}+${keyIdFor(name, type, publicKey).toString('hex')}+${material.toString('base64')}`;
}

/** Parses a verifier key string; checks that its key id matches its name and key. */
export function parseVerifierKey(vkey: string): { name: string; type: number; keyId: Buffer; publicKey: KeyObject } {
  const parts = vkey.split('+');
  if (parts.length < 3) throw new NoteFormatError('a verifier key is name+keyid+key');
  const material = Buffer.from(parts.slice(2).join('+'), 'base64');
  const [name = '', hexId = ''] = parts;
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hexId) || material.length !== 33)
    throw new NoteFormatError('malformed verifier key');
  const type = material[0] ?? -1;
  if (type !== SIG_TYPE_ED25519 && type !== SIG_TYPE_COSIGNATURE_V1)
    throw new NoteFormatError(`unsupported signature type 0x${type.toString(16)}`);
  const publicKey = ed25519PublicKeyFromRaw(material.subarray(1));
  const keyId = keyIdFor(name, type, publicKey);
  if (!keyId.equals(Buffer.from(hexId, 'hex'))) throw new NoteFormatError('verifier key id does not match its key');
  return { name, type, keyId, publicKey };
}

function checkText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new NoteFormatError('note text must end with a newline');
  // Control characters other than newline are not allowed (C2SP signed-note).
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) throw new NoteFormatError('note text has control characters');
}

/** One signature line, newline included. */
export function signatureLine(signature: NoteSignature): string {
  const blob = Buffer.concat([signature.keyId, signature.signature]).toString('base64');
  return `${EM_DASH} ${signature.name} ${blob}\n`;
}

/** The note's serialised form: text, a blank line, the signature lines. */
export function formatNote(note: Note): string {
  checkText(note.text);
  if (note.signatures.length === 0) throw new NoteFormatError('a signed note has at least one signature');
  return `${note.text}\n${note.signatures.map(signatureLine).join('')}`;
}

/** Parses a signed note (without verifying anything). */
export function parseNote(serialised: string): Note {
  const split = serialised.lastIndexOf('\n\n');
  if (split < 0) throw new NoteFormatError('a signed note has a blank line before its signatures');
  const text = serialised.slice(0, split + 1);
  checkText(text);
  const block = serialised.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteFormatError('signature lines must end with a newline');
  const signatures = block
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const [, name = '', encoded = ''] = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line) ?? [];
      if (!isValidKeyName(name)) throw new NoteFormatError(`malformed signature line ${JSON.stringify(line)}`);
      const blob = Buffer.from(encoded, 'base64');
      if (blob.length < 5 || blob.toString('base64') !== encoded)
        throw new NoteFormatError(`malformed signature in line ${JSON.stringify(line)}`);
      return { name, keyId: blob.subarray(0, 4), signature: blob.subarray(4) };
    });
  if (signatures.length === 0) throw new NoteFormatError('a signed note has at least one signature');
  return { text, signatures };
}

/** The Ed25519 note signature over `text` by the key called `keyName`. */
export function noteSignature(text: string, keyName: string, privateKey: KeyObject): NoteSignature {
  checkText(text);
  return {
    name: keyName,
    keyId: keyIdFor(keyName, SIG_TYPE_ED25519, privateKey),
    signature: sign(null, Buffer.from(text, 'utf8'), privateKey),
  };
}

/** Signs `text` as a C2SP signed note: returns the serialised note. */
export function signNote(text: string, keyName: string, privateKey: KeyObject): string {
  return formatNote({ text, signatures: [noteSignature(text, keyName, privateKey)] });
}

/** Adds signature lines to a serialised note (e.g. cosignatures), skipping ones already there. */
export function addSignatures(serialised: string, extra: readonly NoteSignature[]): string {
  const note = parseNote(serialised);
  const seen = new Set(note.signatures.map(signatureLine));
  const signatures = [...note.signatures, ...extra.filter((s) => !seen.has(signatureLine(s)))];
  return formatNote({ text: note.text, signatures });
}

/**
 * Is there a valid Ed25519 signature on the note by `keyName` with
 * `publicKey`? (Signatures by other names or key ids are ignored, as the
 * spec asks.) Accepts a parsed or serialised note.
 */
export function verifyNoteSignature(note: Note | string, keyName: string, publicKey: KeyObject): boolean {
  let parsed: Note;
  try {
    parsed = typeof note === 'string' ? parseNote(note) : note;
  } catch {
    return false;
  }
  const keyId = keyIdFor(keyName, SIG_TYPE_ED25519, publicKey);
  const message = Buffer.from(parsed.text, 'utf8');
  return parsed.signatures.some(
    (s) =>
      s.name === keyName &&
      s.keyId.equals(keyId) &&
      s.signature.length === 64 &&
      verify(null, message, publicKey, s.signature),
  );
}

// ---- tlog-checkpoint ----------------------------------------------------------------------------------------------

/** The C2SP checkpoint body: origin, decimal tree size, base64 root hash, each on its own line. */
export function checkpointText(
  origin: string,
  size: number,
  rootHash: Buffer,
  extensions: readonly string[] = [],
): string {
  if (origin.length === 0 || /[\n]/.test(origin)) throw new NoteFormatError('invalid origin line');
  if (!Number.isSafeInteger(size) || size < 0) throw new NoteFormatError('invalid tree size');
  if (rootHash.length !== HASH_SIZE) throw new NoteFormatError('a root hash is 32 bytes');
  if (extensions.some((line) => line.length === 0 || line.includes('\n')))
    throw new NoteFormatError('invalid extension line');
  const text = [origin, String(size), rootHash.toString('base64'), ...extensions].map((l) => `${l}\n`).join('');
  checkText(text);
  return text;
}

/** Parses a checkpoint body (the note's text). */
export function parseCheckpoint(text: string): Checkpoint {
  checkText(text);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteFormatError('a checkpoint has an origin, a size and a root hash');
  const [origin = '', sizeLine = '', rootLine = '', ...extensions] = lines;
  if (origin.length === 0) throw new NoteFormatError('empty origin line');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine)))
    throw new NoteFormatError('the tree size is a decimal number without leading zeros');
  const rootHash = Buffer.from(rootLine, 'base64');
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== rootLine)
    throw new NoteFormatError('the root hash is 32 bytes in standard base64');
  if (extensions.some((line) => line.length === 0)) throw new NoteFormatError('empty extension line');
  return { origin, size: Number(sizeLine), rootHash, extensions };
}

// ---- tlog-cosignature (cosignature/v1, Ed25519) ------------------------------------------------------------------

/** The message a cosignature/v1 signs: the header line, the time line, then the checkpoint body. */
export function cosignatureMessage(checkpointBody: string, timestamp: number): Buffer {
  checkText(checkpointBody);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new NoteFormatError('invalid cosignature timestamp');
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointBody}`, 'utf8');
}

/**
 * A witness's cosignature on a checkpoint body (the note text, without
 * signature lines) at `timestamp` (seconds since the epoch): a note
 * signature whose bytes are timestamp (u64 big-endian) ‖ Ed25519 signature.
 */
export function cosign(
  checkpointBody: string,
  cosignerName: string,
  privateKey: KeyObject,
  timestamp: number = Math.floor(Date.now() / 1000),
): NoteSignature {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  return {
    name: cosignerName,
    keyId: keyIdFor(cosignerName, SIG_TYPE_COSIGNATURE_V1, privateKey),
    signature: Buffer.concat([time, sign(null, cosignatureMessage(checkpointBody, timestamp), privateKey)]),
  };
}

/**
 * Checks a cosignature/v1 on `checkpointBody` by `cosignerName` with
 * `publicKey`: returns its timestamp (seconds), or null when it is not one.
 */
export function verifyCosignature(
  checkpointBody: string,
  signature: NoteSignature,
  cosignerName: string,
  publicKey: KeyObject,
): { timestamp: number } | null {
  if (signature.name !== cosignerName || signature.signature.length !== 8 + 64) return null;
  if (!signature.keyId.equals(keyIdFor(cosignerName, SIG_TYPE_COSIGNATURE_V1, publicKey))) return null;
  const time = signature.signature.readBigUInt64BE(0);
  if (time > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const timestamp = Number(time);
  let message: Buffer;
  try {
    message = cosignatureMessage(checkpointBody, timestamp);
  } catch {
    return null;
  }
  return verify(null, message, publicKey, signature.signature.subarray(8)) ? { timestamp } : null;
}
