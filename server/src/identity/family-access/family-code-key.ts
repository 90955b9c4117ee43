import { createHmac } from 'node:crypto';
import type { AppConfig } from '../../platform';
import { loadMfaEncryptionKey } from '../mfa/secret-box';

/** Injection token of the HMAC key for sign-in codes (a Buffer). */
export const FAMILY_CODE_KEY = Symbol('FAMILY_CODE_KEY');

/**
 * The key that hashes one-time codes, derived from the server's secret key
 * file (MFA_ENCRYPTION_KEY_FILE, outside the database) for this one purpose:
 * a copy of the database alone cannot test the million possible codes.
 */
export async function loadFamilyCodeKey(config: Pick<AppConfig, 'mfaEncryptionKeyFile' | 'mfaCreateEncryptionKey'>) {
  const secret = await loadMfaEncryptionKey(config.mfaEncryptionKeyFile, config.mfaCreateEncryptionKey);
  return createHmac('sha256', secret).update('roundtable family sign-in codes v1').digest();
}
