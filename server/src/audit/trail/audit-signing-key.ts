import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createFileAtomically } from '../../platform';
import { keyIdOf } from './audit-chain';

/** The Ed25519 key that signs audit checkpoints. It lives in a file, never in the database. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** SPKI PEM: what partners and `npm run audit:verify` use to check checkpoints. */
  publicKeyPem: string;
}

/** Where the public half is written beside the private key file. */
export function publicKeyFileFor(privateKeyFile: string): string {
  return privateKeyFile.replace(/(\.pem)?$/, '.pub.pem');
}

/**
 * Reads the signing key; when it is missing and `createIfMissing` (local and
 * test use), generates one and writes both halves (private 0600). Processes
 * starting together on a new data directory agree on one key.
 */
export async function loadSigningKey(file: string, createIfMissing: boolean): Promise<AuditSigningKey> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !createIfMissing) {
      throw new Error(`cannot read the audit signing key at ${file}: ${(error as Error).message}`);
    }
    // Created whole or not at all; a process that lost the race reads the winner's.
    const made = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    pem = (await createFileAtomically(file, made, 0o600)) ? made : await readFile(file, 'utf8');
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the audit signing key at ${file} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await writeFile(publicKeyFileFor(file), publicKeyPem, { mode: 0o644 });
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), publicKeyPem };
}

/** Reads a public key (SPKI PEM) for verification. */
export async function loadPublicKey(file: string): Promise<KeyObject> {
  const key = createPublicKey(await readFile(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 public key`);
  return key;
}
