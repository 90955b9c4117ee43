import type { ClientRequest, IncomingMessage } from 'node:http';
import { documentName } from '@roundtable/shared/realtime';
import { sealedRecordHref } from '@roundtable/shared/sealed-records';
import { generate } from 'otplib';
import WebSocket from 'ws';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { MAX_FAILED_ATTEMPTS } from './attempt-limiter.service';

/** A code of the step `offset` steps from now (the server accepts -1, 0 and +1, each once). */
const totp = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

/** The HTTP status of a cookie-authenticated collab upgrade (101 when it opens). */
function upgradeStatus(app: TestApp, cookie: string, meetingId: string): Promise<number> {
  const socket = new WebSocket(`${app.wsUrl}/collab/${documentName(meetingId, 'record')}`, {
    headers: { Cookie: cookie, Origin: app.url },
  });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
      response.resume();
      request.destroy();
      resolve(response.statusCode ?? 0);
    });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('error', reject);
  });
}

/** The `connect_error` code of a /meetings handshake, or 'connected'. */
async function handshake(app: TestApp, cookie: string): Promise<string> {
  try {
    const client = await EventsClient.connect(app.url, { cookie });
    client.close();
    return 'connected';
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? 'error';
  }
}

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describeOnOneDatabase('multi-factor authentication and step-up', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** A user with MFA set up through the API; the code used to confirm was of the previous time step. */
  async function enrolled(app: TestApp = ctx.app, user?: TestUser) {
    const account = user ?? (await app.createUser());
    const cookie = await app.signIn(account);
    const started = await app.request('POST', '/api/auth/mfa/enrol', { cookie });
    expect(started.status).toBe(200);
    const secret = started.body.secret as string;
    const confirmed = await app.request('POST', '/api/auth/mfa/enrol/confirm', {
      cookie,
      body: { code: await totp(secret, -1) },
    });
    expect(confirmed.status).toBe(200);
    return { account, cookie, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  async function passwordStep(app: TestApp, user: TestUser) {
    const res = await app.request('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ mfaRequired: true });
    return cookieOf(res);
  }

  async function auditTypes(userId: string): Promise<string[]> {
    const rows: { type: string; outcome: string }[] = await ctx.app.dataSource.query(
      'SELECT type, outcome FROM audit_events WHERE actor_user_id = $1 ORDER BY seq',
      [userId],
    );
    return rows.map((r) => `${r.type}:${r.outcome}`);
  }

  it('enrols with a QR code and a key, confirms with a code, and issues ten recovery codes shown once', async () => {
    const user = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(user);
    expect((await ctx.app.request('GET', '/api/auth/mfa', { cookie })).body).toEqual({
      enabled: false,
      enrolmentRequired: false,
      recoveryCodesRemaining: 0,
    });
    const started = await ctx.app.request('POST', '/api/auth/mfa/enrol', { cookie });
    expect(started.status).toBe(200);
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Roundtable:/);
    expect(started.body.qrCodeSvg).toMatch(/^<svg/);
    const wrong = await ctx.app.request('POST', '/api/auth/mfa/enrol/confirm', { cookie, body: { code: '000000' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('InvalidMfaCode');
    const confirmed = await ctx.app.request('POST', '/api/auth/mfa/enrol/confirm', {
      cookie,
      body: { code: await totp(started.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect((await ctx.app.request('GET', '/api/auth/mfa', { cookie })).body).toMatchObject({
      enabled: true,
      recoveryCodesRemaining: 10,
    });
    // At rest: the secret encrypted, the recovery codes hashed.
    const [row] = await ctx.app.dataSource.query('SELECT secret_encrypted FROM user_mfa WHERE user_id = $1', [
      user.user.id,
    ]);
    expect(row.secret_encrypted.toString('latin1')).not.toContain(started.body.secret);
    const hashes: { code_hash: Buffer }[] = await ctx.app.dataSource.query(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [user.user.id],
    );
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      for (const code of confirmed.body.recoveryCodes as string[])
        expect(code_hash.toString('latin1')).not.toContain(code);
    }
    // Enrolling needs a recent sign-in (a stolen session must not add its own authenticator).
    const other = await ctx.app.createUser();
    const otherCookie = await ctx.app.signIn(other);
    await ctx.app.dataSource.query(
      `UPDATE sessions SET authenticated_at = now() - interval '1 hour' WHERE user_id = $1`,
      [other.user.id],
    );
    expect((await ctx.app.request('POST', '/api/auth/mfa/enrol', { cookie: otherCookie })).body.code).toBe(
      'StepUpRequired',
    );
    // Enrolling again while enabled is refused.
    expect((await ctx.app.request('POST', '/api/auth/mfa/enrol', { cookie })).status).toBe(409);
    expect(await auditTypes(user.user.id)).toEqual([
      'auth.sign-in:success',
      'auth.mfa-failed:refused',
      'auth.mfa-enrolled:success',
    ]);
  });

  it('signs in in two steps; the pending session is refused by HTTP, socket.io and collab; the token changes', async () => {
    const { account, secret } = await enrolled();
    const chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    const { meeting } = await ctx.app.createMeeting(chair, [{ member: account, role: 'participant' }]);
    const pending = await passwordStep(ctx.app, account);
    expect(pending).toMatch(/^rt_session=/);
    expect((await ctx.app.request('GET', '/api/me', { cookie: pending })).status).toBe(401);
    expect((await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: pending })).status).toBe(401);
    expect((await ctx.app.request('GET', '/api/auth/mfa', { cookie: pending })).status).toBe(401);
    expect(await handshake(ctx.app, pending)).toBe('Unauthenticated');
    expect(await upgradeStatus(ctx.app, pending, meeting.id)).toBe(401);

    const wrong = await ctx.app.request('POST', '/api/auth/mfa/verify', { cookie: pending, body: { code: '123456' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('InvalidMfaCode');
    const verified = await ctx.app.request('POST', '/api/auth/mfa/verify', {
      cookie: pending,
      body: { code: await totp(secret) },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.id).toBe(account.user.id);
    const full = cookieOf(verified);
    expect(full).not.toBe(pending);
    expect((await ctx.app.request('GET', '/api/me', { cookie: full })).status).toBe(200);
    expect(await handshake(ctx.app, full)).toBe('connected');
    expect(await upgradeStatus(ctx.app, full, meeting.id)).toBe(101);
    // The pre-MFA token is worthless now, for the verify step too.
    expect((await ctx.app.request('GET', '/api/me', { cookie: pending })).status).toBe(401);
    const again = await ctx.app.request('POST', '/api/auth/mfa/verify', {
      cookie: pending,
      body: { code: await totp(secret, 1) },
    });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('Unauthenticated');
  });

  it('refuses a replayed code, and a recovery code used twice', async () => {
    const { account, secret, recoveryCodes } = await enrolled();
    const code = await totp(secret);
    const first = await passwordStep(ctx.app, account);
    expect((await ctx.app.request('POST', '/api/auth/mfa/verify', { cookie: first, body: { code } })).status).toBe(200);
    const second = await passwordStep(ctx.app, account);
    const replayed = await ctx.app.request('POST', '/api/auth/mfa/verify', { cookie: second, body: { code } });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('InvalidMfaCode');
    // The code of the step before the last one accepted is refused too.
    const older = await ctx.app.request('POST', '/api/auth/mfa/verify', {
      cookie: second,
      body: { code: await totp(secret, -1) },
    });
    expect(older.status).toBe(401);

    const recovery = recoveryCodes[0]!.toUpperCase();
    const used = await ctx.app.request('POST', '/api/auth/mfa/verify', {
      cookie: second,
      body: { recoveryCode: recovery },
    });
    expect(used.status).toBe(200);
    const third = await passwordStep(ctx.app, account);
    const reused = await ctx.app.request('POST', '/api/auth/mfa/verify', {
      cookie: third,
      body: { recoveryCode: recovery },
    });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('InvalidMfaCode');
    const status = await ctx.app.request('GET', '/api/auth/mfa', { cookie: cookieOf(used) });
    expect(status.body.recoveryCodesRemaining).toBe(9);
    expect(await auditTypes(account.user.id)).toEqual(expect.arrayContaining(['auth.recovery-code-used:success']));
  });

  it(`locks second-factor checks after ${MAX_FAILED_ATTEMPTS} wrong codes, audited`, async () => {
    const { account, secret } = await enrolled();
    const pending = await passwordStep(ctx.app, account);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
      const res = await ctx.app.request('POST', '/api/auth/mfa/verify', { cookie: pending, body: { code: '000000' } });
      expect(res.status).toBe(401);
    }
    const locked = await ctx.app.request('POST', '/api/auth/mfa/verify', {
      cookie: pending,
      body: { code: await totp(secret) },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('TooManyAttempts');
    const types = await auditTypes(account.user.id);
    expect(types.filter((t) => t === 'auth.mfa-failed:refused')).toHaveLength(MAX_FAILED_ATTEMPTS);
    expect(types).toContain('auth.mfa-locked:refused');
    // Parallel guesses are counted one by one (attempts are serialised per user).
    const other = await enrolled();
    const otherPending = await passwordStep(ctx.app, other.account);
    const burst = await Promise.all(
      Array.from({ length: MAX_FAILED_ATTEMPTS + 3 }, () =>
        ctx.app.request('POST', '/api/auth/mfa/verify', { cookie: otherPending, body: { code: '000000' } }),
      ),
    );
    expect(burst.filter((r) => r.status === 401)).toHaveLength(MAX_FAILED_ATTEMPTS);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(3);
  });

  // Timing, with or without MFA and for unknown emails, is measured at the production hash cost in
  // test/sign-in-timing.e2e-spec.ts: at the tests' cheap cost a skipped derivation hides in the noise.
  it('answers a wrong password the same way with or without MFA', async () => {
    const withMfa = (await enrolled()).account;
    const without = await ctx.app.createUser();
    const attempt = (email: string) =>
      ctx.app.request('POST', '/api/auth/login', { body: { email, password: 'not the password' } });
    const a = await attempt(withMfa.email);
    const b = await attempt(without.email);
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.code).toBe(b.body.code);
    expect(a.body.message).toBe(b.body.message);
    expect(a.headers.get('set-cookie')).toBeNull();
  });

  it('holds users whose role requires MFA at enrolment until they enrol (MFA_REQUIRED_FOR)', async () => {
    const strict = await TestApp.start(ctx.database, { MFA_REQUIRED_FOR: 'chair, admin, auditor' });
    try {
      const auditor = await strict.createUser({ isAuditor: true });
      const cookie = await strict.signIn(auditor);
      expect((await strict.request('GET', '/api/me', { cookie })).status).toBe(200);
      const refused = await strict.request('GET', '/api/audit/events', { cookie });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('MfaEnrolmentRequired');
      expect((await strict.request('GET', '/api/auth/mfa', { cookie })).body.enrolmentRequired).toBe(true);
      expect(await handshake(strict, cookie)).toBe('Unauthenticated');
      // Held at setup, step-up still works (enrolling needs a recent sign-in).
      const stepUp = await strict.request('POST', '/api/auth/step-up', {
        cookie,
        body: { password: auditor.password },
      });
      expect(stepUp.status).toBe(200);
      await enrolled(strict, auditor);
      expect((await strict.request('GET', '/api/audit/events', { cookie })).status).toBe(200);

      // A chair of a discussion that has not concluded is held too; a participant is not.
      const chair = await strict.createUser({ agency: 'childrens-social-care' });
      const participant = await strict.createUser();
      const { meeting, chairCookie } = await strict.createMeeting(chair);
      const chairRefused = await strict.request('GET', `/api/meetings/${meeting.id}`, { cookie: chairCookie });
      expect(chairRefused.status).toBe(403);
      expect(chairRefused.body.code).toBe('MfaEnrolmentRequired');
      expect(await upgradeStatus(strict, chairCookie, meeting.id)).toBe(401);
      const participantCookie = await strict.signIn(participant);
      expect((await strict.request('GET', '/api/meetings', { cookie: participantCookie })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  describe('step-up', () => {
    const stale = (userId: string) =>
      ctx.app.dataSource.query(
        `UPDATE sessions SET authenticated_at = now() - interval '1 hour' WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      );

    it('refuses the LA decision, record downloads, audit exports and membership changes on a stale session until re-authenticated', async () => {
      const c = await buildMeetingCast(ctx.app, clients);
      const meetingId = c.meeting.id;
      const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
      await stale(c.chair.user.user.id);
      const decision = { meetingId, decisionId: opened.id, chosenOptions: ['s47-joint'], reasons: 'Joint enquiry' };
      const refused = await c.chair.client.emit('la-decision:record', decision);
      expect(refused).toMatchObject({ ok: false, error: { code: 'StepUpRequired' } });
      const rows: unknown[] = await ctx.app.dataSource.query('SELECT 1 FROM la_decisions WHERE decision_id = $1', [
        opened.id,
      ]);
      expect(rows).toHaveLength(0);

      const newcomer = await ctx.app.createUser();
      const add = await ctx.app.request('POST', `/api/meetings/${meetingId}/members`, {
        cookie: c.chair.cookie,
        body: { email: newcomer.email, role: 'participant' },
      });
      expect(add.status).toBe(403);
      expect(add.body.code).toBe('StepUpRequired');
      const role = await ctx.app.request('PATCH', `/api/meetings/${meetingId}/members/${c.police.user.user.id}`, {
        cookie: c.chair.cookie,
        body: { role: 'observer' },
      });
      expect(role.body.code).toBe('StepUpRequired');
      const remove = await ctx.app.request('DELETE', `/api/meetings/${meetingId}/members/${c.police.user.user.id}`, {
        cookie: c.chair.cookie,
      });
      expect(remove.body.code).toBe('StepUpRequired');

      const wrong = await ctx.app.request('POST', '/api/auth/step-up', {
        cookie: c.chair.cookie,
        body: { password: 'not the password' },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('InvalidCredentials');
      expect((await ctx.app.request('GET', '/api/auth/step-up', { cookie: c.chair.cookie })).body).toMatchObject({
        freshForSeconds: 0,
        maxAgeSeconds: 600,
        mfaEnabled: false,
      });
      const stepped = await ctx.app.request('POST', '/api/auth/step-up', {
        cookie: c.chair.cookie,
        body: { password: c.chair.user.password },
      });
      expect(stepped.status).toBe(200);
      expect(stepped.body.freshForSeconds).toBeGreaterThan(590);
      expect(await c.chair.client.emit('la-decision:record', decision)).toMatchObject({ ok: true });
      const added = await ctx.app.request('POST', `/api/meetings/${meetingId}/members`, {
        cookie: c.chair.cookie,
        body: { email: newcomer.email, role: 'participant' },
      });
      expect(added.status).toBe(201);
      expect(await auditTypes(c.chair.user.user.id)).toEqual(
        expect.arrayContaining(['auth.step-up:refused', 'auth.step-up:success']),
      );
    });

    it('refuses a stale record download and audit export, and asks for the code as well when MFA is on', async () => {
      const c = await buildMeetingCast(ctx.app, clients);
      const meetingId = c.meeting.id;
      expect(
        (await ctx.app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status,
      ).toBe(200);
      const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
      const concluded = await ctx.app.request('POST', `/api/meetings/${meetingId}/conclude`, {
        cookie: c.chair.cookie,
        body: { notReached: [{ decisionId: opened.id, reason: 'Waiting for the medical.' }] },
      });
      expect(concluded.status).toBe(200);
      const href = sealedRecordHref(meetingId, 1, 'complete', 'pdf');
      let fresh = { status: 0 };
      for (let i = 0; i < 100 && fresh.status !== 200; i++) {
        fresh = await ctx.app.request('GET', href, { cookie: c.chair.cookie });
        if (fresh.status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(fresh.status).toBe(200);
      await stale(c.chair.user.user.id);
      const refused = await ctx.app.request('GET', href, { cookie: c.chair.cookie });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('StepUpRequired');

      const { account, cookie, secret } = await enrolled(ctx.app, await ctx.app.createUser({ isAuditor: true }));
      expect((await ctx.app.request('GET', '/api/audit/events/export.csv', { cookie })).status).toBe(200);
      await stale(account.user.id);
      for (const format of ['csv', 'json']) {
        const res = await ctx.app.request('GET', `/api/audit/events/export.${format}`, { cookie });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('StepUpRequired');
      }
      const noCode = await ctx.app.request('POST', '/api/auth/step-up', {
        cookie,
        body: { password: account.password },
      });
      expect(noCode.status).toBe(400);
      const stepped = await ctx.app.request('POST', '/api/auth/step-up', {
        cookie,
        body: { password: account.password, code: await totp(secret) },
      });
      expect(stepped.status).toBe(200);
      expect((await ctx.app.request('GET', '/api/audit/events/export.json', { cookie })).status).toBe(200);
      // Turning MFA off needs a fresh step-up too.
      await stale(account.user.id);
      expect((await ctx.app.request('POST', '/api/auth/mfa/disable', { cookie })).body.code).toBe('StepUpRequired');
    });
  });
});
