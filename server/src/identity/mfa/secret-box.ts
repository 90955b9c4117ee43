import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createFileAtomically } from '../../platform';

/** Format byte of a sealed secret: AES-256-GCM, 12-byte IV, 16-byte tag. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Encrypts a TOTP secret for storage. The additional data binds the
 * ciphertext to its user, so a row copied to another user does not decrypt.
 */
export function seal(key: Buffer, plaintext: string, boundTo: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Decrypts what `seal` produced; throws if the bytes, the key or the binding differ. */
export function open(key: Buffer, sealed: Buffer, boundTo: string): string {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed MFA secret');
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/**
 * Reads the MFA encryption key (32 bytes, base64, in a file outside the
 * database); when it is missing and `createIfMissing` (local and test use),
 * generates one (0600). Several processes, or the modules deriving keys from
 * it at boot, may race to create it: the losers read the winner's.
 */
export async function loadMfaEncryptionKey(file: string, createIfMissing: boolean): Promise<Buffer> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !createIfMissing) {
      throw new Error(`cannot read the MFA encryption key at ${file}: ${(error as Error).message}`);
    }
    // Created whole or not at all; a loader that lost the race reads the winner's.
    await createFileAtomically(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, 0o600);
    text = await readFile(file, 'utf8');
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`the MFA encryption key at ${file} is not 32 bytes of base64`);
  return key;
}
