import { Injectable, Logger } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import { isSafeReturnPath, type OidcStartQuery, type StepUpOptionsResponse } from '@roundtable/shared/oidc';
import * as openid from 'openid-client';
import { AuditService } from '../../audit';
import { MfaRequirementService } from '../auth/mfa-requirement.service';
import { SessionsService } from '../auth/sessions.service';
import { DomainError, type OidcProviderConfig } from '../../platform';
import type { UserEntity } from '../users/user.entity';
import { OidcClientsService } from './oidc-clients.service';
import { OidcRefusal } from './oidc-refusal';
import type { OidcTransactionEntity } from './oidc-transaction.entity';
import { OidcTransactionsService } from './oidc-transactions.service';
import { UserIdentitiesService } from './user-identities.service';

/** Clock difference allowed between auth_time at the provider and the start of a step-up here. */
const AUTH_TIME_SKEW_SECONDS = 5;

/** Query that opens the sign-in page at its second step (the client reads it). */
export const TWO_FACTOR_STEP_QUERY = 'step=two-factor';

export type OidcStart =
  { purpose: 'sign-in'; returnTo: string } | { purpose: 'step-up'; sessionId: string; returnTo: string };

/** Where a start or a callback sends the browser, and the cookie it sets on the way. */
export interface OidcRedirect {
  url: string;
  /** Start: the handle for the transaction cookie. */
  transaction?: { handle: string; expiresAt: Date };
  /** Callback: the session for the session cookie (signed in, or waiting for the second factor). */
  session?: { token: string; expiresAt: Date };
}

export type OidcOutcome =
  /** `returnTo`: where the sign-in was started for (an invitation's accept page), else `/`. */
  | { kind: 'signed-in'; token: string; expiresAt: Date; returnTo: string }
  /** The account uses two-factor authentication: a pending session waits for its code, as after a password. */
  | { kind: 'mfa-required'; token: string; expiresAt: Date; returnTo: string }
  | { kind: 'stepped-up'; returnTo: string };

const safeReturnTo = (path: string | null) => (path && isSafeReturnPath(path) ? path : '/');

/** The sign-in page's second step, carrying where the sign-in started (an invitation's accept page) when not `/`. */
const twoFactorStepUrl = (returnTo: string) =>
  returnTo === '/'
    ? `/sign-in?${TWO_FACTOR_STEP_QUERY}`
    : `/sign-in?${TWO_FACTOR_STEP_QUERY}&${new URLSearchParams({ returnTo }).toString()}`;

/** Where a refusal sends the browser: back into the app for a step-up, else the sign-in page with the reason. */
function refusalRedirect(refusal: OidcRefusal): OidcRedirect {
  if (refusal.returnTo) {
    const separator = refusal.returnTo.includes('?') ? '&' : '?';
    return { url: `${refusal.returnTo}${separator}stepUpError=${refusal.code}` };
  }
  return { url: `/sign-in?error=${refusal.code}` };
}

type Claims = openid.IDToken & Record<string, unknown>;

const stringClaim = (claims: Claims, name: string, max: number): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
};

/**
 * Sign-in and step-up through an OpenID Connect provider: the authorization
 * code flow with PKCE (S256), state and nonce kept server-side, the ID token
 * checked by openid-client (signature, issuer, audience, expiry, nonce), and
 * the user found by (issuer, subject) alone.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger(OidcSignInService.name);

  constructor(
    private readonly clients: OidcClientsService,
    private readonly transactions: OidcTransactionsService,
    private readonly identities: UserIdentitiesService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly mfa: MfaRequirementService,
  ) {}

  /** How the user can step up: password (if the account has one) and the providers their identities are at. */
  async stepUpOptions(userId: string): Promise<StepUpOptionsResponse> {
    const { password, issuers } = await this.identities.signInMethods(userId);
    return {
      password,
      providers: this.clients
        .list()
        .filter((p) => issuers.has(p.issuer))
        .map(({ id, displayName }) => ({ id, displayName })),
    };
  }

  /**
   * Starts a flow at `providerId`, the provider sending the browser back to
   * `redirectUri`: to the provider, with the handle for the transaction
   * cookie. A step-up needs the full session behind `sessionToken` (without
   * one: the sign-in page). A refusal sends the browser where it says.
   */
  async start(
    providerId: string,
    redirectUri: string,
    query: OidcStartQuery,
    sessionToken: string | undefined,
  ): Promise<OidcRedirect> {
    try {
      let start: OidcStart = { purpose: 'sign-in', returnTo: query.returnTo };
      if (query.purpose === 'step-up') {
        const session = sessionToken ? await this.sessions.authenticate(sessionToken) : null;
        if (!session) return { url: '/sign-in' };
        start = { purpose: 'step-up', sessionId: session.sessionId, returnTo: query.returnTo };
      }
      const { authorizationUrl, handle, expiresAt } = await this.authorize(providerId, redirectUri, start);
      return { url: authorizationUrl, transaction: { handle, expiresAt } };
    } catch (error) {
      if (error instanceof OidcRefusal) return refusalRedirect(error);
      throw error;
    }
  }

  /**
   * Completes a flow at the callback (`handle` from the transaction cookie,
   * `query` the callback's query string): into the app with the new session,
   * to the second sign-in step, back where a step-up started, or where a
   * refusal says.
   */
  async complete(providerId: string, handle: string | undefined, query: string): Promise<OidcRedirect> {
    try {
      const outcome = await this.settle(providerId, handle, query);
      if (outcome.kind === 'stepped-up') return { url: outcome.returnTo };
      const session = { token: outcome.token, expiresAt: outcome.expiresAt };
      // A pending session: the sign-in page asks for the authenticator app's code next.
      return { url: outcome.kind === 'mfa-required' ? twoFactorStepUrl(outcome.returnTo) : outcome.returnTo, session };
    } catch (error) {
      if (error instanceof OidcRefusal) return refusalRedirect(error);
      throw error;
    }
  }

  /** The URL to send the browser to at the provider, and the handle for its transaction cookie. */
  private async authorize(
    providerId: string,
    redirectUri: string,
    start: OidcStart,
  ): Promise<{ authorizationUrl: string; handle: string; expiresAt: Date }> {
    const provider = this.clients.provider(providerId);
    const configuration = await this.clients.configuration(provider);
    const codeVerifier = openid.randomPKCECodeVerifier();
    const state = openid.randomState();
    const nonce = openid.randomNonce();
    const { handle, expiresAt } = await this.transactions.create({
      providerId: provider.id,
      purpose: start.purpose,
      state,
      nonce,
      codeVerifier,
      redirectUri,
      sessionId: start.purpose === 'step-up' ? start.sessionId : null,
      returnTo: start.returnTo,
    });
    const url = openid.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      response_type: 'code',
      code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // A step-up must be a fresh authentication at the provider, not its existing session.
      ...(start.purpose === 'step-up' ? { max_age: '0', prompt: 'login' } : {}),
    });
    return { authorizationUrl: url.href, handle, expiresAt };
  }

  /**
   * Checks the callback against its transaction and signs in or steps up.
   * Refusals are audited and thrown as OidcRefusal; the transaction is used
   * up either way.
   */
  private async settle(providerId: string, handle: string | undefined, query: string): Promise<OidcOutcome> {
    const transaction = await this.transactions.consume(handle);
    try {
      if (!transaction || transaction.providerId !== providerId) {
        throw new OidcRefusal('sso-expired', transaction ? 'provider-mismatch' : 'no-transaction');
      }
      const provider = this.clients.provider(providerId);
      const { claims, accessToken } = await this.exchange(provider, transaction, query);
      return transaction.purpose === 'step-up'
        ? await this.stepUp(provider, transaction, claims)
        : await this.signIn(provider, claims, accessToken, safeReturnTo(transaction.returnTo));
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      if (transaction?.purpose === 'step-up') error.returnTo = safeReturnTo(transaction.returnTo);
      await this.auditRefusal(providerId, transaction, error);
      throw error;
    }
  }

  /** Code for tokens; openid-client checks state, iss, the ID token and the nonce. */
  private async exchange(provider: OidcProviderConfig, transaction: OidcTransactionEntity, query: string) {
    const configuration = await this.clients.configuration(provider);
    const callbackUrl = new URL(transaction.redirectUri);
    callbackUrl.search = query;
    // Checked here as well as by openid-client, to tell a forged or stale callback from a provider failure.
    if (callbackUrl.searchParams.get('state') !== transaction.state)
      throw new OidcRefusal('sso-expired', 'state-mismatch');
    if (callbackUrl.searchParams.get('error') === 'access_denied') {
      throw new OidcRefusal('sso-cancelled', 'access-denied-at-provider');
    }
    try {
      const tokens = await openid.authorizationCodeGrant(
        configuration,
        callbackUrl,
        {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
          ...(transaction.purpose === 'step-up' ? { maxAge: 0 } : {}),
        },
        { redirect_uri: transaction.redirectUri },
      );
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      return { claims: claims as Claims, accessToken: tokens.access_token };
    } catch (err) {
      this.logger.warn({ provider: provider.id, err }, 'OIDC callback rejected');
      throw new OidcRefusal('sso-failed', 'token-rejected');
    }
  }

  private async signIn(
    provider: OidcProviderConfig,
    claims: Claims,
    accessToken: string,
    returnTo: string,
  ): Promise<OidcOutcome> {
    let user = await this.identities.findUser(claims.iss, claims.sub);
    if (user?.disabledAt) throw new OidcRefusal('sso-no-account', 'disabled-account', user.id);
    if (!user) user = await this.provision(provider, await this.withUserInfo(provider, claims, accessToken));
    await this.identities.touch(claims.iss, claims.sub);
    // Someone who set up an authenticator app gives its code whatever their first factor was.
    if (await this.mfa.isEnrolled(user.id)) {
      const pending = await this.sessions.createPending(user);
      this.logger.log(
        { event: 'mfa-challenged', method: 'oidc', provider: provider.id, userId: user.id },
        'identity provider accepted, second factor needed',
      );
      return { kind: 'mfa-required', ...pending, returnTo };
    }
    const { token, sessionId, expiresAt } = await this.sessions.create(user, { method: 'oidc', provider: provider.id });
    this.logger.log(
      { event: 'signed-in', method: 'oidc', provider: provider.id, userId: user.id, sessionId },
      'signed in',
    );
    return { kind: 'signed-in', token, expiresAt, returnTo };
  }

  /**
   * The ID token's claims completed from the userinfo endpoint (many
   * providers put email and profile claims only there). The userinfo `sub`
   * must be the ID token's (openid-client checks it).
   */
  private async withUserInfo(provider: OidcProviderConfig, claims: Claims, accessToken: string): Promise<Claims> {
    if (!provider.jitProvisioning) return claims;
    const configuration = await this.clients.configuration(provider);
    if (!configuration.serverMetadata().userinfo_endpoint) return claims;
    try {
      const userInfo = await openid.fetchUserInfo(configuration, accessToken, claims.sub);
      return { ...userInfo, ...claims } as Claims;
    } catch (err) {
      this.logger.warn({ provider: provider.id, err }, 'OIDC userinfo failed');
      throw new OidcRefusal('sso-failed', 'userinfo-failed');
    }
  }

  /** Just-in-time provisioning, when the provider allows it; otherwise an unknown identity is refused. */
  private async provision(provider: OidcProviderConfig, claims: Claims): Promise<UserEntity> {
    if (!provider.jitProvisioning) throw new OidcRefusal('sso-no-account', 'unknown-identity');
    const email = stringClaim(claims, provider.claims.email, LIMITS.emailMaxLength)?.toLowerCase();
    const domain = email?.split('@')[1];
    if (!email || !domain || claims.email_verified === false) {
      throw new OidcRefusal('sso-no-account', 'no-verified-email');
    }
    if (provider.allowedEmailDomains && !provider.allowedEmailDomains.includes(domain)) {
      throw new OidcRefusal('sso-no-account', 'email-domain-not-allowed');
    }
    try {
      return await this.identities.provision(
        {
          email,
          displayName: stringClaim(claims, provider.claims.displayName, LIMITS.displayNameMaxLength) ?? email,
          jobTitle: stringClaim(claims, provider.claims.jobTitle, LIMITS.jobTitleMaxLength) ?? '',
          agency: provider.agency,
          organisation: provider.organisation,
        },
        claims.iss,
        claims.sub,
        `provisioned by ${provider.id}`,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'EmailTaken') {
        throw new OidcRefusal('sso-email-in-use', 'email-belongs-to-another-account');
      }
      throw error;
    }
  }

  /** Step-up: a fresh sign-in at the provider by the session's own user marks the session re-authenticated. */
  private async stepUp(
    provider: OidcProviderConfig,
    transaction: OidcTransactionEntity,
    claims: Claims,
  ): Promise<OidcOutcome> {
    const session = transaction.sessionId ? await this.sessions.findLive(transaction.sessionId) : null;
    if (!session) throw new OidcRefusal('sso-expired', 'session-ended');
    const user = await this.identities.findUser(claims.iss, claims.sub);
    if (user?.id !== session.user.id) throw new OidcRefusal('step-up-mismatch', 'different-identity', session.user.id);
    const startedAt = Math.floor(transaction.createdAt.getTime() / 1000);
    if (typeof claims.auth_time !== 'number' || claims.auth_time < startedAt - AUTH_TIME_SKEW_SECONDS) {
      throw new OidcRefusal('sso-failed', 'not-a-fresh-authentication', session.user.id);
    }
    if (!(await this.sessions.markReauthenticated(session.sessionId, 'oidc'))) {
      throw new OidcRefusal('sso-expired', 'session-ended', session.user.id);
    }
    await this.identities.touch(claims.iss, claims.sub);
    const returnTo = safeReturnTo(transaction.returnTo);
    this.logger.log({ event: 'stepped-up', method: 'oidc', provider: provider.id, userId: user.id }, 'stepped up');
    return { kind: 'stepped-up', returnTo };
  }

  private async auditRefusal(
    providerId: string,
    transaction: OidcTransactionEntity | null,
    refusal: OidcRefusal,
  ): Promise<void> {
    this.logger.warn({ event: 'oidc-refused', provider: providerId, reason: refusal.reason }, 'OIDC sign-in refused');
    await this.audit.recordAlone({
      type: transaction?.purpose === 'step-up' ? 'auth.step-up' : 'auth.sign-in-failed',
      outcome: 'refused',
      subject: refusal.userId ? { type: 'user', id: refusal.userId } : null,
      // The id comes from the URL: only a configured provider's id is written as such.
      details: {
        method: 'oidc',
        provider: this.clients.isConfigured(providerId) ? providerId : 'unknown',
        reason: refusal.reason,
      },
    });
  }
}
