import type { AdminUser } from '@roundtable/shared/admin';
import { CLOSE_CODES, documentName } from '@roundtable/shared/realtime';
import { Client } from 'pg';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ACCESS_NOTIFY_CHANNEL } from '../access-notifications/access-notification';
import { AccessListener } from '../access-notifications/access-listener.service';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { buildUser, type TestUser } from '../../../test/support/test-app';

/** Live connections of one person: a y-websocket provider on the record and a socket.io client joined to the meeting. */
interface Live {
  provider: WebsocketProvider;
  doc: Y.Doc;
  events: EventsClient;
  collabCloseCodes: number[];
  /** ms since `since` when each closed (Infinity: still open). */
  closedAfter(since: number): Promise<{ collab: number; events: number }>;
  destroy(): void;
}

describeOnOneDatabase('user administration', (ctx) => {
  const open: Live[] = [];
  let admin: TestUser;
  let adminCookie: string;

  beforeAll(async () => {
    admin = await ctx.app.createUser({ isAdmin: true, agency: 'other', displayName: 'Ada Admin' });
    adminCookie = await ctx.app.signIn(admin);
  });

  afterEach(() => {
    for (const live of open.splice(0)) live.destroy();
  });

  async function connectEverywhere(user: TestUser, meetingId: string): Promise<Live> {
    const cookie = await ctx.app.signIn(user);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, documentName(meetingId, 'record'), doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, ctx.app.url) as never,
      disableBc: true,
      connect: true,
    });
    const collabCloseCodes: number[] = [];
    let collabClosedAt = Infinity;
    provider.on('connection-close', (event) => {
      if (!event) return;
      collabCloseCodes.push(event.code);
      collabClosedAt = Math.min(collabClosedAt, Date.now());
      provider.shouldConnect = false; // observe the close, do not reconnect
    });
    await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
    const events = await EventsClient.connect(ctx.app.url, { cookie });
    await events.ok('meeting:join', { meetingId });
    let eventsClosedAt = Infinity;
    events.socket.on('disconnect', () => (eventsClosedAt = Math.min(eventsClosedAt, Date.now())));
    const live: Live = {
      provider,
      doc,
      events,
      collabCloseCodes,
      closedAfter: async (since) => {
        await eventually(() => expect(Math.max(collabClosedAt, eventsClosedAt)).toBeLessThan(Infinity), 5_000);
        return { collab: collabClosedAt - since, events: eventsClosedAt - since };
      },
      destroy: () => {
        provider.destroy();
        doc.destroy();
        events.close();
      },
    };
    open.push(live);
    return live;
  }

  async function memberOfAMeeting(): Promise<{ user: TestUser; meetingId: string }> {
    const chair = await ctx.app.createUser({ displayName: 'Chair Person' });
    const user = await ctx.app.createUser({ displayName: 'Leaver Person', agency: 'health' });
    const { meeting } = await ctx.app.createMeeting(chair, [{ member: user, role: 'participant' }]);
    return { user, meetingId: meeting.id };
  }

  async function auditTypesAbout(userId: string): Promise<string[]> {
    const rows = (await ctx.app.dataSource.query(
      `SELECT type FROM audit_events WHERE type LIKE 'user.%' AND subject_id = $1 ORDER BY seq`,
      [userId],
    )) as { type: string }[];
    return rows.map((r) => r.type);
  }

  it('refuses everyone but administrators, and audits the refusal', async () => {
    const member = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(member);
    const target = await ctx.app.createUser();
    expect((await ctx.app.request('GET', '/api/admin/users')).status).toBe(401);
    const attempts: [string, string, unknown?][] = [
      ['GET', '/api/admin/users'],
      ['POST', '/api/admin/users', buildUser()],
      ['POST', `/api/admin/users/${target.user.id}/disable`],
      ['POST', `/api/admin/users/${target.user.id}/enable`],
      ['POST', `/api/admin/users/${target.user.id}/end-sessions`],
      ['POST', `/api/admin/users/${target.user.id}/team-manager`, { teamManager: true }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await ctx.app.request(method, path, { cookie, body });
      expect({ path, status: res.status, code: res.body?.error?.code ?? res.body?.code }).toMatchObject({
        path,
        status: 403,
      });
    }
    const auditor = await ctx.app.createUser({ isAuditor: true });
    expect((await ctx.app.request('GET', '/api/admin/users', { cookie: await ctx.app.signIn(auditor) })).status).toBe(
      403,
    );
    const refusals = (await ctx.app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE type = 'access.refused' AND actor_user_id = $1 AND details->>'reason' = 'not-an-administrator'`,
      [member.user.id],
    )) as { n: number }[];
    expect(refusals[0]!.n).toBe(attempts.length);
    // Nothing changed.
    const [row] = (await ctx.app.dataSource.query(`SELECT disabled_at FROM users WHERE id = $1`, [target.user.id])) as {
      disabled_at: Date | null;
    }[];
    expect(row!.disabled_at).toBeNull();
  });

  it('lists accounts with their status, and creates one (validated, audited, email unique)', async () => {
    const input = buildUser({ displayName: 'New Starter', agency: 'education' });
    const created = await ctx.app.request('POST', '/api/admin/users', { cookie: adminCookie, body: input });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: input.email, displayName: 'New Starter', status: 'active' });
    expect(created.body).not.toHaveProperty('passwordHash');
    expect(await auditTypesAbout(created.body.id)).toEqual(['user.created']);
    // The new person can sign in with the password they were given.
    await ctx.app.signIn(input);

    const duplicate = await ctx.app.request('POST', '/api/admin/users', { cookie: adminCookie, body: input });
    expect(duplicate.status).toBe(409);
    const invalid = await ctx.app.request('POST', '/api/admin/users', {
      cookie: adminCookie,
      body: { ...buildUser(), email: 'not-an-email', password: 'short', isAdmin: true, isAuditor: true },
    });
    expect(invalid.status).toBe(400);

    const list = await ctx.app.request('GET', '/api/admin/users', { cookie: adminCookie });
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const mine = (list.body.users as { email: string; activeSessions: number; isAdmin: boolean }[]).find(
      (u) => u.email === admin.email,
    );
    expect(mine).toMatchObject({ isAdmin: true, activeSessions: expect.any(Number) });
    expect(mine!.activeSessions).toBeGreaterThanOrEqual(1);
    expect(list.body.users.some((u: { email: string }) => u.email === 'not-an-email')).toBe(false);
  });

  it('disabling closes every live connection of the person within a second, refuses them after, and re-enabling lets them back', async () => {
    const { user, meetingId } = await memberOfAMeeting();
    const live = await connectEverywhere(user, meetingId);
    const before = Date.now();
    const res = await ctx.app.request('POST', `/api/admin/users/${user.user.id}/disable`, { cookie: adminCookie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { status: 'disabled' }, sessionsEnded: 1 });
    const closed = await live.closedAfter(before);
    expect(closed.collab).toBeLessThan(1_000);
    expect(closed.events).toBeLessThan(1_000);
    expect(live.collabCloseCodes[0]).toBe(CLOSE_CODES.sessionEnded);
    expect(
      (await ctx.app.request('POST', '/api/auth/login', { body: { email: user.email, password: user.password } }))
        .status,
    ).toBe(401);

    const enabled = await ctx.app.request('POST', `/api/admin/users/${user.user.id}/enable`, { cookie: adminCookie });
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.status).toBe('active');
    await ctx.app.signIn(user);
    expect(await auditTypesAbout(user.user.id)).toEqual(['user.disabled', 'user.enabled']);
  });

  it('ending sessions closes the connections but keeps the account', async () => {
    const { user, meetingId } = await memberOfAMeeting();
    const live = await connectEverywhere(user, meetingId);
    const oldCookie = await ctx.app.signIn(user);
    const before = Date.now();
    const res = await ctx.app.request('POST', `/api/admin/users/${user.user.id}/end-sessions`, { cookie: adminCookie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { status: 'active', activeSessions: 0 }, sessionsEnded: 2 });
    const closed = await live.closedAfter(before);
    expect(Math.max(closed.collab, closed.events)).toBeLessThan(1_000);
    expect((await ctx.app.request('GET', '/api/me', { cookie: oldCookie })).status).toBe(401);
    await ctx.app.signIn(user);
  });

  it('makes an account a team manager and back (audited, a repeat writes nothing); never an auditor', async () => {
    const lead = await ctx.app.createUser({ displayName: 'Tia Team Lead' });
    const set = (userId: string, body: unknown) =>
      ctx.app.request('POST', `/api/admin/users/${userId}/team-manager`, { cookie: adminCookie, body });
    const listed = async () =>
      ((await ctx.app.request('GET', '/api/admin/users', { cookie: adminCookie })).body.users as AdminUser[]).find(
        (u) => u.id === lead.user.id,
      );
    expect(await listed()).toMatchObject({ teamManager: false });

    const made = await set(lead.user.id, { teamManager: true });
    expect(made).toMatchObject({ status: 200, body: { id: lead.user.id, teamManager: true } });
    expect(await set(lead.user.id, { teamManager: true })).toMatchObject({ status: 200 });
    expect(await listed()).toMatchObject({ teamManager: true });
    // From the next request: the caseload is the team's.
    const caseload = await ctx.app.request('GET', '/api/caseload', { cookie: await ctx.app.signIn(lead) });
    expect(caseload.body.scope).toBe('team');
    expect((await set(lead.user.id, { teamManager: false })).body.teamManager).toBe(false);
    const changes = (await ctx.app.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE type = 'user.team-manager-changed' AND subject_id = $1 ORDER BY seq`,
      [lead.user.id],
    )) as { actor_user_id: string; details: unknown }[];
    expect(changes).toEqual([
      { actor_user_id: admin.user.id, details: { via: 'api', from: false, to: true } },
      { actor_user_id: admin.user.id, details: { via: 'api', from: true, to: false } },
    ]);

    const auditor = await ctx.app.createUser({ isAuditor: true });
    const refused = await set(auditor.user.id, { teamManager: true });
    expect(refused).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });
    expect(refused.body.message).toBe('A safeguarding partner reviewer cannot be a team manager');
    expect(await set(lead.user.id, { teamManager: 'yes' })).toMatchObject({ status: 400 });
    expect(await set('00000000-0000-4000-8000-000000000000', { teamManager: true })).toMatchObject({ status: 404 });
  });

  it('an administrator cannot disable their own account; unknown ids are not found', async () => {
    const self = await ctx.app.request('POST', `/api/admin/users/${admin.user.id}/disable`, { cookie: adminCookie });
    expect(self.status).toBe(403);
    expect((await ctx.app.request('GET', '/api/me', { cookie: adminCookie })).status).toBe(200);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await ctx.app.request('POST', `/api/admin/users/${id}/disable`, { cookie: adminCookie })).status).toBe(
        404,
      );
    }
  });

  it('disabling and ending sessions need a recent sign-in or re-authentication (step-up)', async () => {
    const staleAdmin = await ctx.app.createUser({ isAdmin: true, agency: 'other' });
    const cookie = await ctx.app.signIn(staleAdmin);
    await ctx.app.dataSource.query(
      `UPDATE sessions SET authenticated_at = now() - interval '1 day' WHERE user_id = $1`,
      [staleAdmin.user.id],
    );
    const target = await ctx.app.createUser();
    for (const action of ['disable', 'end-sessions']) {
      const res = await ctx.app.request('POST', `/api/admin/users/${target.user.id}/${action}`, { cookie });
      expect({ action, status: res.status, code: res.body?.code }).toEqual({
        action,
        status: 403,
        code: 'StepUpRequired',
      });
    }
    expect(await auditTypesAbout(target.user.id)).toEqual([]);
    // Listing and re-enabling do not need it.
    expect((await ctx.app.request('GET', '/api/admin/users', { cookie })).status).toBe(200);
  });

  it('a change another process commits (the admin CLI) reaches live connections through PostgreSQL NOTIFY', async () => {
    await ctx.app.get(AccessListener).ready();
    const { user, meetingId } = await memberOfAMeeting();
    const live = await connectEverywhere(user, meetingId);
    const other = new Client({ connectionString: ctx.database.url });
    await other.connect();
    try {
      // As the CLI does it: revoke in a transaction and NOTIFY in it (delivered at commit only).
      await other.query('BEGIN');
      await other.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [user.user.id]);
      await other.query(`SELECT pg_notify($1, $2)`, [
        ACCESS_NOTIFY_CHANNEL,
        JSON.stringify({ v: 1, change: { kind: 'close-user', userId: user.user.id } }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(live.collabCloseCodes).toEqual([]); // not before the commit
      const before = Date.now();
      await other.query('COMMIT');
      const closed = await live.closedAfter(before);
      expect(Math.max(closed.collab, closed.events)).toBeLessThan(1_000);
      expect(live.collabCloseCodes[0]).toBe(CLOSE_CODES.sessionEnded);
      // A malformed notification is ignored.
      await other.query(`SELECT pg_notify($1, 'not json')`, [ACCESS_NOTIFY_CHANNEL]);
    } finally {
      await other.end();
    }
  });
});
