import { rm } from 'node:fs/promises';
import { generate } from 'otplib';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import {
  distinctFreePorts,
  OidcTestProvider,
  TestBrowser,
  writeProvidersFile,
} from '../../../test/support/oidc-test-provider';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import { TestApp } from '../../../test/support/test-app';
import { UserIdentitiesService } from './user-identities.service';

/**
 * Single sign-on against real OpenID Providers (oidc-provider in a child
 * process): two issuers, a council's (no just-in-time accounts) and a police
 * force's (just-in-time accounts for police.example only).
 */
// Identity is behaviour above the database: one real PostgreSQL is enough.
for (const kind of [oneDatabaseKind()]) {
  describe(`single sign-on through OpenID Connect [${kind} PostgreSQL]`, () => {
    let database: DatabaseHandle;
    let idp: OidcTestProvider;
    let app: TestApp;
    let providersFile: string;
    const issuer = (name: 'council' | 'police') => idp.issuers[name] as string;
    const start = (provider: string, query = '') => `${app.url}/api/auth/oidc/${provider}/start${query}`;
    const auditRows = async (type: string) =>
      (await app.dataSource.query(
        `SELECT outcome, actor_user_id, subject_id, details FROM audit_events WHERE type = $1 ORDER BY seq`,
        [type],
      )) as {
        outcome: string;
        actor_user_id: string | null;
        subject_id: string | null;
        details: Record<string, unknown>;
      }[];
    /** A pre-provisioned account linked to `subject` at `at` (as `npm run admin -- link-identity` does). */
    const linkedUser = async (at: 'council' | 'police', subject: string, agency = 'childrens-social-care' as const) => {
      const user = await app.createUser({ agency });
      await app.get(UserIdentitiesService).link(user.email, issuer(at), subject);
      return user;
    };

    beforeAll(async () => {
      database = await startTestDatabase(kind);
      const [port, councilPort, policePort] = await distinctFreePorts(3);
      const callback = (provider: string) => `http://127.0.0.1:${port}/api/auth/oidc/${provider}/callback`;
      idp = await OidcTestProvider.start([
        {
          name: 'council',
          port: councilPort,
          clientId: 'roundtable-council',
          clientSecret: 'council-secret-0123456789',
          redirectUris: [callback('northshire-council')],
          accounts: { 'same-subject': { email: 'same@northshire.example', name: 'Council Person' } },
        },
        {
          name: 'police',
          port: policePort,
          clientId: 'roundtable-police',
          clientSecret: 'police-secret-0123456789',
          redirectUris: [callback('northshire-police')],
          accounts: {
            'pc-new': { email: 'PC.New@police.example', email_verified: true, name: 'PC New', job_title: 'Constable' },
            'pc-elsewhere': { email: 'pc@elsewhere.example', email_verified: true, name: 'PC Elsewhere' },
            'pc-unverified': { email: 'unverified@police.example', email_verified: false, name: 'PC Unverified' },
            'pc-taken': { email: 'taken@police.example', email_verified: true, name: 'PC Taken' },
            'pc-invited': { email: 'invited@police.example', email_verified: true, name: 'PC Invited' },
          },
        },
      ]);
      providersFile = await writeProvidersFile([
        {
          id: 'northshire-council',
          displayName: 'Northshire County Council',
          issuer: idp.issuers.council,
          clientId: 'roundtable-council',
          clientSecret: 'council-secret-0123456789',
          agency: 'childrens-social-care',
        },
        {
          id: 'northshire-police',
          displayName: 'Northshire Police',
          issuer: idp.issuers.police,
          clientId: 'roundtable-police',
          clientSecret: 'police-secret-0123456789',
          agency: 'police',
          jitProvisioning: true,
          allowedEmailDomains: ['police.example'],
        },
      ]);
      app = await TestApp.start(database, { PORT: String(port), OIDC_PROVIDERS_FILE: providersFile });
    });

    afterAll(async () => {
      await app?.close();
      await idp?.stop();
      await database?.stop();
      if (providersFile) await rm(providersFile, { force: true });
    });

    it('lists the providers for the sign-in page, without secrets', async () => {
      const res = await app.request('GET', '/api/auth/oidc/providers');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        providers: [
          { id: 'northshire-council', displayName: 'Northshire County Council' },
          { id: 'northshire-police', displayName: 'Northshire Police' },
        ],
      });
    });

    it('starts the authorization code flow with PKCE S256, state and nonce, the transaction in a Lax httpOnly cookie', async () => {
      const res = await new TestBrowser().request(start('northshire-council'));
      expect(res.status).toBe(302);
      const url = new URL(res.location as string);
      expect(url.origin).toBe(issuer('council'));
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('client_id')).toBe('roundtable-council');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
      expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
      expect(url.searchParams.get('scope')).toBe('openid email profile');
      const raw = await fetch(start('northshire-council'), { redirect: 'manual' });
      const cookie = raw.headers.getSetCookie().find((c) => c.startsWith('rt_oidc=')) ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
      // Only a hash of the handle is stored.
      const handle = /^rt_oidc=([^;]+)/.exec(cookie)?.[1] as string;
      const rows: { handle_hash: Buffer }[] = await app.dataSource.query('SELECT handle_hash FROM oidc_transactions');
      expect(rows.some((r) => r.handle_hash.toString('base64url') === handle)).toBe(false);
    });

    it('signs in a pre-provisioned user by issuer and subject, with the same session cookie as a password sign-in', async () => {
      const user = await linkedUser('council', 'council-alex');
      const browser = new TestBrowser();
      expect(await browser.signIn(start('northshire-council'), 'council-alex')).toBe('/');
      const me = await app.request('GET', '/api/me', { cookie: browser.sessionCookie(app.url) });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.user.id);
      const signIns = await auditRows('auth.sign-in');
      expect(signIns.at(-1)).toMatchObject({
        outcome: 'success',
        actor_user_id: user.user.id,
        details: { method: 'oidc', provider: 'northshire-council' },
      });
      const [identity] = (await app.dataSource.query(
        'SELECT last_signed_in_at FROM user_identities WHERE subject = $1',
        ['council-alex'],
      )) as { last_signed_in_at: Date | null }[];
      expect(identity?.last_signed_in_at).toBeInstanceOf(Date);
    });

    it('binds an invitation to a single sign-on account whose email is the invited one, back on the accept page', async () => {
      const chair = await app.createUser();
      const { meeting, chairCookie } = await app.createMeeting(chair);
      const invited = await app.request('POST', `/api/meetings/${meeting.id}/account-invitations`, {
        cookie: chairCookie,
        body: { email: 'invited@police.example', role: 'participant', agency: 'police' },
      });
      expect(invited.status).toBe(201);
      const [mail] = (await app.dataSource.query(`SELECT body_text FROM mail_outbox WHERE to_address = $1`, [
        'invited@police.example',
      ])) as { body_text: string }[];
      const token = /#token=([A-Za-z0-9_-]{43})/.exec(mail!.body_text)![1]!;
      const browser = new TestBrowser();
      const returnTo = encodeURIComponent('/invitations/accept');
      expect(await browser.signIn(start('northshire-police', `?returnTo=${returnTo}`), 'pc-invited')).toBe(
        '/invitations/accept',
      );
      const cookie = browser.sessionCookie(app.url);
      const accepted = await app.request('POST', '/api/invitations/accept-signed-in', { cookie, body: { token } });
      expect(accepted.status).toBe(201);
      expect((await app.request('GET', `/api/meetings/${meeting.id}`, { cookie })).body.myRole).toBe('participant');
    });

    it('asks for the authenticator code after the provider when the account uses two-factor authentication', async () => {
      const user = await linkedUser('council', 'council-with-app');
      const cookie = await app.signIn(user);
      const started = await app.request('POST', '/api/auth/mfa/enrol', { cookie });
      const secret = started.body.secret as string;
      const code = (offset: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });
      const confirmed = await app.request('POST', '/api/auth/mfa/enrol/confirm', {
        cookie,
        body: { code: await code(-1) },
      });
      expect(confirmed.status).toBe(200);

      const browser = new TestBrowser();
      expect(await browser.signIn(start('northshire-council'), 'council-with-app')).toBe('/sign-in?step=two-factor');
      const pending = browser.sessionCookie(app.url);
      // Waiting for the code is not a session yet.
      expect((await app.request('GET', '/api/me', { cookie: pending })).status).toBe(401);
      const verified = await app.request('POST', '/api/auth/mfa/verify', {
        cookie: pending,
        body: { code: await code(0) },
      });
      expect(verified.status).toBe(200);
      expect(verified.body.id).toBe(user.user.id);

      // Started from an invitation's accept page: the code is asked for, then the page is where the person returns.
      const fromInvitation = new TestBrowser();
      const returnTo = encodeURIComponent('/invitations/accept');
      expect(
        await fromInvitation.signIn(start('northshire-council', `?returnTo=${returnTo}`), 'council-with-app'),
      ).toBe('/sign-in?step=two-factor&returnTo=%2Finvitations%2Faccept');
      // A return path that leaves the app is refused before the provider is asked.
      const away = encodeURIComponent('//evil.example.org/');
      expect((await app.request('GET', `/api/auth/oidc/northshire-council/start?returnTo=${away}`)).status).toBe(400);
    });

    it('offers step-up through the providers an account is linked to, and the password only if it has one', async () => {
      const user = await linkedUser('police', 'police-step-up-options');
      const options = async (cookie: string) =>
        (await app.request('GET', '/api/auth/oidc/step-up-options', { cookie })).body as unknown;
      const cookie = await app.signIn(user);
      expect(await options(cookie)).toEqual({
        password: true,
        providers: [{ id: 'northshire-police', displayName: expect.any(String) }],
      });
      await app.dataSource.query('UPDATE users SET password_hash = NULL WHERE id = $1', [user.user.id]);
      expect(await options(cookie)).toMatchObject({ password: false });
      const unlinked = await app.createUser();
      expect(await options(await app.signIn(unlinked))).toEqual({ password: true, providers: [] });
      expect((await app.request('GET', '/api/auth/oidc/step-up-options')).status).toBe(401);
    });

    it("never gives one issuer's subject the account of the same subject at another issuer", async () => {
      const councilUser = await linkedUser('council', 'same-subject');
      const council = new TestBrowser();
      expect(await council.signIn(start('northshire-council'), 'same-subject')).toBe('/');
      expect((await app.request('GET', '/api/me', { cookie: council.sessionCookie(app.url) })).body.id).toBe(
        councilUser.user.id,
      );
      // The police provider provisions accounts, but only for its own domain: the same subject there is someone else.
      const police = new TestBrowser();
      expect(await police.signIn(start('northshire-police'), 'same-subject')).toBe('/sign-in?error=sso-no-account');
      expect(police.sessionCookie(app.url)).toBeUndefined();
    });

    it('refuses an unknown identity at a provider without just-in-time accounts, and audits it', async () => {
      const browser = new TestBrowser();
      expect(await browser.signIn(start('northshire-council'), 'council-stranger')).toBe(
        '/sign-in?error=sso-no-account',
      );
      expect(browser.sessionCookie(app.url)).toBeUndefined();
      expect((await auditRows('auth.sign-in-failed')).at(-1)).toMatchObject({
        outcome: 'refused',
        details: { method: 'oidc', provider: 'northshire-council', reason: 'unknown-identity' },
      });
    });

    it("provisions a just-in-time participant account with the provider's agency, then finds it by identity", async () => {
      const first = new TestBrowser();
      expect(await first.signIn(start('northshire-police'), 'pc-new')).toBe('/');
      const me = await app.request('GET', '/api/me', { cookie: first.sessionCookie(app.url) });
      expect(me.body).toMatchObject({
        email: 'pc.new@police.example',
        displayName: 'PC New',
        jobTitle: 'Constable',
        agency: 'police',
        isAdmin: false,
        isAuditor: false,
      });
      const [row] = (await app.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [me.body.id])) as {
        password_hash: string | null;
      }[];
      expect(row?.password_hash).toBeNull();
      expect((await auditRows('auth.identity-linked')).at(-1)).toMatchObject({
        subject_id: me.body.id,
        details: { issuer: issuer('police'), how: 'provisioned by northshire-police' },
      });
      const again = new TestBrowser();
      expect(await again.signIn(start('northshire-police'), 'pc-new')).toBe('/');
      expect((await app.request('GET', '/api/me', { cookie: again.sessionCookie(app.url) })).body.id).toBe(me.body.id);
    });

    it('provisions nobody outside the allowed email domains or without a verified email', async () => {
      for (const subject of ['pc-elsewhere', 'pc-unverified']) {
        expect(await new TestBrowser().signIn(start('northshire-police'), subject)).toBe(
          '/sign-in?error=sso-no-account',
        );
      }
      const users: unknown[] = await app.dataSource.query(
        `SELECT 1 FROM users WHERE email IN ('pc@elsewhere.example', 'unverified@police.example')`,
      );
      expect(users).toHaveLength(0);
    });

    it('never links an account automatically because the email matches', async () => {
      const local = await app.createUser({ email: 'taken@police.example', agency: 'police' });
      const browser = new TestBrowser();
      expect(await browser.signIn(start('northshire-police'), 'pc-taken')).toBe('/sign-in?error=sso-email-in-use');
      expect(browser.sessionCookie(app.url)).toBeUndefined();
      const links: unknown[] = await app.dataSource.query('SELECT 1 FROM user_identities WHERE user_id = $1', [
        local.user.id,
      ]);
      expect(links).toHaveLength(0);
      // The local account still signs in with its password.
      expect(await app.signIn(local)).toMatch(/^rt_session=/);
    });

    it('refuses a disabled user', async () => {
      const user = await linkedUser('council', 'council-leaver');
      await app.dataSource.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.user.id]);
      const browser = new TestBrowser();
      expect(await browser.signIn(start('northshire-council'), 'council-leaver')).toBe('/sign-in?error=sso-no-account');
      expect(browser.sessionCookie(app.url)).toBeUndefined();
      expect((await auditRows('auth.sign-in-failed')).at(-1)).toMatchObject({
        subject_id: user.user.id,
        details: { reason: 'disabled-account' },
      });
    });

    it('refuses a tampered state, a replayed callback and a callback in another browser', async () => {
      await linkedUser('council', 'council-sam');
      const tampered = new TestBrowser();
      const callback = new URL(await tampered.authorize(start('northshire-council'), 'council-sam'));
      callback.searchParams.set('state', 'not-the-state-we-sent');
      expect(await tampered.followCallback(callback.href)).toBe('/sign-in?error=sso-expired');
      expect(tampered.sessionCookie(app.url)).toBeUndefined();

      const replayed = new TestBrowser();
      const used = await replayed.authorize(start('northshire-council'), 'council-sam');
      expect(await replayed.followCallback(used)).toBe('/');
      expect(await replayed.followCallback(used)).toBe('/sign-in?error=sso-expired');

      // Login CSRF: a callback started by someone else, opened in this browser (no transaction cookie).
      const attacker = new TestBrowser();
      const planted = await attacker.authorize(start('northshire-council'), 'council-sam');
      const victim = new TestBrowser();
      expect(await victim.followCallback(planted)).toBe('/sign-in?error=sso-expired');
      expect(victim.sessionCookie(app.url)).toBeUndefined();
      const reasons = (await auditRows('auth.sign-in-failed')).slice(-3).map((r) => r.details.reason);
      expect(reasons).toEqual(['state-mismatch', 'no-transaction', 'no-transaction']);
    });

    it('refuses an ID token whose nonce is not the one sent, and a flow older than ten minutes', async () => {
      await linkedUser('council', 'council-jo');
      const wrongNonce = new TestBrowser();
      const callback = await wrongNonce.authorize(start('northshire-council'), 'council-jo');
      await app.dataSource.query(`UPDATE oidc_transactions SET nonce = 'some-other-nonce'`);
      expect(await wrongNonce.followCallback(callback)).toBe('/sign-in?error=sso-failed');
      expect(wrongNonce.sessionCookie(app.url)).toBeUndefined();

      const slow = new TestBrowser();
      const late = await slow.authorize(start('northshire-council'), 'council-jo');
      await app.dataSource.query(`UPDATE oidc_transactions SET expires_at = now() - interval '1 second'`);
      expect(await slow.followCallback(late)).toBe('/sign-in?error=sso-expired');
      expect(slow.sessionCookie(app.url)).toBeUndefined();
    });

    it('answers an unknown provider and a cancelled sign-in with a message for the sign-in page', async () => {
      expect((await new TestBrowser().request(start('no-such-provider'))).location).toBe(
        `${app.url}/sign-in?error=sso-unavailable`,
      );
      const browser = new TestBrowser();
      const callback = new URL(await browser.authorize(start('northshire-council'), 'council-any'));
      const cancelled = new URL(callback.pathname, callback);
      cancelled.search = new URLSearchParams({
        error: 'access_denied',
        state: callback.searchParams.get('state') as string,
        iss: issuer('council'),
      }).toString();
      expect(await browser.followCallback(cancelled.href)).toBe('/sign-in?error=sso-cancelled');
    });

    it('still signs in with a password; an account without one is refused with the usual message', async () => {
      const local = await app.createUser();
      expect(await app.signIn(local)).toMatch(/^rt_session=/);
      await app.dataSource.query('UPDATE users SET password_hash = NULL WHERE id = $1', [local.user.id]);
      const res = await app.request('POST', '/api/auth/login', {
        body: { email: local.email, password: local.password },
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('InvalidCredentials');
    });

    it('refuses a returnTo that leaves the app', async () => {
      for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        const res = await app.request(
          'GET',
          `/api/auth/oidc/northshire-council/start?purpose=step-up&returnTo=${encodeURIComponent(returnTo)}`,
        );
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('ValidationFailed');
      }
    });

    it('steps up through the provider: fresh only for the same identity', async () => {
      const user = await linkedUser('council', 'council-chair');
      const browser = new TestBrowser();
      expect(await browser.signIn(start('northshire-council'), 'council-chair')).toBe('/');
      const cookie = browser.sessionCookie(app.url) as string;
      await app.dataSource.query(
        `UPDATE sessions SET authenticated_at = now() - interval '1 hour' WHERE user_id = $1`,
        [user.user.id],
      );
      const freshness = async () =>
        (
          (await app.dataSource.query(`SELECT authenticated_at FROM sessions WHERE user_id = $1`, [user.user.id])) as {
            authenticated_at: Date;
          }[]
        )[0]?.authenticated_at.getTime() as number;
      const stale = await freshness();

      // Someone else signs in at the provider: the session stays stale.
      const stepUp = start(
        'northshire-council',
        `?purpose=step-up&returnTo=${encodeURIComponent('/meetings/x?tab=1')}`,
      );
      const redirect = await browser.request(stepUp);
      const authorizeUrl = new URL(redirect.location as string);
      expect(authorizeUrl.searchParams.get('prompt')).toBe('login');
      expect(authorizeUrl.searchParams.get('max_age')).toBe('0');
      expect(await browser.signIn(stepUp, 'council-someone-else')).toBe(
        '/meetings/x?tab=1&stepUpError=step-up-mismatch',
      );
      expect(await freshness()).toBe(stale);

      // The user themself: the session is re-authenticated, and they go back where they were.
      expect(await browser.signIn(stepUp, 'council-chair')).toBe('/meetings/x?tab=1');
      expect(await freshness()).toBeGreaterThan(stale);
      const steps = await auditRows('auth.step-up');
      expect(steps.slice(-2).map((s) => [s.outcome, s.details.reason ?? s.details.method])).toEqual([
        ['refused', 'different-identity'],
        ['success', 'oidc'],
      ]);
      expect((await app.request('GET', '/api/me', { cookie })).status).toBe(200);
    });

    it('starts a step-up only for a signed-in user', async () => {
      const res = await new TestBrowser().request(start('northshire-council', '?purpose=step-up'));
      expect(res.location).toBe(`${app.url}/sign-in`);
    });
  });
}
