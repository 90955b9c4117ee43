import { createHmac } from 'node:crypto';
import { loadMfaEncryptionKey } from '../../identity';
import type { AppConfig } from '../../platform';

/** Injection token of the HMAC key for the one-time codes of record links (a Buffer). */
export const CIRCULATION_CODE_KEY = Symbol('CIRCULATION_CODE_KEY');

/**
 * The key that hashes record links' one-time codes, derived from the server's
 * secret key file (MFA_ENCRYPTION_KEY_FILE, outside the database) for this one
 * purpose, as for family sign-in codes: a copy of the database alone cannot
 * test the million possible codes.
 */
export async function loadCirculationCodeKey(
  config: Pick<AppConfig, 'mfaEncryptionKeyFile' | 'mfaCreateEncryptionKey'>,
): Promise<Buffer> {
  const secret = await loadMfaEncryptionKey(config.mfaEncryptionKeyFile, config.mfaCreateEncryptionKey);
  return createHmac('sha256', secret).update('roundtable record circulation codes v1').digest();
}
