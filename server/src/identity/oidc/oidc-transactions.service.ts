import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OidcTransactionEntity, OidcPurpose } from './oidc-transaction.entity';
import { OidcTransactionRepository } from './oidc-transaction.repository';

/** How long a sign-in at the identity provider may take. */
export const OIDC_TRANSACTION_TTL_MS = 10 * 60_000;

const hashHandle = (handle: string) => createHash('sha256').update(handle).digest();

export interface NewOidcTransaction {
  providerId: string;
  purpose: OidcPurpose;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  sessionId: string | null;
  returnTo: string | null;
}

/**
 * Authorization requests in flight, server-side. The browser that started one
 * holds its random handle in a cookie, so a callback URL replayed, forged or
 * opened in another browser finds nothing; consuming deletes the row, so each
 * works once.
 */
@Injectable()
export class OidcTransactionsService {
  constructor(private readonly transactions: OidcTransactionRepository) {}

  /** Stores a transaction; returns the handle for the cookie (never stored) and its expiry. */
  async create(input: NewOidcTransaction): Promise<{ handle: string; expiresAt: Date }> {
    // Abandoned sign-ins leave rows behind; clear the expired ones as new ones arrive.
    await this.transactions.deleteExpired(new Date());
    const handle = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + OIDC_TRANSACTION_TTL_MS);
    await this.transactions.insert({ ...input, handleHash: hashHandle(handle), expiresAt });
    return { handle, expiresAt };
  }

  /** Takes the live transaction behind a handle, once: null if unknown, used already or expired. */
  async consume(handle: string | undefined): Promise<OidcTransactionEntity | null> {
    if (!handle || handle.length > 100) return null;
    const transaction = await this.transactions.take(hashHandle(handle));
    if (!transaction || transaction.expiresAt.getTime() <= Date.now()) return null;
    return transaction;
  }
}
