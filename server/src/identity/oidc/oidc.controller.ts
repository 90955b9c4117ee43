import { Controller, Get, Param, Query, Redirect, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  OidcProvidersResponseSchema,
  OidcStartQuerySchema,
  StepUpOptionsResponseSchema,
  type OidcProvidersResponse,
  type OidcStartQuery,
  type StepUpOptionsResponse,
} from '@roundtable/shared/oidc';
import type { Request, Response } from 'express';
import { type AuthenticatedSession, CurrentSession, openApiSchema, Public, ZodValidationPipe } from '../../platform';
import { SessionCookie } from '../auth/session-cookie';
import { OidcClientsService } from './oidc-clients.service';
import { OidcSignInService } from './oidc-sign-in.service';
import { OidcTransactionCookie } from './oidc-transaction-cookie';

interface RedirectTo {
  url: string;
}

/** The redirect URI registered at the provider: this app's own origin (TRUST_PROXY: the proxy's). */
const callbackUri = (req: Request, providerId: string) =>
  `${req.protocol}://${req.host}/api/auth/oidc/${encodeURIComponent(providerId)}/callback`;

/** The callback's query string as the provider sent it, `?` included ('' if none). */
const callbackQuery = (req: Request) => {
  const queryAt = req.originalUrl.indexOf('?');
  return queryAt < 0 ? '' : req.originalUrl.slice(queryAt);
};

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
    private readonly sessionCookie: SessionCookie,
    private readonly transactionCookie: OidcTransactionCookie,
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
  stepUpOptions(@CurrentSession() session: AuthenticatedSession): Promise<StepUpOptionsResponse> {
    return this.oidc.stepUpOptions(session.user.id);
  }

  /** Sends the browser to the provider (authorization code flow, PKCE S256); `purpose=step-up` needs a session. */
  @Public()
  @Get(':provider/start')
  @Redirect()
  async start(
    @Param('provider') providerId: string,
    @Query(new ZodValidationPipe(OidcStartQuerySchema)) query: OidcStartQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedirectTo> {
    const redirect = await this.oidc.start(
      providerId,
      callbackUri(req, providerId),
      query,
      this.sessionCookie.read(req),
    );
    if (redirect.transaction)
      this.transactionCookie.issue(res, redirect.transaction.handle, redirect.transaction.expiresAt);
    return { url: redirect.url };
  }

  /** Where the provider sends the browser back: signs in (or steps up) and redirects into the app. */
  @Public()
  @Get(':provider/callback')
  @Redirect()
  async callback(
    @Param('provider') providerId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedirectTo> {
    const handle = this.transactionCookie.read(req);
    this.transactionCookie.clear(res); // used up whatever happens next
    const redirect = await this.oidc.complete(providerId, handle, callbackQuery(req));
    if (redirect.session) this.sessionCookie.issue(res, redirect.session.token, redirect.session.expiresAt);
    return { url: redirect.url };
  }
}
