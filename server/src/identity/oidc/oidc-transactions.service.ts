import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, LessThan, type Repository } from 'typeorm';
import { OidcTransactionEntity, type OidcPurpose } from './oidc-transaction.entity';

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
  constructor(
    @InjectRepository(OidcTransactionEntity) private readonly transactions: Repository<OidcTransactionEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Stores a transaction; returns the handle for the cookie (never stored) and its expiry. */
  async create(input: NewOidcTransaction): Promise<{ handle: string; expiresAt: Date }> {
    // Abandoned sign-ins leave rows behind; clear the expired ones as new ones arrive.
    await this.transactions.delete({ expiresAt: LessThan(new Date()) });
    const handle = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + OIDC_TRANSACTION_TTL_MS);
    await this.transactions.insert({ ...input, handleHash: hashHandle(handle), expiresAt });
    return { handle, expiresAt };
  }

  /** Takes the live transaction behind a handle, once: null if unknown, used already or expired. */
  async consume(handle: string | undefined): Promise<OidcTransactionEntity | null> {
    if (!handle || handle.length > 100) return null;
    const [rows] = (await this.dataSource.query(
      `DELETE FROM oidc_transactions WHERE handle_hash = $1
       RETURNING id, provider_id, purpose, state, nonce, code_verifier, redirect_uri, session_id, return_to,
                 created_at, expires_at`,
      [hashHandle(handle)],
    )) as [Record<string, unknown>[], number];
    const row = rows[0];
    if (!row || (row.expires_at as Date).getTime() <= Date.now()) return null;
    return this.transactions.create({
      id: row.id as string,
      providerId: row.provider_id as string,
      purpose: row.purpose as OidcPurpose,
      state: row.state as string,
      nonce: row.nonce as string,
      codeVerifier: row.code_verifier as string,
      redirectUri: row.redirect_uri as string,
      sessionId: row.session_id as string | null,
      returnTo: row.return_to as string | null,
      createdAt: row.created_at as Date,
      expiresAt: row.expires_at as Date,
    });
  }
}
