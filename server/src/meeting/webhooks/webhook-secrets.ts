import { hkdfSync, randomBytes } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX } from '@roundtable/shared/webhooks';
import { loadMfaEncryptionKey, openSealedSecret, sealSecret } from '../../identity';
import type { AppConfig } from '../../platform';

/** Injection token of the AES-256 key that encrypts signing secrets at rest (a Buffer). */
export const WEBHOOK_SECRET_KEY = Symbol('WEBHOOK_SECRET_KEY');

/**
 * The key that encrypts webhook signing secrets: derived (HKDF-SHA-256) from the
 * key file that encrypts TOTP secrets (MFA_ENCRYPTION_KEY_FILE), so a copy of the
 * database alone cannot sign webhooks, and no second key file to look after.
 */
export async function loadWebhookSecretKey(
  config: Pick<AppConfig, 'mfaEncryptionKeyFile' | 'mfaCreateEncryptionKey'>,
): Promise<Buffer> {
  const root = await loadMfaEncryptionKey(config.mfaEncryptionKeyFile, config.mfaCreateEncryptionKey);
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), 'roundtable webhook signing secrets v1', 32));
}

/** A Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Encrypted for storage, bound to its subscription (a row copied to another does not decrypt). */
export function sealWebhookSecret(key: Buffer, secret: string, subscriptionId: string): Buffer {
  return sealSecret(key, secret, `webhook-subscription:${subscriptionId}`);
}

export function openWebhookSecret(key: Buffer, sealed: Buffer, subscriptionId: string): string {
  return openSealedSecret(key, sealed, `webhook-subscription:${subscriptionId}`);
}
