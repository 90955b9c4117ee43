import { createHash, randomBytes } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@roundtable/shared/mfa';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** One code: 10 base32 characters (50 random bits), printed as `abcde-fghij`. */
function newCode(): string {
  const bytes = randomBytes(10);
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A fresh set of recovery codes, as shown to the user (once). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newCode());
  return [...codes];
}

/**
 * What is stored of a code: SHA-256 of its normalised form. A slow hash is
 * not needed: 50 random bits cannot be guessed offline from a hash the way a
 * person's password can, and attempts online are rate limited.
 */
export function hashRecoveryCode(code: string): Buffer {
  return createHash('sha256')
    .update(code.replace(/[\s-]+/g, '').toLowerCase())
    .digest();
}
