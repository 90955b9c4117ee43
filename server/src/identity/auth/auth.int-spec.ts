import { LIMITS } from '@roundtable/shared/constants';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { LiveConnectionRegistry } from '../../platform/live-connections/live-connections.registry';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { UserEntity } from '../users/user.entity';
import { SessionEntity } from './session.entity';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';

// It reads the OpenAPI document, which the test app leaves out unless asked.
describeOnOneDatabase('sign-in and sessions', { env: { API_DOCS: 'true' } }, (ctx) => {
  it('signs in with email and password and sets an httpOnly SameSite=Strict cookie', async () => {
    const user = await ctx.app.createUser({ agency: 'police', displayName: 'DS Test', jobTitle: 'Detective' });
    const res = await ctx.app.request('POST', '/api/auth/login', {
      body: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email: user.email,
      displayName: 'DS Test',
      agency: 'police',
      jobTitle: 'Detective',
    });
    expect(res.body.passwordHash).toBeUndefined();
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rt_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await ctx.app.request('GET', '/api/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.user.id);
  });

  it('stores only a hash of the session token', async () => {
    const user = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(user);
    const token = cookie.split('=')[1] as string;
    const rows: { token_hash: Buffer }[] = await ctx.app.dataSource.query(
      'SELECT token_hash FROM sessions WHERE user_id = $1',
      [user.user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash.toString('base64url')).not.toBe(token);
    expect(rows[0]?.token_hash).toHaveLength(32);
  });

  it('gives the same error for a wrong password and an unknown email', async () => {
    const user = await ctx.app.createUser();
    const wrong = await ctx.app.request('POST', '/api/auth/login', {
      body: { email: user.email, password: 'not the password' },
    });
    const unknown = await ctx.app.request('POST', '/api/auth/login', {
      body: { email: 'nobody-here@example.org', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('InvalidCredentials');
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a disabled account with the same message', async () => {
    const user = await ctx.app.createUser();
    await ctx.app.dataSource.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.user.id]);
    const res = await ctx.app.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('InvalidCredentials');
  });

  it('answers an invalid body with 400 naming the field, and an unparsable body with 400', async () => {
    const missing = await ctx.app.request('POST', '/api/auth/login', { body: { email: 'not-an-email' } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('ValidationFailed');
    expect(missing.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'password']);
    expect(missing.body.correlationId).toMatch(/[0-9a-f-]{36}/);
    const extra = await ctx.app.request('POST', '/api/auth/login', {
      body: { email: 'a@example.org', password: 'x', admin: true },
    });
    expect(extra.status).toBe(400);
    const broken = await ctx.app.request('POST', '/api/auth/login', { rawBody: '{"email":' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('ValidationFailed');
  });

  it('throttles repeated sign-in attempts for one account', async () => {
    const user = await ctx.app.createUser();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.loginAttemptsPerWindow; i++) {
      const res = await ctx.app.request('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong' } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LIMITS.loginAttemptsPerWindow).every((s) => s === 401)).toBe(true);
    const last = await ctx.app.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
    });
    expect(last.status).toBe(429);
    expect(last.body.code).toBe('TooManyAttempts');
  });

  it('signs out: the cookie no longer works', async () => {
    const user = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(user);
    const out = await ctx.app.request('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/rt_session=;/);
    const me = await ctx.app.request('GET', '/api/me', { cookie });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('Unauthenticated');
  });

  it('expires idle and over-age sessions, on use and by the sweeper', async () => {
    const user = await ctx.app.createUser();
    const idle = await ctx.app.signIn(user);
    const old = await ctx.app.signIn(user);
    const swept = await ctx.app.signIn(user);
    await ctx.app.dataSource.query(
      `UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.user.id],
    );
    expect((await ctx.app.request('GET', '/api/me', { cookie: idle })).status).toBe(401);
    await ctx.app.dataSource.query(
      `UPDATE sessions SET last_seen_at = now(), expires_at = now() - interval '1 second' WHERE user_id = $1 AND revoked_at IS NULL`,
      [user.user.id],
    );
    expect((await ctx.app.request('GET', '/api/me', { cookie: old })).status).toBe(401);
    expect(await ctx.app.get(SessionsService).sweepExpired()).toBeGreaterThanOrEqual(1);
    expect((await ctx.app.request('GET', '/api/me', { cookie: swept })).status).toBe(401);
    const open: unknown[] = await ctx.app.dataSource.query(
      'SELECT 1 FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [user.user.id],
    );
    expect(open).toHaveLength(0);
  });

  it('closes live connections of a session revoked outside this process at the next sweep', async () => {
    const user = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(user);
    const rows: { id: string }[] = await ctx.app.dataSource.query('SELECT id FROM sessions WHERE user_id = $1', [
      user.user.id,
    ]);
    const sessionId = rows[0]?.id as string;
    const closed: number[] = [];
    ctx.app.get(LiveConnectionRegistry).register({
      sessionId,
      userId: user.user.id,
      meetingId: '00000000-0000-4000-8000-000000000000',
      close: (code) => closed.push(code),
      changeRole: () => undefined,
    });
    // As `npm run admin -- disable-user` does from its own process:
    await ctx.app.dataSource.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = 'disabled' WHERE id = $1`,
      [sessionId],
    );
    await ctx.app.get(SessionsService).sweepExpired();
    expect(closed).toEqual([CLOSE_CODES.sessionEnded]);
    expect((await ctx.app.request('GET', '/api/me', { cookie })).status).toBe(401);
  });

  it('refuses every API route without a session, and a forged cookie', async () => {
    for (const path of ['/api/me', '/api/meetings', '/api/meetings/00000000-0000-4000-8000-000000000000']) {
      expect((await ctx.app.request('GET', path)).status).toBe(401);
      expect((await ctx.app.request('GET', path, { cookie: 'rt_session=forged-token' })).status).toBe(401);
    }
  });

  it('reads a session and its user by token hash and by id exactly as TypeORM maps the entities', async () => {
    const user = await ctx.app.createUser({ agency: 'health', displayName: 'Dr Map', jobTitle: 'Named doctor' });
    await ctx.app.dataSource.query(
      `UPDATE users SET organisation = 'Northshire ICB', can_chair = true, team_manager = true WHERE id = $1`,
      [user.user.id],
    );
    await ctx.app.signIn(user);
    const [stored] = await ctx.app.dataSource.getRepository(SessionEntity).find({
      where: { userId: user.user.id },
      relations: { user: true },
    });
    expect(stored?.user).toBeDefined();
    const sessions = ctx.app.get(SessionRepository);
    for (const where of [{ tokenHash: stored!.tokenHash }, { id: stored!.id }]) {
      const found = await sessions.findUnrevokedWithUser(where);
      expect(found).toBeInstanceOf(SessionEntity);
      expect(found?.user).toBeInstanceOf(UserEntity);
      expect(found).toEqual(stored);
    }
    await ctx.app.dataSource.query(`UPDATE sessions SET revoked_at = now() WHERE id = $1`, [stored!.id]);
    expect(await sessions.findUnrevokedWithUser({ id: stored!.id })).toBeNull();
  });

  it('reports health and documents the API', async () => {
    const health = await ctx.app.request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'up' });
    const docs = await ctx.app.request('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/logout', '/api/me', '/api/meetings', '/api/health']),
    );
    expect(docs.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual([
      'email',
      'password',
    ]);
  });

  it('sends security headers', async () => {
    const res = await ctx.app.request('GET', '/api/health');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
