import { createHash, randomBytes } from 'node:crypto';
import { SERVICE_TOKEN_HINT_LENGTH, SERVICE_TOKEN_PREFIX } from '@roundtable/shared/integrations';

/** A new token: the prefix and 32 random bytes (base64url); shown once, only its SHA-256 kept. */
export function newServiceToken(): { token: string; hash: Buffer; hint: string } {
  const token = `${SERVICE_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashServiceToken(token), hint: token.slice(0, SERVICE_TOKEN_HINT_LENGTH) };
}

export const hashServiceToken = (token: string): Buffer => createHash('sha256').update(token).digest();
