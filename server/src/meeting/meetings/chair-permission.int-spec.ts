import { CANNOT_CONVENE } from '@roundtable/shared/permissions';
import { ChairPermission1766200000000 } from '../../platform/database/migrations/1766200000000-chair-permission';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { buildMeeting, buildUser, type TestUser } from '../../../test/support/test-app';

/**
 * Who may convene and chair is a permission on the account (issue 15, item 8),
 * set by administrators and audited: convening, being made chair, starting,
 * concluding and the chair's socket.io decisions are refused without it.
 */
describeOnOneDatabase('the permission to convene and chair', (ctx) => {
  let admin: TestUser;
  let adminCookie: string;

  beforeAll(async () => {
    admin = await ctx.app.createUser({ isAdmin: true, canChair: false, agency: 'other', displayName: 'Ada Admin' });
    adminCookie = await ctx.app.signIn(admin);
  });

  async function auditEntries(type: string, subjectId: string): Promise<{ details: Record<string, unknown> }[]> {
    return ctx.app.dataSource.query(
      `SELECT details FROM audit_events WHERE type = $1 AND subject_id = $2 ORDER BY seq`,
      [type, subjectId],
    );
  }

  const setChairPermission = (userId: string, canChair: unknown, cookie = adminCookie) =>
    ctx.app.request('POST', `/api/admin/users/${userId}/chair-permission`, { cookie, body: { canChair } });

  describe('the migration', () => {
    // First in the file: it runs the migration down and up again, before any entry of the new audit type exists.
    it('gives it to children’s social care accounts that could convene, but not to students, business support, administrators or auditors', async () => {
      const migration = new ChairPermission1766200000000();
      const runner = ctx.app.dataSource.createQueryRunner();
      const accounts: [jobTitle: string, agency: string, isAdmin: boolean, isAuditor: boolean, expected: boolean][] = [
        ['Team manager', 'childrens-social-care', false, false, true],
        ['Child protection chair', 'childrens-social-care', false, false, true],
        ['Social worker', 'childrens-social-care', false, false, true],
        ['Student social worker', 'childrens-social-care', false, false, false],
        ['Trainee social worker', 'childrens-social-care', false, false, false],
        ['Business Support Officer', 'childrens-social-care', false, false, false],
        ['Minute taker', 'childrens-social-care', false, false, false],
        ['Observer', 'childrens-social-care', false, false, false],
        ['System administrator', 'childrens-social-care', true, false, false],
        ['Team manager', 'childrens-social-care', true, false, false],
        ['Partnership reviewer', 'childrens-social-care', false, true, false],
        ['System administrator', 'other', true, false, false],
        ['Detective sergeant', 'police', false, false, false],
        ['Named nurse', 'health', false, false, false],
      ];
      try {
        await migration.down(runner);
        const ids: string[] = [];
        for (const [jobTitle, agency, isAdmin, isAuditor] of accounts) {
          const { email, displayName } = buildUser();
          const [row] = (await runner.query(
            `INSERT INTO users (email, display_name, job_title, agency, is_admin, is_auditor)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [email, displayName, jobTitle, agency, isAdmin, isAuditor],
          )) as { id: string }[];
          ids.push(row!.id);
        }
        await migration.up(runner);
        const rows = (await runner.query(`SELECT id, can_chair FROM users WHERE id = ANY($1)`, [ids])) as {
          id: string;
          can_chair: boolean;
        }[];
        const byId = new Map(rows.map((r) => [r.id, r.can_chair]));
        expect(accounts.map(([jobTitle, agency], i) => [jobTitle, agency, byId.get(ids[i]!)])).toEqual(
          accounts.map(([jobTitle, agency, , , expected]) => [jobTitle, agency, expected]),
        );
        // New accounts start without it, and the database refuses it on an auditor.
        const { email, displayName } = buildUser();
        const [fresh] = (await runner.query(
          `INSERT INTO users (email, display_name, job_title, agency) VALUES ($1, $2, 'Team manager', 'childrens-social-care') RETURNING can_chair`,
          [email, displayName],
        )) as { can_chair: boolean }[];
        expect(fresh!.can_chair).toBe(false);
        await expect(
          runner.query(`UPDATE users SET can_chair = true WHERE id = $1`, [ids[accounts.length - 4]]),
        ).rejects.toThrow(/users_auditor_cannot_chair/);
      } finally {
        await runner.release();
      }
    });
  });

  describe('convening', () => {
    it('refuses an account without the permission, whatever its agency or admin role, and creates nothing', async () => {
      for (const overrides of [
        { agency: 'childrens-social-care' as const, jobTitle: 'Student social worker' },
        { agency: 'childrens-social-care' as const, jobTitle: 'Business support officer' },
        { agency: 'other' as const, isAdmin: true },
      ]) {
        const account = await ctx.app.createUser({ ...overrides, canChair: false });
        const cookie = await ctx.app.signIn(account);
        const res = await ctx.app.request('POST', '/api/meetings', { cookie, body: buildMeeting() });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'Forbidden', message: CANNOT_CONVENE });
        expect(res.body.message).toMatch(/^Your account cannot convene .* Ask an administrator/);
        const mine = await ctx.app.request('GET', '/api/meetings', { cookie });
        expect(mine.body).toEqual({ meetings: [] });
      }
    });

    it('lets an account with the permission convene, whatever its agency', async () => {
      const chair = await ctx.app.createUser({ agency: 'police', canChair: true });
      const { meeting } = await ctx.app.createMeeting(chair);
      expect(meeting.myRole).toBe('chair');
    });

    it('tells the client whether the signed-in account may convene', async () => {
      const can = await ctx.app.createUser({ canChair: true });
      const cannot = await ctx.app.createUser({ canChair: false });
      for (const [account, expected] of [
        [can, true],
        [cannot, false],
      ] as const) {
        const me = await ctx.app.request('GET', '/api/me', { cookie: await ctx.app.signIn(account) });
        expect(me.body).toMatchObject({ canChair: expected });
      }
    });
  });

  describe('being made chair', () => {
    it('refuses inviting as chair, or making chair, an account without the permission; other roles are fine', async () => {
      const chair = await ctx.app.createUser({ canChair: true });
      const student = await ctx.app.createUser({ canChair: false, displayName: 'Robin Student' });
      const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
      const members = `/api/meetings/${meeting.id}/members`;

      const asChair = await ctx.app.request('POST', members, {
        cookie: chairCookie,
        body: { email: student.email, role: 'chair' },
      });
      expect(asChair.status).toBe(403);
      expect(asChair.body.message).toMatch(/^Robin Student’s account cannot chair meetings\. Ask an administrator/);

      const asObserver = await ctx.app.request('POST', members, {
        cookie: chairCookie,
        body: { email: student.email, role: 'observer' },
      });
      expect(asObserver.status).toBe(201);

      const promoted = await ctx.app.request('PATCH', `${members}/${student.user.id}`, {
        cookie: chairCookie,
        body: { role: 'chair' },
      });
      expect(promoted.status).toBe(403);
      const detail = await ctx.app.request('GET', `/api/meetings/${meeting.id}`, { cookie: chairCookie });
      expect(detail.body.members.find((m: { userId: string }) => m.userId === student.user.id).role).toBe('observer');
    });
  });

  describe('chairing without the permission', () => {
    it('refuses start, conclude and the chair’s decisions over socket.io (audited), until an administrator allows it again', async () => {
      const chair = await ctx.app.createUser({ canChair: true, displayName: 'Sam Chair' });
      const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
      expect((await setChairPermission(chair.user.id, false)).status).toBe(200);

      // Sessions are read afresh on every request and event: the change applies at once.
      const start = await ctx.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie });
      expect(start.status).toBe(403);
      expect(start.body).toMatchObject({ code: 'Forbidden', message: CANNOT_CONVENE });

      const events = await EventsClient.connect(ctx.app.url, { cookie: chairCookie });
      try {
        await events.ok('meeting:join', { meetingId: meeting.id });
        const open = await events.emit('decision:open', { meetingId: meeting.id, childIds: [meeting.children[0]!.id] });
        expect(open).toMatchObject({ ok: false, error: { code: 'Forbidden', message: CANNOT_CONVENE } });
        const refused = (await ctx.app.dataSource.query(
          `SELECT details FROM audit_events WHERE type = 'access.refused' AND meeting_id = $1`,
          [meeting.id],
        )) as { details: { event?: string } }[];
        expect(refused.map((r) => r.details.event)).toContain('decision:open');
        const decisions = (await ctx.app.dataSource.query(`SELECT id FROM decisions WHERE meeting_id = $1`, [
          meeting.id,
        ])) as unknown[];
        expect(decisions).toEqual([]);

        expect((await setChairPermission(chair.user.id, true)).status).toBe(200);
        const started = await ctx.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie });
        expect(started.status).toBe(200);
        await events.ok('decision:open', { meetingId: meeting.id, childIds: [meeting.children[0]!.id] });

        expect((await setChairPermission(chair.user.id, false)).status).toBe(200);
        const conclude = await ctx.app.request('POST', `/api/meetings/${meeting.id}/conclude`, {
          cookie: chairCookie,
          body: {},
        });
        expect(conclude.status).toBe(403);
        expect(conclude.body).toMatchObject({ code: 'Forbidden', message: CANNOT_CONVENE });
        const status = (await ctx.app.dataSource.query(`SELECT status FROM meetings WHERE id = $1`, [meeting.id])) as {
          status: string;
        }[];
        expect(status[0]!.status).toBe('live');
      } finally {
        events.close();
      }
    });
  });

  describe('administration', () => {
    it('sets the permission, audited with before and after; a repeat writes nothing', async () => {
      const account = await ctx.app.createUser({ canChair: false, jobTitle: 'Team manager' });
      const allowed = await setChairPermission(account.user.id, true);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({ id: account.user.id, canChair: true });
      expect((await setChairPermission(account.user.id, true)).status).toBe(200);
      const taken = await setChairPermission(account.user.id, false);
      expect(taken.body).toMatchObject({ canChair: false });

      const entries = await auditEntries('user.chair-permission-changed', account.user.id);
      expect(entries.map((e) => e.details)).toEqual([
        { via: 'api', from: false, to: true },
        { via: 'api', from: true, to: false },
      ]);
      const [row] = (await ctx.app.dataSource.query(
        `SELECT actor_user_id FROM audit_events WHERE type = 'user.chair-permission-changed' AND subject_id = $1 LIMIT 1`,
        [account.user.id],
      )) as { actor_user_id: string }[];
      expect(row!.actor_user_id).toBe(admin.user.id);

      const listed = await ctx.app.request('GET', '/api/admin/users', { cookie: adminCookie });
      expect(listed.body.users.find((u: { id: string }) => u.id === account.user.id)).toMatchObject({
        canChair: false,
      });
    });

    it('refuses a non-administrator, an auditor as chair, bad input and unknown accounts, changing nothing', async () => {
      const practitioner = await ctx.app.createUser({ canChair: true });
      const auditor = await ctx.app.createUser({ isAuditor: true, agency: 'other' });
      const target = await ctx.app.createUser({ canChair: false });

      const notAdmin = await setChairPermission(target.user.id, true, await ctx.app.signIn(practitioner));
      expect(notAdmin.status).toBe(403);
      const onAuditor = await setChairPermission(auditor.user.id, true);
      expect(onAuditor.status).toBe(400);
      expect(onAuditor.body).toMatchObject({ code: 'ValidationFailed', fields: [{ path: 'canChair' }] });
      for (const bad of ['yes', 1, null]) {
        const res = await setChairPermission(target.user.id, bad);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'ValidationFailed' });
      }
      const unknown = await setChairPermission('00000000-0000-4000-8000-000000000000', true);
      expect(unknown.status).toBe(404);

      const rows = (await ctx.app.dataSource.query(`SELECT id, can_chair FROM users WHERE id = ANY($1)`, [
        [target.user.id, auditor.user.id],
      ])) as { can_chair: boolean }[];
      expect(rows.map((r) => r.can_chair)).toEqual([false, false]);
      expect(await auditEntries('user.chair-permission-changed', target.user.id)).toEqual([]);
    });

    it('creates accounts without it unless the administrator ticks it, and records the choice in the audit entry', async () => {
      const body = (canChair?: boolean) => {
        const { email, password, displayName, jobTitle, agency } = buildUser();
        return { email, password, displayName, jobTitle, agency, ...(canChair === undefined ? {} : { canChair }) };
      };
      const plain = await ctx.app.request('POST', '/api/admin/users', { cookie: adminCookie, body: body() });
      expect(plain.status).toBe(201);
      expect(plain.body.canChair).toBe(false);
      const ticked = await ctx.app.request('POST', '/api/admin/users', { cookie: adminCookie, body: body(true) });
      expect(ticked.body.canChair).toBe(true);
      const [created] = await auditEntries('user.created', ticked.body.id);
      expect(created!.details).toMatchObject({ canChair: true });

      const auditorChair = await ctx.app.request('POST', '/api/admin/users', {
        cookie: adminCookie,
        body: { ...body(true), isAuditor: true },
      });
      expect(auditorChair.status).toBe(400);
      expect(auditorChair.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'canChair' })]));
    });
  });
});
