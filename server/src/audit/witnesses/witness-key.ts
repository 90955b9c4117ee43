import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  ed25519PublicKeyFromRaw,
  keyIdFor,
  NoteFormatError,
  parseVerifierKey,
  rawEd25519PublicKey,
  SIG_TYPE_COSIGNATURE_V1,
  verifierKey,
} from '../trail/signed-note';

/** A witness's Ed25519 key as the app keeps it: the raw 32 bytes and its C2SP cosignature/v1 key id. */
export interface WitnessKey {
  name: string;
  publicKey: KeyObject;
  raw: Buffer;
  /** SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4] (C2SP tlog-cosignature). */
  keyId: Buffer;
  /** `name+keyid+base64(0x04 ‖ key)`. */
  verifierKey: string;
}

/** Why a key given at registration was refused (shown to the administrator). */
export class WitnessKeyError extends Error {}

/**
 * Reads the key an administrator pasted: a C2SP verifier key of type 0x04
 * (cosignature/v1) whose name must be the witness's name, or an SPKI PEM of
 * an Ed25519 key.
 */
export function parseWitnessKey(name: string, input: string): WitnessKey {
  const text = input.trim();
  let publicKey: KeyObject;
  if (text.includes('PRIVATE KEY')) throw new WitnessKeyError('This is a private key: give the public key only');
  if (text.startsWith('-----BEGIN')) {
    try {
      publicKey = createPublicKey(text);
    } catch {
      throw new WitnessKeyError('The PEM is not a public key');
    }
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new WitnessKeyError('The key must be an Ed25519 key');
  } else {
    let parsed: ReturnType<typeof parseVerifierKey>;
    try {
      parsed = parseVerifierKey(text);
    } catch (error) {
      const reason = error instanceof NoteFormatError ? error.message : 'malformed';
      throw new WitnessKeyError(`The verifier key is not valid: ${reason}`);
    }
    if (parsed.type !== SIG_TYPE_COSIGNATURE_V1)
      throw new WitnessKeyError('A witness verifier key has type 0x04 (cosignature/v1)');
    if (parsed.name !== name) throw new WitnessKeyError(`The verifier key names ${parsed.name}, not ${name}`);
    publicKey = parsed.publicKey;
  }
  return witnessKeyFromRaw(name, rawEd25519PublicKey(publicKey));
}

/** The key as stored (raw 32 bytes) with its derived ids. */
export function witnessKeyFromRaw(name: string, raw: Buffer): WitnessKey {
  const publicKey = ed25519PublicKeyFromRaw(raw);
  return {
    name,
    publicKey,
    raw,
    keyId: keyIdFor(name, SIG_TYPE_COSIGNATURE_V1, publicKey),
    verifierKey: verifierKey(name, publicKey, SIG_TYPE_COSIGNATURE_V1),
  };
}
