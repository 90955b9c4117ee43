import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { FamilySessionsService, OriginPolicy, readFamilyCookie } from '../../identity';
import { APP_CONFIG, type AppConfig, type FamilyPrincipal } from '../../platform';

export type FamilyAuthentication =
  { ok: true; family: FamilyPrincipal } | { ok: false; refusal: 'no-session' | 'invalid-session' | 'foreign-origin' };

/**
 * Authenticates a family member's realtime request (docs/FAMILY.md): the
 * family cookie, sent from a page of an allowed Origin (browsers send cookies
 * on cross-site upgrades: CSWSH), resolved to a live family session. Never a
 * ticket, a token in the URL, or a professional's session cookie.
 */
@Injectable()
export class FamilyRealtimeAuthenticator {
  constructor(
    private readonly familySessions: FamilySessionsService,
    private readonly origins: OriginPolicy,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'cookieSecure'>,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<FamilyAuthentication> {
    const token = readFamilyCookie(headers.cookie, this.config.cookieSecure);
    if (!token) return { ok: false, refusal: 'no-session' };
    if (!this.origins.isAllowed(headers)) return { ok: false, refusal: 'foreign-origin' };
    const family = await this.familySessions.resolve(token);
    return family ? { ok: true, family } : { ok: false, refusal: 'invalid-session' };
  }
}
