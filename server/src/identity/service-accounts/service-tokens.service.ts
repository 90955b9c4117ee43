import { Injectable } from '@nestjs/common';
import { SERVICE_ACCOUNT_REQUESTS_PER_MINUTE, type ServiceAccountScope } from '@roundtable/shared/integrations';
import { AuditService } from '../../audit';
import { DomainError, type ServiceAccountPrincipal, SharedThrottlerStorage } from '../../platform';
import { ServiceAccountRepository } from './service-account.repository';
import { hashServiceToken } from './service-token';

const MINUTE_MS = 60_000;

export const SERVICE_TOKEN_NOT_VALID =
  'This service account token is not valid: it is unknown, expired or revoked, or its service account is disabled';

/**
 * Resolves a bearer token to its service account on every request (no cache:
 * a revocation holds from its commit), limits each token's rate
 * (SERVICE_ACCOUNT_REQUESTS_PER_MINUTE a minute, counted across every instance
 * when REDIS_URL is set: SharedThrottlerStorage), and refuses a route whose
 * scope the account lacks (audited).
 */
@Injectable()
export class ServiceTokensService {
  constructor(
    private readonly accounts: ServiceAccountRepository,
    private readonly audit: AuditService,
    private readonly throttles: SharedThrottlerStorage,
  ) {}

  async authenticate(token: string, scope: ServiceAccountScope, path: string): Promise<ServiceAccountPrincipal> {
    const hash = hashServiceToken(token);
    const row = await this.accounts.findLiveToken(hash);
    if (!row) {
      const dead = await this.accounts.findDeadTokenAccount(hash);
      if (dead) {
        await this.audit.recordAlone({
          type: 'access.refused',
          outcome: 'refused',
          actor: { userId: dead.user_id, agency: dead.agency },
          subject: { type: 'service-account-token', id: dead.token_id },
          details: { reason: 'token-not-live', path },
        });
      }
      throw new DomainError('Unauthenticated', SERVICE_TOKEN_NOT_VALID);
    }
    const limit = SERVICE_ACCOUNT_REQUESTS_PER_MINUTE;
    if (!(await this.throttles.take('service-account-token', row.token_id, limit, MINUTE_MS))) {
      throw new DomainError('RateLimited', `Too many requests with this token: at most ${limit} a minute`);
    }
    const principal: ServiceAccountPrincipal = {
      userId: row.user_id,
      tokenId: row.token_id,
      name: row.name,
      agency: row.agency,
      organisation: row.organisation,
      scopes: row.scopes,
    };
    if (!principal.scopes.includes(scope)) {
      await this.audit.recordAlone({
        type: 'access.refused',
        outcome: 'refused',
        actor: { userId: principal.userId, agency: principal.agency },
        subject: { type: 'service-account-token', id: principal.tokenId },
        details: { reason: 'missing-scope', scope, path },
      });
      throw new DomainError('Forbidden', `This service account does not have the scope ${scope}`);
    }
    await this.accounts.touch(row.token_id);
    return principal;
  }
}
