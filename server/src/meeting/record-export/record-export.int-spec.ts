import type { IssuedServiceTokenResponse, ServiceAccountListResponse } from '@roundtable/shared/integrations';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import type { TestApp, TestUser } from '../../../test/support/test-app';

describeOnOneDatabase('service accounts and the sealed record export', (ctx) => {
  const app = (): TestApp => ctx.app;
  let admin: TestUser;
  let adminCookie: string;

  beforeAll(async () => {
    admin = await app().createUser({ isAdmin: true, agency: 'other', displayName: 'Ada Admin' });
    adminCookie = await app().signIn(admin);
  });

  async function createServiceAccount(body: Record<string, unknown> = {}): Promise<IssuedServiceTokenResponse> {
    const res = await app().request('POST', '/api/admin/service-accounts', {
      cookie: adminCookie,
      body: {
        name: 'Testshire LCS',
        agency: 'childrens-social-care',
        organisation: 'Testshire County Council',
        scopes: ['records:read'],
        expiresInDays: null,
        ...body,
      },
    });
    expect(res.status).toBe(201);
    return res.body as IssuedServiceTokenResponse;
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('administration', () => {
    it('creates a service account with a token shown once and stored only as its SHA-256, audited', async () => {
      const created = await createServiceAccount({
        name: 'Mosaic bridge',
        scopes: ['webhooks:receive', 'records:read'],
      });
      expect(created.token).toMatch(/^rt_sa_[A-Za-z0-9_-]{43}$/);
      expect(created.serviceAccount).toMatchObject({
        name: 'Mosaic bridge',
        agency: 'childrens-social-care',
        organisation: 'Testshire County Council',
        scopes: ['records:read', 'webhooks:receive'],
        status: 'active',
        createdBy: { userId: admin.user.id, displayName: 'Ada Admin' },
      });
      expect(created.serviceAccount.tokens).toEqual([
        expect.objectContaining({ id: created.tokenId, hint: created.token.slice(0, 12), status: 'active' }),
      ]);
      const stored = (await app().dataSource.query(
        `SELECT encode(token_hash, 'hex') AS hash FROM service_account_tokens WHERE id = $1`,
        [created.tokenId],
      )) as { hash: string }[];
      const { createHash } = await import('node:crypto');
      expect(stored[0]!.hash).toBe(createHash('sha256').update(created.token).digest('hex'));
      const dump = JSON.stringify(
        await app().dataSource.query(`SELECT * FROM service_account_tokens WHERE id = $1`, [created.tokenId]),
      );
      expect(dump).not.toContain(created.token);

      const listed = await app().request('GET', '/api/admin/service-accounts', { cookie: adminCookie });
      expect(listed.status).toBe(200);
      const account = (listed.body as ServiceAccountListResponse).serviceAccounts.find(
        (a) => a.id === created.serviceAccount.id,
      );
      expect(account?.tokens[0]?.hint).toBe(created.token.slice(0, 12));
      expect(JSON.stringify(listed.body)).not.toContain(created.token);

      const audit = (await app().dataSource.query(
        `SELECT type, actor_user_id FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
        [created.serviceAccount.id],
      )) as { type: string; actor_user_id: string }[];
      expect(audit).toEqual([
        { type: 'service-account.created', actor_user_id: admin.user.id },
        { type: 'service-account.token-issued', actor_user_id: admin.user.id },
      ]);
    });

    it('is not an account anyone signs in as, lists among people, or adds to a meeting', async () => {
      const created = await createServiceAccount({ name: 'No sign-in' });
      const email = `${created.serviceAccount.id}@service-account.invalid`;
      const login = await app().request('POST', '/api/auth/login', { body: { email, password: 'whatever it is' } });
      expect(login.status).toBe(401);
      const users = await app().request('GET', '/api/admin/users', { cookie: adminCookie });
      expect(JSON.stringify(users.body)).not.toContain(created.serviceAccount.id);
      const chair = await app().createUser({ displayName: 'Chair Adds', agency: 'childrens-social-care' });
      const { meeting, chairCookie } = await app().createMeeting(chair);
      const added = await app().request('POST', `/api/meetings/${meeting.id}/members`, {
        cookie: chairCookie,
        body: { email, role: 'participant' },
      });
      expect(added.status).toBe(404);
      const disable = await app().request('POST', `/api/admin/users/${created.serviceAccount.id}/disable`, {
        cookie: adminCookie,
      });
      expect(disable.status).toBe(404);
    });

    it('refuses bad input with the field named, and changes nothing', async () => {
      const before = (await app().dataSource.query(`SELECT count(*)::int AS n FROM service_accounts`)) as {
        n: number;
      }[];
      const res = await app().request('POST', '/api/admin/service-accounts', {
        cookie: adminCookie,
        body: { name: '', agency: 'police', organisation: 'X', scopes: ['records:write'] },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ValidationFailed');
      expect((res.body.fields as { path: string }[]).map((f) => f.path)).toEqual(
        expect.arrayContaining(['name', 'scopes.0']),
      );
      const after = (await app().dataSource.query(`SELECT count(*)::int AS n FROM service_accounts`)) as {
        n: number;
      }[];
      expect(after[0]!.n).toBe(before[0]!.n);
      const unknown = await app().request('POST', '/api/admin/service-accounts/not-a-uuid/disable', {
        cookie: adminCookie,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toBe('No service account has this id');
    });

    it('is for administrators only (refusal audited)', async () => {
      const person = await app().createUser({ agency: 'police' });
      const cookie = await app().signIn(person);
      const res = await app().request('GET', '/api/admin/service-accounts', { cookie });
      expect(res.status).toBe(403);
    });

    it('refuses a bearer token on an ordinary route, even with a valid cookie', async () => {
      const created = await createServiceAccount();
      const res = await app().request('GET', '/api/me', { cookie: adminCookie, headers: bearer(created.token) });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/accepted only on the integration routes/);
      const alone = await app().request('GET', '/api/meetings', { headers: bearer(created.token) });
      expect(alone.status).toBe(401);
    });
  });
});
