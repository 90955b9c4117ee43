import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateServiceAccountRequestSchema,
  IssuedServiceTokenResponse,
  ServiceAccount,
  ServiceToken,
} from '@roundtable/shared/integrations';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuditActor, AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { type ServiceAccountRow, ServiceAccountRepository, type ServiceTokenRow } from './service-account.repository';
import { newServiceToken } from './service-token';

export const SERVICE_ACCOUNT_NOT_FOUND = 'No service account has this id';
const DAY_MS = 86_400_000;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toToken(row: ServiceTokenRow, now: number): ServiceToken {
  const status = row.revoked_at
    ? 'revoked'
    : row.expires_at && new Date(row.expires_at).getTime() <= now
      ? 'expired'
      : 'active';
  return {
    id: row.id,
    hint: row.hint,
    status,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

function toServiceAccount(row: ServiceAccountRow, tokens: ServiceTokenRow[]): ServiceAccount {
  const now = Date.now();
  return {
    id: row.id,
    name: row.name,
    agency: row.agency,
    organisation: row.organisation,
    scopes: row.scopes,
    status: row.disabled_at ? 'disabled' : 'active',
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: { userId: row.created_by, displayName: row.created_by_name },
    disabledAt: iso(row.disabled_at),
    tokens: tokens.filter((t) => t.service_account_id === row.id).map((t) => toToken(t, now)),
  };
}

/**
 * Administrators create service accounts, issue and revoke their tokens and
 * disable them (docs/INTEGRATIONS.md). Each change commits with its audit
 * entry; a token is returned once and only its SHA-256 is stored.
 */
@Injectable()
export class ServiceAccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: ServiceAccountRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ServiceAccount[]> {
    const rows = await this.accounts.list();
    const tokens = await this.accounts.tokensOf(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    return rows.map((row) => toServiceAccount(row, tokens));
  }

  /** One service account with its tokens; NotFound if there is none with this id. */
  get(accountId: string): Promise<ServiceAccount> {
    return this.getIn(this.dataSource.manager, accountId);
  }

  async create(
    input: z.output<typeof CreateServiceAccountRequestSchema>,
    by: AuditActor,
  ): Promise<IssuedServiceTokenResponse> {
    return this.dataSource.transaction(async (tx) => {
      const id = randomUUID();
      await this.accounts.insert(
        tx,
        { id, name: input.name, agency: input.agency, organisation: input.organisation, scopes: input.scopes },
        by.userId,
      );
      await this.audit.record(tx, {
        type: 'service-account.created',
        actor: by,
        subject: { type: 'service-account', id },
        details: { agency: input.agency, scopes: input.scopes },
      });
      return this.issueIn(tx, id, input.expiresInDays, by);
    });
  }

  async issueToken(
    accountId: string,
    expiresInDays: number | null,
    by: AuditActor,
  ): Promise<IssuedServiceTokenResponse> {
    return this.dataSource.transaction(async (tx) => {
      await this.lockEnabled(tx, accountId, 'A disabled service account cannot be given a token');
      return this.issueIn(tx, accountId, expiresInDays, by);
    });
  }

  async revokeToken(accountId: string, tokenId: string, by: AuditActor): Promise<ServiceAccount> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.accounts.lock(tx, accountId))) throw new DomainError('NotFound', SERVICE_ACCOUNT_NOT_FOUND);
      const outcome = await this.accounts.revokeToken(tx, accountId, tokenId, by.userId);
      if (outcome === 'missing') throw new DomainError('NotFound', 'This service account has no token with this id');
      await this.audit.record(tx, {
        type: 'service-account.token-revoked',
        actor: by,
        subject: { type: 'service-account', id: accountId },
        details: { tokenId, changed: outcome === 'revoked' },
      });
      return this.getIn(tx, accountId);
    });
  }

  /** Disables the account and revokes every token: its next request is refused. Idempotent. */
  async disable(accountId: string, by: AuditActor): Promise<ServiceAccount> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.accounts.lock(tx, accountId))) throw new DomainError('NotFound', SERVICE_ACCOUNT_NOT_FOUND);
      const before = await this.getIn(tx, accountId);
      await this.accounts.disable(tx, accountId);
      const revoked = await this.accounts.revokeAllTokens(tx, accountId, by.userId);
      await this.audit.record(tx, {
        type: 'service-account.disabled',
        actor: by,
        subject: { type: 'service-account', id: accountId },
        details: { changed: before.status === 'active', tokensRevoked: revoked.length },
      });
      return this.getIn(tx, accountId);
    });
  }

  private async lockEnabled(tx: EntityManager, accountId: string, disabledMessage: string): Promise<void> {
    if (!(await this.accounts.lock(tx, accountId))) throw new DomainError('NotFound', SERVICE_ACCOUNT_NOT_FOUND);
    const account = await this.accounts.findIn(tx, accountId);
    if (account?.disabled_at) throw new DomainError('Conflict', disabledMessage);
  }

  private async issueIn(
    tx: EntityManager,
    accountId: string,
    expiresInDays: number | null,
    by: AuditActor,
  ): Promise<IssuedServiceTokenResponse> {
    const { token, hash, hint } = newServiceToken();
    const expiresAt = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * DAY_MS);
    const tokenId = await this.accounts.insertToken(tx, { accountId, hash, hint, expiresAt }, by.userId);
    await this.audit.record(tx, {
      type: 'service-account.token-issued',
      actor: by,
      subject: { type: 'service-account', id: accountId },
      details: { tokenId, hint, expiresAt: iso(expiresAt) },
    });
    return { serviceAccount: await this.getIn(tx, accountId), tokenId, token };
  }

  private async getIn(tx: EntityManager, accountId: string): Promise<ServiceAccount> {
    const row = await this.accounts.findIn(tx, accountId);
    if (!row) throw new DomainError('NotFound', SERVICE_ACCOUNT_NOT_FOUND);
    return toServiceAccount(row, await this.accounts.tokensOf(tx, [accountId]));
  }
}
