import { Injectable } from '@nestjs/common';
import { ServiceAccountsService } from '../../identity';
import { DomainError } from '../../platform';

/** The scope a service account needs to own a webhook subscription. */
export const WEBHOOKS_RECEIVE_SCOPE = 'webhooks:receive';

/**
 * Whether a service account (identity/service-accounts) may own a subscription:
 * the problem as a sentence, or null. The dispatcher applies the same rule in
 * SQL on every dispatch and try, so disabling the account or taking the scope
 * away stops its deliveries at once.
 */
@Injectable()
export class WebhookOwners {
  constructor(private readonly accounts: ServiceAccountsService) {}

  async problemWith(serviceAccountId: string): Promise<string | null> {
    const account = await this.accounts.get(serviceAccountId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'NotFound') return null;
      throw error;
    });
    if (!account) return 'No service account has this id';
    if (account.status !== 'active') return 'This service account is disabled';
    if (!account.scopes.includes(WEBHOOKS_RECEIVE_SCOPE))
      return `This service account does not have the scope ${WEBHOOKS_RECEIVE_SCOPE}`;
    return null;
  }
}
