import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FAMILY_SIGN_IN_REQUIRED } from '@roundtable/shared/family';
import type { Request } from 'express';
import {
  ALLOWED_DURING_MFA_ENROLMENT,
  type AuthenticatedSession,
  DomainError,
  FAMILY_ROUTE,
  type FamilyPrincipal,
  IS_PUBLIC,
  SERVICE_ACCOUNT_ROUTE,
  type ServiceAccountPrincipal,
} from '../../platform';
import {
  parseBearerServiceToken,
  SERVICE_TOKEN_PREFIX,
  type ServiceAccountScope,
} from '@roundtable/shared/integrations';
import { FamilyCookie } from '../family-access/family-cookie';
import { FamilySessionsService } from '../family-access/family-sessions.service';
import { ServiceTokensService } from '../service-accounts/service-tokens.service';
import { SessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';

/**
 * Global guard: every HTTP route needs a live session unless marked @Public().
 * Deny by default. A session waiting for its second factor is no session; one
 * whose role requires MFA not yet set up reaches only the enrolment routes.
 * A @FamilyRoute() needs the family cookie instead, and a @ServiceAccountRoute()
 * a service account's bearer token with the route's scope; a request carrying
 * a bearer token is refused on every other route.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
    private readonly familySessions: FamilySessionsService,
    private readonly familyCookie: FamilyCookie,
    private readonly serviceTokens: ServiceTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // socket.io authenticates at its handshake
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context
      .switchToHttp()
      .getRequest<
        Request & { auth?: AuthenticatedSession; family?: FamilyPrincipal; serviceAccount?: ServiceAccountPrincipal }
      >();
    const serviceScope = this.reflector.getAllAndOverride<ServiceAccountScope | undefined>(SERVICE_ACCOUNT_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (serviceScope) {
      // Service-account routes: the bearer token only, never a cookie (docs/INTEGRATIONS.md).
      const parsed = parseBearerServiceToken(request.headers.authorization);
      if (!parsed.ok) throw new DomainError('Unauthenticated', parsed.message);
      request.serviceAccount = await this.serviceTokens.authenticate(parsed.token, serviceScope, request.path);
      return true;
    }
    if (/^\s*bearer\s/i.test(request.headers.authorization ?? '')) {
      // A token passes no other route, whatever cookie comes with it.
      throw new DomainError(
        'Unauthenticated',
        `Service account tokens (${SERVICE_TOKEN_PREFIX}…) are accepted only on the integration routes; other routes need a signed-in session`,
      );
    }
    const isFamily = this.reflector.getAllAndOverride<boolean>(FAMILY_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isFamily) {
      const familyToken = this.familyCookie.read(request);
      const family = familyToken ? await this.familySessions.resolve(familyToken) : null;
      if (!family) throw new DomainError('Unauthenticated', FAMILY_SIGN_IN_REQUIRED);
      request.family = family;
      return true;
    }
    const token = this.cookie.read(request);
    const resolved = token ? await this.sessions.resolve(token) : null;
    if (!resolved) throw new DomainError('Unauthenticated', 'Sign in to continue');
    if (resolved.state === 'mfa-enrolment-required') {
      const allowed = this.reflector.getAllAndOverride<boolean>(ALLOWED_DURING_MFA_ENROLMENT, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (!allowed) throw new DomainError('MfaEnrolmentRequired', 'Set up two-factor authentication to continue');
    }
    request.auth = resolved.session;
    return true;
  }
}
