import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { AccessListener } from '../server/src/identity/access-notifications/access-listener.service';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { CollabTestClient } from '../server/test/support/collab-client';
import { eventually } from '../server/test/support/eventually';
import { EventsClient } from '../server/test/support/meeting-events-client';
import { buildMeeting, TestApp } from '../server/test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../server/test/support/test-database';
import { ADMIN_CLI } from './support/server-process';

const run = promisify(execFile);

/**
 * The admin CLI is its own process with no connections of its own: its
 * disable-user and end-sessions must still close a running server's live
 * connections within a second (PostgreSQL NOTIFY), not at the next 30 s sweep.
 */
describe('admin CLI against a running server', () => {
  const kind = availableDatabaseKinds().includes('machine') ? 'machine' : 'embedded';
  let database: DatabaseHandle;
  let app: TestApp;

  beforeAll(async () => {
    if (!existsSync(ADMIN_CLI)) throw new Error('server/dist is missing: run `npm run build` (npm test does) first');
    database = await startTestDatabase(kind);
    app = await TestApp.start(database);
    await app.get(AccessListener).ready();
  });

  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  /** Runs the CLI against the app's database; resolves with the time its work was done (stdout written, process exited). */
  async function cli(...args: string[]): Promise<{ stdout: string; doneAt: number }> {
    const { stdout } = await run(process.execPath, [ADMIN_CLI, ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        AUDIT_SIGNING_KEY_FILE: app.config.auditSigningKeyFile,
        LOG_LEVEL: 'warn',
      },
    });
    return { stdout, doneAt: Date.now() };
  }

  async function liveMember() {
    const chair = await app.createUser({ displayName: 'Chair Person' });
    const member = await app.createUser({ displayName: 'Leaver Person', agency: 'police' });
    const { meeting } = await app.createMeeting(chair, [{ member, role: 'participant' }]);
    const cookie = await app.signIn(member);
    const collab = await CollabTestClient.connected(app.url, cookie, meeting.id);
    let collabClosedAt = Infinity;
    collab.provider.on('connection-close', () => {
      collabClosedAt = Math.min(collabClosedAt, Date.now());
      collab.provider.shouldConnect = false;
    });
    const events = await EventsClient.connect(app.url, { cookie });
    await events.ok('meeting:join', { meetingId: meeting.id });
    let eventsClosedAt = Infinity;
    events.socket.on('disconnect', () => (eventsClosedAt = Math.min(eventsClosedAt, Date.now())));
    return {
      member,
      collab,
      events,
      closedAt: () => ({ collab: collabClosedAt, events: eventsClosedAt }),
      destroy: () => {
        collab.provider.destroy();
        collab.doc.destroy();
        events.close();
      },
    };
  }

  it('disable-user closes the collab WebSocket (4401) and the socket.io connection within a second', async () => {
    const live = await liveMember();
    try {
      const { stdout, doneAt } = await cli('disable-user', '--email', live.member.email);
      expect(stdout).toContain(`Disabled ${live.member.email}; 1 session(s) ended`);
      // The NOTIFY is delivered at commit, before the CLI has even exited: measured against the CLI finishing.
      const closed = await eventually(() => {
        const at = live.closedAt();
        expect(Math.max(at.collab, at.events)).toBeLessThan(Infinity);
        return at;
      }, 1_000);
      expect(closed.collab - doneAt).toBeLessThan(1_000);
      expect(closed.events - doneAt).toBeLessThan(1_000);
      expect(live.collab.closeCodes[0]).toBe(CLOSE_CODES.sessionEnded);
      expect(live.events.received.disconnects).toContain('io server disconnect');
      expect(
        (
          await app.request('POST', '/api/auth/login', {
            body: { email: live.member.email, password: live.member.password },
          })
        ).status,
      ).toBe(401);

      expect((await cli('enable-user', '--email', live.member.email)).stdout).toContain('Enabled');
      await app.signIn(live.member);
    } finally {
      live.destroy();
    }
  });

  it('end-sessions closes the connections within a second and keeps the account', async () => {
    const live = await liveMember();
    try {
      const { stdout, doneAt } = await cli('end-sessions', '--email', live.member.email);
      expect(stdout).toContain('Ended 1 session(s)');
      const closed = await eventually(() => {
        const at = live.closedAt();
        expect(Math.max(at.collab, at.events)).toBeLessThan(Infinity);
        return at;
      }, 1_000);
      expect(Math.max(closed.collab, closed.events) - doneAt).toBeLessThan(1_000);
      await app.signIn(live.member);
      const audited = (await app.dataSource.query(
        `SELECT type, actor_user_id, details->>'via' AS via FROM audit_events
          WHERE subject_id = $1 AND type LIKE 'user.%' ORDER BY seq`,
        [live.member.user.id],
      )) as { type: string; actor_user_id: string | null; via: string }[];
      expect(audited).toEqual([{ type: 'user.sessions-ended', actor_user_id: null, via: 'cli' }]);
    } finally {
      live.destroy();
    }
  });

  it('reset-mfa removes the authenticator app and recovery codes, ends the sessions, and is audited; twice is refused', async () => {
    const live = await liveMember();
    try {
      const userId = live.member.user.id;
      // Set up as enrolment leaves it (the secret's contents do not matter to a reset).
      await app.dataSource.query(
        `INSERT INTO user_mfa (user_id, secret_encrypted, enabled_at) VALUES ($1, '\\x00', now())`,
        [userId],
      );
      await app.dataSource.query(`INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($1, $2), ($1, $3)`, [
        userId,
        randomBytes(32),
        randomBytes(32),
      ]);
      const { stdout } = await cli('reset-mfa', '--email', live.member.email);
      expect(stdout).toContain(`Two-factor authentication removed for ${live.member.email}; 1 session(s) ended`);
      await eventually(() => {
        const at = live.closedAt();
        expect(Math.max(at.collab, at.events)).toBeLessThan(Infinity);
      }, 1_000);
      const [counts] = (await app.dataSource.query(
        `SELECT (SELECT count(*)::int FROM user_mfa WHERE user_id = $1) AS mfa,
                (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1) AS codes`,
        [userId],
      )) as { mfa: number; codes: number }[];
      expect(counts).toEqual({ mfa: 0, codes: 0 });
      const audited = (await app.dataSource.query(
        `SELECT type, actor_user_id, details FROM audit_events WHERE subject_id = $1 AND type = 'auth.mfa-disabled'`,
        [userId],
      )) as { type: string; actor_user_id: string | null; details: unknown }[];
      expect(audited).toEqual([
        { type: 'auth.mfa-disabled', actor_user_id: null, details: { via: 'cli', reset: true, sessionsEnded: 1 } },
      ]);
      // The password alone signs in again.
      await app.signIn(live.member);

      const again = await cli('reset-mfa', '--email', live.member.email).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(again?.code).toBe(1);
      expect(again?.stderr).toContain('no two-factor authentication set up');
    } finally {
      live.destroy();
    }
  });

  it('set-chair-permission gives and takes away the permission to convene and chair, audited; the next request sees it', async () => {
    const manager = await app.createUser({ displayName: 'Max Manager', canChair: false });
    const cookie = await app.signIn(manager);
    const convene = () =>
      app.request('POST', '/api/meetings', { cookie, body: buildMeeting() }).then((res) => res.status);
    expect(await convene()).toBe(403);

    expect((await cli('set-chair-permission', '--email', manager.email, '--can-chair', 'yes')).stdout).toContain(
      `${manager.email} may convene and chair meetings`,
    );
    expect(await convene()).toBe(201);
    await cli('set-chair-permission', '--email', manager.email, '--can-chair', 'no');
    expect(await convene()).toBe(403);
    const audited = (await app.dataSource.query(
      `SELECT actor_user_id, details FROM audit_events WHERE subject_id = $1 AND type = 'user.chair-permission-changed' ORDER BY seq`,
      [manager.user.id],
    )) as unknown[];
    expect(audited).toEqual([
      { actor_user_id: null, details: { via: 'cli', from: false, to: true } },
      { actor_user_id: null, details: { via: 'cli', from: true, to: false } },
    ]);

    const bad = await cli('set-chair-permission', '--email', manager.email, '--can-chair', 'maybe').then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(bad?.code).toBe(1);
    expect(bad?.stderr).toContain('Allowed choices are yes, no');
  });
});
