import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { OidcTransactionEntity, type OidcPurpose } from './oidc-transaction.entity';

/** The columns a new transaction is written with. */
export type NewOidcTransactionRow = Pick<
  OidcTransactionEntity,
  | 'handleHash'
  | 'providerId'
  | 'purpose'
  | 'state'
  | 'nonce'
  | 'codeVerifier'
  | 'redirectUri'
  | 'sessionId'
  | 'returnTo'
  | 'expiresAt'
>;

/** `oidc_transactions`: authorization requests in flight, found by the hash of the browser's handle. */
@Injectable()
export class OidcTransactionRepository {
  constructor(
    @InjectRepository(OidcTransactionEntity) private readonly transactions: Repository<OidcTransactionEntity>,
  ) {}

  /** Deletes the transactions that expired before `now`. */
  async deleteExpired(now: Date): Promise<void> {
    await this.transactions.delete({ expiresAt: LessThan(now) });
  }

  async insert(transaction: NewOidcTransactionRow): Promise<void> {
    await this.transactions.insert(transaction);
  }

  /** Deletes the transaction behind a handle hash and returns it (expired or not): each is taken once. */
  async take(handleHash: Buffer): Promise<OidcTransactionEntity | null> {
    const [rows] = (await this.transactions.query(
      `DELETE FROM oidc_transactions WHERE handle_hash = $1
       RETURNING id, provider_id, purpose, state, nonce, code_verifier, redirect_uri, session_id, return_to,
                 created_at, expires_at`,
      [handleHash],
    )) as [Record<string, unknown>[], number];
    const row = rows[0];
    if (!row) return null;
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
