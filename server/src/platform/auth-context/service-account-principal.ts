import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Agency } from '@roundtable/shared/constants';
import type { ServiceAccountScope } from '@roundtable/shared/integrations';
import type { Request } from 'express';

/**
 * A case system calling with a service account's API token (docs/INTEGRATIONS.md).
 * Its account is a `users` row of kind `service`, so the audit trail names it
 * as the actor; it belongs to one organisation and has scopes.
 */
export interface ServiceAccountPrincipal {
  /** The service account's user id (`users.id`, kind `service`). */
  userId: string;
  /** The token this request used (`service_account_tokens.id`). */
  tokenId: string;
  name: string;
  agency: Agency;
  organisation: string;
  scopes: ServiceAccountScope[];
}

export const SERVICE_ACCOUNT_ROUTE = 'roundtable:service-account-route';
/** The OpenAPI security scheme of service-account routes. */
export const SERVICE_ACCOUNT_BEARER = 'service-account';

/**
 * Marks a route served to service accounts only, with the scope it needs:
 * the global SessionGuard then requires `Authorization: Bearer rt_sa_…` (a
 * live token of an enabled service account with that scope) instead of a
 * session. A session cookie never passes it, and a token passes no other route.
 */
export const ServiceAccountRoute = (scope: ServiceAccountScope) =>
  applyDecorators(
    SetMetadata(SERVICE_ACCOUNT_ROUTE, scope),
    ApiBearerAuth(SERVICE_ACCOUNT_BEARER),
    ApiUnauthorizedResponse({
      description: 'Unauthenticated: no token, a malformed one, or one unknown, expired or revoked',
    }),
    ApiForbiddenResponse({ description: `Forbidden: the service account lacks the scope ${scope} (audited)` }),
    ApiTooManyRequestsResponse({ description: 'RateLimited: too many requests with this token' }),
  );

/** The request's service account, set by SessionGuard on a @ServiceAccountRoute(). */
export const CurrentServiceAccount = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ServiceAccountPrincipal => {
    const request = ctx.switchToHttp().getRequest<Request & { serviceAccount?: ServiceAccountPrincipal }>();
    if (!request.serviceAccount)
      throw new Error('CurrentServiceAccount used on a route without @ServiceAccountRoute()');
    return request.serviceAccount;
  },
);
