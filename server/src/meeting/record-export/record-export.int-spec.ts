import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type {
  CreateServiceAccountRequest,
  IntegrationRecordListResponse,
  IssuedServiceTokenResponse,
  SealedRecordExport,
  ServiceAccountListResponse,
} from '@roundtable/shared/integrations';
import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import type { TestApp, TestUser } from '../../../test/support/test-app';

const ORGANISATION = 'Testshire County Council';
/** Restricted to police: in the complete record, never in the shared version or a service account's export. */
const CANARY = {
  earlierView: 'Canary: police intelligence from a covert source.',
  protectedName: 'Canary Referrer-Name',
};
const OPEN_VIEW = 'Police view: the disclosure matches the injury pattern.';
const COMMITTED_SCHEMA = path.resolve(__dirname, '../../../../docs/schemas/sealed-record-export.v1.json');

// It reads the OpenAPI document, which the test app leaves out unless asked.
describeOnOneDatabase('service accounts and the sealed record export', { env: { API_DOCS: 'true' } }, (ctx) => {
  const app = (): TestApp => ctx.app;
  let admin: TestUser;
  let adminCookie: string;

  beforeAll(async () => {
    admin = await app().createUser({ isAdmin: true, agency: 'other', displayName: 'Ada Admin' });
    adminCookie = await app().signIn(admin);
  });

  /** A records reader of the council's case system, unless `account` says otherwise. */
  function createServiceAccount(
    account: Partial<CreateServiceAccountRequest> = {},
  ): Promise<IssuedServiceTokenResponse> {
    return app().createServiceAccount(adminCookie, { scopes: ['records:read'], ...account });
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  async function get(pathname: string, headers: Record<string, string>) {
    const res = await fetch(app().url + pathname, { headers });
    const bytes = Buffer.from(await res.arrayBuffer());
    let body: any;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, bytes, body };
  }

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

  describe('the sealed record export', () => {
    const clients: EventsClient[] = [];
    let own: MeetingCast;
    let other: MeetingCast;
    let reader: IssuedServiceTokenResponse;
    let validate: ReturnType<Ajv2020['compile']>;

    /** A held, decided and concluded discussion chaired by someone of `organisation`: version 1 sealed. */
    async function concluded(organisation: string): Promise<MeetingCast> {
      const c = await buildMeetingCast(app(), clients);
      await app().dataSource.query(`UPDATE users SET organisation = $2 WHERE id = $1`, [
        c.chair.user.user.id,
        organisation,
      ]);
      const meetingId = c.meeting.id;
      expect((await app().request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status).toBe(
        200,
      );
      const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
      const request = { meetingId, decisionId: opened.id };
      const earlier = await c.police.client.ok('view:record', {
        ...request,
        harm: 'yes',
        recommendedOption: 's47-joint',
        reasons: CANARY.earlierView,
      });
      await c.police.client.ok('view:record', {
        ...request,
        harm: 'yes',
        recommendedOption: 's47-joint',
        reasons: OPEN_VIEW,
      });
      await c.police.client.ok('view:flag', {
        ...request,
        viewId: earlier.currentViews[0]!.id,
        restriction: 'police-restricted',
      });
      await c.health.client.ok('view:record', {
        ...request,
        harm: 'no',
        recommendedOption: 'nfa',
        reasons: 'Health: no concerns.',
      });
      await c.chair.client.ok('decision:close', request);
      await c.chair.client.ok('la-decision:record', {
        ...request,
        chosenOptions: ['s47-joint'],
        reasons: 'Joint enquiry.',
      });
      await c.health.client.ok('dissent:record', { ...request, part: 'options', reasons: 'Threshold not met.' });
      await c.police.client.ok('action:create', {
        meetingId,
        description: 'Arrange a child protection medical',
        ownerUserId: c.health.user.user.id,
        ownerAgency: 'health',
        dueAt: '2026-04-01T16:00:00.000Z',
      });
      await c.police.client.ok('protected-person:add', {
        meetingId,
        role: 'referrer',
        label: 'the referrer',
        name: CANARY.protectedName,
        audience: { kind: 'police-only', agencies: [], userIds: [] },
      });
      const done = await app().request('POST', `/api/meetings/${meetingId}/conclude`, {
        cookie: c.chair.cookie,
        body: {},
      });
      expect(done.status).toBe(200);
      await eventually(async () => {
        const listed = await app().request('GET', `/api/meetings/${meetingId}/records`, { cookie: c.chair.cookie });
        expect((listed.body as SealedRecordListResponse).versions).toHaveLength(1);
      });
      return c;
    }

    beforeAll(async () => {
      own = await concluded(ORGANISATION);
      other = await concluded('Otherton Borough Council');
      reader = await createServiceAccount({ name: 'Testshire LCS reader', organisation: ORGANISATION });
      const published = await get('/api/schemas/sealed-record-export.v1.json', {});
      expect(published.status).toBe(200);
      expect(published.body).toEqual(JSON.parse(readFileSync(COMMITTED_SCHEMA, 'utf8')));
      const ajv = new Ajv2020({ strict: true, allErrors: true });
      ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      ajv.addFormat('date-time', (v: string) => !Number.isNaN(Date.parse(v)));
      validate = ajv.compile(published.body);
    }, 120_000);

    afterAll(() => {
      for (const client of clients.splice(0)) client.close();
    });

    const exportPath = (c: MeetingCast, query = '') => `/api/meetings/${c.meeting.id}/record-exports/1${query}`;

    it('gives each member their own version as JSON, valid against the published schema, hashed and audited', async () => {
      const chair = await get(exportPath(own), { cookie: own.chair.cookie });
      expect(chair.status).toBe(200);
      expect(chair.headers.get('content-type')).toMatch(/^application\/json/);
      expect(chair.headers.get('x-content-sha256')).toBe(sha256(chair.bytes));
      expect(validate(chair.body)).toBe(true);
      const complete = chair.body as SealedRecordExport;
      expect(complete).toMatchObject({
        schemaVersion: 1,
        meeting: { id: own.meeting.id, reference: own.meeting.reference, type: 'strategy-discussion' },
        record: { version: 1, reason: 'concluded', variant: 'complete' },
      });
      const decision = complete.decisions[0]!;
      expect(decision.decisionInForce).toMatchObject({ chosenOptions: ['s47-joint'], inForce: true });
      expect(decision.views.map((v) => v.agency).sort()).toEqual(['health', 'police', 'police']);
      expect(decision.dissents).toEqual([expect.objectContaining({ agency: 'health', part: 'options' })]);
      expect(complete.actions).toEqual([
        expect.objectContaining({ description: 'Arrange a child protection medical' }),
      ]);
      expect(complete.attendance.attended.length).toBeGreaterThan(0);
      // The chair's version holds the police canaries, as their PDF does.
      expect(chair.bytes.toString()).toContain(CANARY.earlierView);
      expect(chair.bytes.toString()).toContain(CANARY.protectedName);
      // The hashes are those of the same version's sealed PDF and HTML.
      const listed = (
        await app().request('GET', `/api/meetings/${own.meeting.id}/records`, { cookie: own.chair.cookie })
      ).body as SealedRecordListResponse;
      const pdf = listed.versions[0]!.files.find((f) => f.variant === 'complete' && f.format === 'pdf')!;
      expect(complete.record.pdfSha256).toBe(pdf.sha256);

      // Health is outside the police audience: its version has neither canary and says what it withholds.
      const health = await get(exportPath(own), { cookie: own.health.cookie });
      expect(health.status).toBe(200);
      expect(validate(health.body)).toBe(true);
      expect((health.body as SealedRecordExport).record.variant).not.toBe('complete');
      expect(health.bytes.toString()).not.toContain(CANARY.earlierView);
      expect(health.bytes.toString()).not.toContain(CANARY.protectedName);
      expect((health.body as SealedRecordExport).decisions[0]!.withheldViews.length).toBe(1);
      // And another reader's version is refused, as for the PDF.
      const refused = await get(exportPath(own, '?variant=complete'), { cookie: own.health.cookie });
      expect(refused.status).toBe(403);
      // Observers read but never export.
      expect((await get(exportPath(own), { cookie: own.education.cookie })).status).toBe(403);
      // Not a member: 404.
      expect((await get(exportPath(own), { cookie: own.outsider.cookie })).status).toBe(404);

      const audit = (await app().dataSource.query(
        `SELECT actor_user_id, details FROM audit_events WHERE meeting_id = $1 AND type = 'record.exported' ORDER BY seq`,
        [own.meeting.id],
      )) as { actor_user_id: string; details: Record<string, unknown> }[];
      expect(audit.map((a) => [a.actor_user_id, a.details.format, a.details.sha256])).toEqual([
        [own.chair.user.user.id, 'json', sha256(chair.bytes)],
        [own.health.user.user.id, 'json', sha256(health.bytes)],
      ]);
      const sealed = (await app().dataSource.query(
        `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'record.sealed'`,
        [own.meeting.id],
      )) as { details: { files: Record<string, { jsonSha256?: string }> } }[];
      expect(sealed[0]!.details.files.complete!.jsonSha256).toBe(sha256(chair.bytes));
      expect(sealed[0]!.details.files.family!.jsonSha256).toBeUndefined();
    });

    it('lets a records:read token list and read its organisation’s sealed records, never another’s, audited as the service account', async () => {
      const listed = await get('/api/integrations/records', bearer(reader.token));
      expect(listed.status).toBe(200);
      const records = (listed.body as IntegrationRecordListResponse).records;
      expect(records.map((r) => r.meetingId)).toContain(own.meeting.id);
      expect(records.map((r) => r.meetingId)).not.toContain(other.meeting.id);
      const entry = records.find((r) => r.meetingId === own.meeting.id)!;

      const read = await get(entry.href, bearer(reader.token));
      expect(read.status).toBe(200);
      expect(validate(read.body)).toBe(true);
      expect(read.headers.get('x-content-sha256')).toBe(entry.sha256);
      expect(sha256(read.bytes)).toBe(entry.sha256);
      // What an uninvolved professional of the organisation reads: the shared version, no restricted content.
      expect((read.body as SealedRecordExport).record.variant).toBe('shared');
      expect(read.bytes.toString()).not.toContain(CANARY.earlierView);
      expect(read.bytes.toString()).not.toContain(CANARY.protectedName);
      expect(read.bytes.toString()).toContain(OPEN_VIEW);

      const elsewhere = await get(`/api/integrations/records/${other.meeting.id}/versions/1`, bearer(reader.token));
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.code).toBe('MeetingNotFound');

      const audit = (await app().dataSource.query(
        `SELECT type, actor_user_id, meeting_id, details FROM audit_events
          WHERE actor_user_id = $1 ORDER BY seq`,
        [reader.serviceAccount.id],
      )) as { type: string; actor_user_id: string; meeting_id: string | null; details: Record<string, unknown> }[];
      expect(audit.map((a) => [a.type, a.meeting_id])).toEqual([
        ['service-account.records-listed', null],
        ['record.exported', own.meeting.id],
      ]);
      expect(audit[1]!.details).toMatchObject({ as: 'service-account', variant: 'shared', format: 'json' });
      // The auditors' workspace names the service account like a person.
      const auditorUser = await app().createUser({ isAuditor: true, agency: 'other' });
      const events = await app().request(
        'GET',
        `/api/audit/events?userId=${reader.serviceAccount.id}&type=record.exported`,
        { cookie: await app().signIn(auditorUser) },
      );
      expect(events.body.events[0].actor).toMatchObject({ displayName: 'Testshire LCS reader' });
    });

    it('refuses a token without the scope (audited), a cookie on a service route, and bad input clearly', async () => {
      const hooksOnly = await createServiceAccount({ organisation: ORGANISATION, scopes: ['webhooks:receive'] });
      const refused = await get('/api/integrations/records', bearer(hooksOnly.token));
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('This service account does not have the scope records:read');
      const [entry] = (await app().dataSource.query(
        `SELECT outcome, details FROM audit_events WHERE actor_user_id = $1 AND type = 'access.refused'`,
        [hooksOnly.serviceAccount.id],
      )) as { outcome: string; details: Record<string, unknown> }[];
      expect(entry).toMatchObject({ outcome: 'refused', details: { reason: 'missing-scope', scope: 'records:read' } });

      const cookie = await get('/api/integrations/records', { cookie: own.chair.cookie });
      expect(cookie.status).toBe(401);
      expect(cookie.body.message).toMatch(/Authorization: Bearer rt_sa_/);
      const malformed = await get('/api/integrations/records', { authorization: 'Bearer not-a-token' });
      expect(malformed.status).toBe(401);
      expect(malformed.body.message).toMatch(/not a Roundtable service account token/);
      const unknown = await get('/api/integrations/records', bearer(`rt_sa_${'A'.repeat(43)}`));
      expect(unknown.status).toBe(401);
      expect(unknown.body.message).toMatch(/unknown, expired or revoked/);
      const noMeeting = await get('/api/integrations/records/not-a-meeting/versions/1', bearer(reader.token));
      expect(noMeeting.status).toBe(404);
      const badVersion = await get(`/api/integrations/records/${own.meeting.id}/versions/zero`, bearer(reader.token));
      expect(badVersion.status).toBe(400);
      expect(badVersion.body.fields).toEqual([expect.objectContaining({ path: 'version' })]);
      const noVersion = await get(`/api/integrations/records/${own.meeting.id}/versions/7`, bearer(reader.token));
      expect(noVersion.status).toBe(404);
      const badLimit = await get('/api/integrations/records?limit=1000', bearer(reader.token));
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.fields).toEqual([expect.objectContaining({ path: 'limit' })]);
    });

    it('describes every new route in the OpenAPI document, the integration routes with the bearer scheme', async () => {
      const docs = await app().request('GET', '/api/docs-json');
      expect(docs.status).toBe(200);
      const paths = docs.body.paths as Record<string, Record<string, { security?: unknown[] }>>;
      for (const [route, method] of [
        ['/api/admin/service-accounts', 'get'],
        ['/api/admin/service-accounts', 'post'],
        ['/api/admin/service-accounts/{id}/tokens', 'post'],
        ['/api/admin/service-accounts/{id}/tokens/{tokenId}/revoke', 'post'],
        ['/api/admin/service-accounts/{id}/disable', 'post'],
        ['/api/meetings/{id}/record-exports/{version}', 'get'],
        ['/api/schemas/sealed-record-export.v1.json', 'get'],
      ] as const) {
        expect(paths[route]?.[method]).toBeDefined();
      }
      for (const route of ['/api/integrations/records', '/api/integrations/records/{meetingId}/versions/{version}']) {
        expect(paths[route]?.get?.security).toEqual([{ 'service-account': [] }]);
      }
      expect(docs.body.components.securitySchemes['service-account']).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(
        docs.body.paths['/api/admin/service-accounts'].post.requestBody.content['application/json'].schema.required,
      ).toEqual(expect.arrayContaining(['name', 'agency', 'organisation', 'scopes']));
    });

    it('makes revocation immediate: the next request with a revoked token, or of a disabled account, is 401', async () => {
      const account = await createServiceAccount({ organisation: ORGANISATION });
      expect((await get('/api/integrations/records', bearer(account.token))).status).toBe(200);
      const revoked = await app().request(
        'POST',
        `/api/admin/service-accounts/${account.serviceAccount.id}/tokens/${account.tokenId}/revoke`,
        { cookie: adminCookie },
      );
      expect(revoked.status).toBe(200);
      expect(revoked.body.tokens[0].status).toBe('revoked');
      expect((await get('/api/integrations/records', bearer(account.token))).status).toBe(401);

      const second = await app().request('POST', `/api/admin/service-accounts/${account.serviceAccount.id}/tokens`, {
        cookie: adminCookie,
        body: { expiresInDays: 30 },
      });
      expect(second.status).toBe(201);
      expect((await get('/api/integrations/records', bearer(second.body.token))).status).toBe(200);
      const disabled = await app().request('POST', `/api/admin/service-accounts/${account.serviceAccount.id}/disable`, {
        cookie: adminCookie,
      });
      expect(disabled.body).toMatchObject({ status: 'disabled' });
      expect((await get('/api/integrations/records', bearer(second.body.token))).status).toBe(401);
      const types = (
        (await app().dataSource.query(`SELECT type FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [
          account.serviceAccount.id,
        ])) as { type: string }[]
      ).map((r) => r.type);
      expect(types).toEqual([
        'service-account.created',
        'service-account.token-issued',
        'service-account.token-revoked',
        'service-account.token-issued',
        'service-account.disabled',
      ]);
    });
  });
});
