import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { ServiceAccountScope } from '@roundtable/shared/integrations';
import { DataSource, type EntityManager } from 'typeorm';

/** A service account as administrators see it (without its tokens). */
export interface ServiceAccountRow {
  id: string;
  name: string;
  agency: Agency;
  organisation: string;
  scopes: ServiceAccountScope[];
  created_at: Date;
  created_by: string;
  created_by_name: string;
  disabled_at: Date | null;
}

export interface ServiceTokenRow {
  id: string;
  service_account_id: string;
  hint: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** What a live token resolves to: its account, enabled, with its scopes. */
export interface LiveServiceTokenRow {
  token_id: string;
  user_id: string;
  name: string;
  agency: Agency;
  organisation: string;
  scopes: ServiceAccountScope[];
  last_used_at: Date | null;
}

const SELECT_ACCOUNTS = `
  SELECT u.id, u.display_name AS name, u.agency, u.organisation, sa.scopes, sa.created_at, sa.created_by,
         creator.display_name AS created_by_name, u.disabled_at
    FROM service_accounts sa
    JOIN users u ON u.id = sa.user_id
    JOIN users creator ON creator.id = sa.created_by`;

const TOKEN_COLUMNS = `id, service_account_id, hint, created_at, expires_at, revoked_at, last_used_at`;

/** `service_accounts`, `service_account_tokens` and the service accounts' rows in `users`. */
@Injectable()
export class ServiceAccountRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<ServiceAccountRow[]> {
    return (await this.dataSource.query(
      `${SELECT_ACCOUNTS} ORDER BY u.disabled_at IS NOT NULL, lower(u.display_name), u.id`,
    )) as ServiceAccountRow[];
  }

  async findIn(tx: EntityManager, id: string): Promise<ServiceAccountRow | undefined> {
    const [row] = (await tx.query(`${SELECT_ACCOUNTS} WHERE sa.user_id = $1`, [id])) as ServiceAccountRow[];
    return row;
  }

  /** Locks the service account's user row; false if there is no such service account. */
  async lock(tx: EntityManager, id: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT id FROM users WHERE id = $1 AND kind = 'service' FOR UPDATE`, [
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Inserts the user row (kind `service`, no password, an address that can never receive mail) and the account. */
  async insert(
    tx: EntityManager,
    account: { id: string; name: string; agency: Agency; organisation: string; scopes: ServiceAccountScope[] },
    createdBy: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO users (id, email, password_hash, display_name, job_title, agency, organisation, kind)
       VALUES ($1, $2, NULL, $3, 'Service account', $4, $5, 'service')`,
      [account.id, `${account.id}@service-account.invalid`, account.name, account.agency, account.organisation],
    );
    await tx.query(`INSERT INTO service_accounts (user_id, scopes, created_by) VALUES ($1, $2::text[], $3)`, [
      account.id,
      account.scopes,
      createdBy,
    ]);
  }

  async disable(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE users SET disabled_at = COALESCE(disabled_at, now()) WHERE id = $1 AND kind = 'service'`, [
      id,
    ]);
  }

  async tokensOf(tx: EntityManager, accountIds: readonly string[]): Promise<ServiceTokenRow[]> {
    if (accountIds.length === 0) return [];
    return (await tx.query(
      `SELECT ${TOKEN_COLUMNS} FROM service_account_tokens WHERE service_account_id = ANY($1::uuid[]) ORDER BY created_at DESC, id`,
      [accountIds],
    )) as ServiceTokenRow[];
  }

  async insertToken(
    tx: EntityManager,
    token: { accountId: string; hash: Buffer; hint: string; expiresAt: Date | null },
    createdBy: string,
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO service_account_tokens (service_account_id, token_hash, hint, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [token.accountId, token.hash, token.hint, createdBy, token.expiresAt],
    )) as { id: string }[];
    return row!.id;
  }

  /** Revokes one token of the account; returns whether it existed and whether this call revoked it. */
  async revokeToken(
    tx: EntityManager,
    accountId: string,
    tokenId: string,
    by: string,
  ): Promise<'revoked' | 'already' | 'missing'> {
    const [row] = (await tx.query(
      `SELECT revoked_at FROM service_account_tokens WHERE id = $1 AND service_account_id = $2 FOR UPDATE`,
      [tokenId, accountId],
    )) as { revoked_at: Date | null }[];
    if (!row) return 'missing';
    if (row.revoked_at) return 'already';
    await tx.query(`UPDATE service_account_tokens SET revoked_at = now(), revoked_by = $2 WHERE id = $1`, [
      tokenId,
      by,
    ]);
    return 'revoked';
  }

  /** Revokes every live token of the account; the ids revoked. */
  async revokeAllTokens(tx: EntityManager, accountId: string, by: string): Promise<string[]> {
    const rows = (await tx.query(
      `UPDATE service_account_tokens SET revoked_at = now(), revoked_by = $2
        WHERE service_account_id = $1 AND revoked_at IS NULL RETURNING id`,
      [accountId, by],
    )) as [{ id: string }[], number];
    return rows[0].map((r) => r.id);
  }

  /**
   * The live token with this SHA-256: not revoked, not expired, its account
   * enabled. Looked up on every request, so a revocation holds from its commit.
   */
  async findLiveToken(hash: Buffer): Promise<LiveServiceTokenRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT t.id AS token_id, u.id AS user_id, u.display_name AS name, u.agency, u.organisation, sa.scopes,
              t.last_used_at
         FROM service_account_tokens t
         JOIN service_accounts sa ON sa.user_id = t.service_account_id
         JOIN users u ON u.id = sa.user_id AND u.kind = 'service'
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
          AND u.disabled_at IS NULL`,
      [hash],
    )) as LiveServiceTokenRow[];
    return row;
  }

  /** The account of a token that exists but is not live (for the audit of a refused use); undefined if none. */
  async findDeadTokenAccount(hash: Buffer): Promise<{ user_id: string; agency: Agency; token_id: string } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT u.id AS user_id, u.agency, t.id AS token_id FROM service_account_tokens t
         JOIN users u ON u.id = t.service_account_id WHERE t.token_hash = $1`,
      [hash],
    )) as { user_id: string; agency: Agency; token_id: string }[];
    return row;
  }

  /** Records a use, at most once a minute per token (so a busy integration writes little). */
  async touch(tokenId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE service_account_tokens SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [tokenId],
    );
  }
}
