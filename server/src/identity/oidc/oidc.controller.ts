import { Controller, Get, Inject, Param, Query, Redirect, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  OidcProvidersResponseSchema,
  OidcStartQuerySchema,
  StepUpOptionsResponseSchema,
  type OidcProvidersResponse,
  type OidcStartQuery,
  type StepUpOptionsResponse,
} from '@roundtable/shared/oidc';
import type { CookieOptions, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  type AppConfig,
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  Public,
  ZodValidationPipe,
} from '../../platform';
import { SessionCookie } from '../auth/session-cookie';
import { SessionsService } from '../auth/sessions.service';
import { OidcClientsService } from './oidc-clients.service';
import { OidcRefusal } from './oidc-refusal';
import { OidcSignInService } from './oidc-sign-in.service';

/** Query that opens the sign-in page at its second step (the client reads it). */
export const TWO_FACTOR_STEP_QUERY = 'step=two-factor';

/** The httpOnly cookie holding the handle of the browser's sign-in in flight. */
export const OIDC_TRANSACTION_COOKIE = 'rt_oidc';
const COOKIE_PATH = '/api/auth/oidc';

interface RedirectTo {
  url: string;
}

/** Where a refusal sends the browser: back into the app for a step-up, else the sign-in page with the reason. */
function refusalRedirect(refusal: OidcRefusal): RedirectTo {
  if (refusal.returnTo) {
    const separator = refusal.returnTo.includes('?') ? '&' : '?';
    return { url: `${refusal.returnTo}${separator}stepUpError=${refusal.code}` };
  }
  return { url: `/sign-in?error=${refusal.code}` };
}

/**
 * Single sign-on through the configured OpenID Connect providers. Start and
 * callback are browser navigations and answer with redirects only; a refusal
 * goes to the sign-in page with `?error=<code>` (shared/src/oidc.ts).
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcSignInService,
    private readonly clients: OidcClientsService,
    private readonly sessions: SessionsService,
    private readonly sessionCookie: SessionCookie,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The providers the sign-in page offers ("Sign in with …"). Public. */
  @Public()
  @Get('providers')
  @ApiOkResponse({ schema: openApiSchema(OidcProvidersResponseSchema) })
  providers(): OidcProvidersResponse {
    return { providers: this.clients.list().map(({ id, displayName }) => ({ id, displayName })) };
  }

  /** How the signed-in user can step up: password (if the account has one) and the providers it is linked to. */
  @Get('step-up-options')
  @ApiOkResponse({ schema: openApiSchema(StepUpOptionsResponseSchema) })
  async stepUpOptions(@CurrentSession() session: AuthenticatedSession): Promise<StepUpOptionsResponse> {
    const [row] = (await this.dataSource.query(
      `SELECT u.password_hash IS NOT NULL AS password,
              coalesce(array_agg(i.issuer) FILTER (WHERE i.issuer IS NOT NULL), '{}') AS issuers
         FROM users u LEFT JOIN user_identities i ON i.user_id = u.id
        WHERE u.id = $1 GROUP BY u.id`,
      [session.user.id],
    )) as { password: boolean; issuers: string[] }[];
    const issuers = new Set(row?.issuers ?? []);
    return {
      password: row?.password ?? false,
      providers: this.clients
        .list()
        .filter((p) => issuers.has(p.issuer))
        .map(({ id, displayName }) => ({ id, displayName })),
    };
  }

  /** Sends the browser to the provider (authorization code flow, PKCE S256); `purpose=step-up` needs a session. */
  @Public()
  @Get(':provider/start')
  @Redirect()
  start(
    @Param('provider') providerId: string,
    @Query(new ZodValidationPipe(OidcStartQuerySchema)) query: OidcStartQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedirectTo> {
    return this.redirectToProvider(providerId, query, req, res);
  }

  /** Where the provider sends the browser back: signs in (or steps up) and redirects into the app. */
  @Public()
  @Get(':provider/callback')
  @Redirect()
  callback(
    @Param('provider') providerId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedirectTo> {
    return this.completeFlow(providerId, req, res);
  }

  private async redirectToProvider(
    providerId: string,
    query: OidcStartQuery,
    req: Request,
    res: Response,
  ): Promise<RedirectTo> {
    try {
      let start: Parameters<OidcSignInService['start']>[2] = { purpose: 'sign-in' };
      if (query.purpose === 'step-up') {
        const token = this.sessionCookie.read(req);
        const session = token ? await this.sessions.authenticate(token) : null;
        if (!session) return { url: '/sign-in' };
        start = { purpose: 'step-up', sessionId: session.sessionId, returnTo: query.returnTo };
      }
      // The redirect URI registered at the provider: this app's own origin (TRUST_PROXY: the proxy's).
      const redirectUri = `${req.protocol}://${req.host}/api/auth/oidc/${encodeURIComponent(providerId)}/callback`;
      const { authorizationUrl, handle, expiresAt } = await this.oidc.start(providerId, redirectUri, start);
      res.cookie(OIDC_TRANSACTION_COOKIE, handle, this.transactionCookie(expiresAt));
      return { url: authorizationUrl };
    } catch (error) {
      if (error instanceof OidcRefusal) return refusalRedirect(error);
      throw error;
    }
  }

  private async completeFlow(providerId: string, req: Request, res: Response): Promise<RedirectTo> {
    const handle = (req.cookies as Record<string, string> | undefined)?.[OIDC_TRANSACTION_COOKIE];
    res.clearCookie(OIDC_TRANSACTION_COOKIE, this.transactionCookie());
    const queryAt = req.originalUrl.indexOf('?');
    try {
      const outcome = await this.oidc.complete(providerId, handle, queryAt < 0 ? '' : req.originalUrl.slice(queryAt));
      if (outcome.kind === 'stepped-up') return { url: outcome.returnTo };
      this.sessionCookie.issue(res, outcome.token, outcome.expiresAt);
      // A pending session: the sign-in page asks for the authenticator app's code next.
      return { url: outcome.kind === 'mfa-required' ? `/sign-in?${TWO_FACTOR_STEP_QUERY}` : '/' };
    } catch (error) {
      if (error instanceof OidcRefusal) return refusalRedirect(error);
      throw error;
    }
  }

  /** Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it. */
  private transactionCookie(expires?: Date): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: COOKIE_PATH,
      ...(expires ? { expires } : {}),
    };
  }
}
