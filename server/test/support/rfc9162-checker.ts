import { createHash, type KeyObject, verify } from 'node:crypto';

/**
 * An independent checker for the audit trail's Merkle tree, written straight
 * from RFC 9162 §2.1's recursive definitions (MTH, PATH, SUBPROOF) and the
 * C2SP signed-note text: naive recursion over whole arrays of leaf data, its
 * own hashing, and nothing from the code under test. Tests compare the app's
 * proofs with these.
 */

const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();

/** k: the largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p / 2;
}

/** MTH(D[n]) over leaf data. */
export function mth(d: readonly Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.of(0), d[0] as Buffer);
  const k = split(d.length);
  return sha(Buffer.of(1), mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]): the inclusion proof of leaf m. */
export function path(m: number, d: readonly Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** SUBPROOF(m, D[n], b). */
function subproof(m: number, d: readonly Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]): the consistency proof from the tree of m leaves (0 < m < n; empty when m = n). */
export function proof(m: number, d: readonly Buffer[]): Buffer[] {
  return m === d.length ? [] : subproof(m, d, true);
}

/**
 * Checks a C2SP checkpoint note by hand: the text is `origin\nsize\nbase64(root)\n`,
 * then a blank line, then `— <origin> base64(keyid ‖ sig)` with keyid =
 * SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ raw public key)[:4] and an Ed25519 signature of the text.
 */
export function readCheckpointNote(note: string, publicKey: KeyObject): { origin: string; size: number; root: Buffer } {
  const [text, signatures] = note.split('\n\n');
  if (text === undefined || signatures === undefined) throw new Error('not a signed note');
  const [origin = '', size = '', root = ''] = text.split('\n');
  const line = signatures.split('\n').find((l) => l.startsWith(`\u2014 ${origin} `));
  if (!line) throw new Error(`no signature by ${origin}`);
  const blob = Buffer.from(line.slice(`\u2014 ${origin} `.length), 'base64');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = sha(Buffer.from(`${origin}\n`), Buffer.of(1), spki.subarray(spki.length - 32)).subarray(0, 4);
  if (!blob.subarray(0, 4).equals(keyId)) throw new Error('the key id does not match the key');
  if (!verify(null, Buffer.from(`${text}\n`), publicKey, blob.subarray(4))) throw new Error('bad signature');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}
