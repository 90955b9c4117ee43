import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookDelivery, WebhookSecretResponse } from '@roundtable/shared/webhooks';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { Clock } from '../../platform/time/clock';
import type { CreateServiceAccountRequest } from '@roundtable/shared/integrations';

/** Case content that must never reach a receiver on the `ids` scope (nor `codes`). */
/** The organisation of the test's service account (and of its meetings' chairs). */
const SERVICE_ORGANISATION = 'Testshire County Council';
const CANARY = {
  child: 'Canarychild Webhookson',
  reason: 'Canary reason: bruising seen by the school nurse',
  view: 'Canary police view text',
  laReasons: 'Canary local authority reasons',
  action: 'Canary action: arrange a medical examination',
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The receiver's own check with the standardwebhooks library: the payload, or why it was rejected. */
  verified:
    | { ok: true; payload: { type: string; timestamp: string; data: Record<string, unknown> } }
    | { ok: false; error: string };
}

/**
 * A case system's receiver: a real HTTP server that verifies every request with
 * the subscription's secret (Webhook.verify), answers with the status queued for
 * its path (200 when none), or never answers on /hang.
 */
class Receiver {
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string>();
  readonly statuses = new Map<string, number[]>();
  private server!: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body, verified: this.verify(path, req.headers, body) });
        if (path === '/hang') return;
        const status = this.statuses.get(path)?.shift() ?? 200;
        res
          .writeHead(status, { 'content-type': 'text/plain' })
          .end(status === 200 ? 'ok' : 'receiver is down '.repeat(40));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Verifies as a receiver does; `atMs` is the receiver's clock (a captured request replayed later). */
  verify(path: string, headers: IncomingHttpHeaders, body: string, atMs?: number): Received['verified'] {
    const secret = this.secrets.get(path);
    if (!secret) return { ok: false, error: 'no secret for this path' };
    const now = jest.spyOn(Date, 'now');
    if (atMs !== undefined) now.mockReturnValue(atMs);
    try {
      const payload = new Webhook(secret).verify(body, headers as Record<string, string>) as Extract<
        Received['verified'],
        { ok: true }
      >['payload'];
      return { ok: true, payload };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    } finally {
      now.mockRestore();
    }
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/**
 * Signed webhooks end to end: the real app and job queue (pg-boss) on real
 * PostgreSQL, a real HTTP receiver that checks every signature with the
 * standardwebhooks library, and meetings driven over /meetings and HTTP.
 */
describe('signed webhooks (Standard Webhooks, delivered by the job queue)', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  const receiver = new Receiver();
  const clients: EventsClient[] = [];
  let admin: TestUser;
  let adminCookie: string;
  let serviceAccountId: string;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database, {
      JOBS_POLLING_SECONDS: '0.5',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_RETRY_LIMIT: '2',
      WEBHOOK_TIMEOUT_SECONDS: '2',
    });
    await receiver.start();
    admin = await app.createUser({ isAdmin: true, displayName: 'Ada Admin' });
    adminCookie = await app.signIn(admin);
    serviceAccountId = await newServiceAccount(['webhooks:receive']);
  }, 120_000);

  afterAll(async () => {
    // Nothing left to deliver (the hanging receiver's retries) while the app stops.
    if (app) {
      const { body } = await app.request('GET', '/api/admin/webhooks', { cookie: adminCookie });
      for (const { id } of body.subscriptions as { id: string }[])
        await app.request('DELETE', `/api/admin/webhooks/${id}`, { cookie: adminCookie });
      await eventually(async () => {
        const [row] = (await app.dataSource.query(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'webhook-delivery' AND state IN ('created', 'retry', 'active')`,
        )) as { n: number }[];
        expect(row!.n).toBe(0);
      }, 30_000);
    }
    for (const client of clients) client.close();
    await receiver.close();
    await app?.close();
    await database?.stop();
  });

  async function newServiceAccount(scopes: CreateServiceAccountRequest['scopes']): Promise<string> {
    const created = await app.createServiceAccount(adminCookie, {
      name: 'Mosaic',
      organisation: SERVICE_ORGANISATION,
      scopes,
    });
    return created.serviceAccount.id;
  }

  async function subscribe(path: string, overrides: Record<string, unknown> = {}): Promise<WebhookSecretResponse> {
    const res = await app.request('POST', '/api/admin/webhooks', {
      cookie: adminCookie,
      body: {
        serviceAccountId,
        name: `Receiver ${path}`,
        url: receiver.url(path),
        eventTypes: ['meeting.concluded', 'decision.recorded', 'action.created', 'action.overdue', 'record.sealed'],
        ...overrides,
      },
    });
    expect(res.status).toBe(201);
    const answer = res.body as WebhookSecretResponse;
    receiver.secrets.set(path, answer.secret);
    return answer;
  }

  async function deliveriesOf(subscriptionId: string): Promise<WebhookDelivery[]> {
    const res = await app.request('GET', `/api/admin/webhooks/deliveries?subscriptionId=${subscriptionId}`, {
      cookie: adminCookie,
    });
    expect(res.status).toBe(200);
    return (res.body as { deliveries: WebhookDelivery[] }).deliveries;
  }

  /**
   * A live meeting with a decision recorded and an action created (the action due in an hour),
   * of the service account's organisation (its chair's) unless `organisation` says otherwise.
   */
  async function heldMeeting(organisation: string | null = SERVICE_ORGANISATION): Promise<MeetingCast> {
    const c = await buildMeetingCast(app, clients);
    await app.dataSource.query(`UPDATE users SET organisation = $1 WHERE id = $2`, [
      organisation,
      c.chair.user.user.id,
    ]);
    const meetingId = c.meeting.id;
    expect((await app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status).toBe(
      200,
    );
    const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
    const request = { meetingId, decisionId: opened.id };
    await c.police.client.ok('view:record', {
      ...request,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: CANARY.view,
    });
    await c.chair.client.ok('decision:close', request);
    await c.chair.client.ok('la-decision:record', {
      ...request,
      chosenOptions: ['s47-joint'],
      reasons: CANARY.laReasons,
    });
    await c.police.client.ok('action:create', {
      meetingId,
      description: CANARY.action,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    return c;
  }

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = await app.request('GET', '/api/admin/webhooks', { cookie: adminCookie });
    const good = {
      serviceAccountId,
      name: 'Case system',
      url: 'https://case-system.example.org/hooks',
      eventTypes: ['meeting.concluded'],
    };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ url: 'http://case-system.example.org/hooks' }, 'url', /https:\/\//],
      [{ url: 'not a url' }, 'url', /full web address/],
      [{ url: 'https://user:pw@case-system.example.org/hooks' }, 'url', /user name or password/],
      [{ eventTypes: ['meeting.exploded'] }, 'eventTypes.0', /must be one of/],
      [{ eventTypes: [] }, 'eventTypes', /at least one/],
      [{ contentScope: 'everything' }, 'contentScope', /must be one of/],
      [{ serviceAccountId: await newServiceAccount(['records:read']) }, 'serviceAccountId', /webhooks:receive/],
      [{ serviceAccountId: admin.user.id }, 'serviceAccountId', /No service account/],
    ];
    for (const [change, field, message] of cases) {
      const res = await app.request('POST', '/api/admin/webhooks', {
        cookie: adminCookie,
        body: { ...good, ...change },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ValidationFailed');
      const problem = (res.body.fields as { path: string; message: string }[]).find((f) => f.path === field);
      expect(problem?.message).toMatch(message);
    }
    const after = await app.request('GET', '/api/admin/webhooks', { cookie: adminCookie });
    expect(after.body).toEqual(before.body);
    const [created] = (await app.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE type = 'webhook.subscription-created'`,
    )) as { count: number }[];
    expect(created!.count).toBe(0);
  });

  it('is for administrators only (each refusal audited)', async () => {
    const member = await app.createUser();
    const cookie = await app.signIn(member);
    expect((await app.request('GET', '/api/admin/webhooks', { cookie })).status).toBe(403);
    expect((await app.request('GET', '/api/admin/webhooks/deliveries', { cookie })).status).toBe(403);
    expect((await app.request('POST', '/api/admin/webhooks', { cookie, body: {} })).status).toBe(403);
    expect((await app.request('GET', '/api/admin/webhooks')).status).toBe(401);
    const refusals = (await app.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE type = 'access.refused' AND actor_user_id = $1`,
      [member.user.id],
    )) as { count: number }[];
    expect(refusals[0]!.count).toBe(3);
  });

  it('delivers signed events of the right types to active subscriptions (ids only on the ids scope), nothing to a disabled one, and never blocks the meeting', async () => {
    const ids = await subscribe('/ids');
    expect(ids.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(ids.subscription).toMatchObject({ contentScope: 'ids', status: 'active' });
    await subscribe('/codes', { contentScope: 'codes' });
    const disabled = await subscribe('/disabled');
    expect(
      (await app.request('POST', `/api/admin/webhooks/${disabled.subscription.id}/disable`, { cookie: adminCookie }))
        .body,
    ).toMatchObject({ status: 'disabled' });
    // A receiver that never answers: every try times out, and the meeting goes on regardless.
    await subscribe('/hang');
    const listed = await app.request('GET', '/api/admin/webhooks', { cookie: adminCookie });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    const c = await heldMeeting();
    const started = Date.now();
    const concluded = await app.request('POST', `/api/meetings/${c.meeting.id}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    // Not held up by the receiver that never answers (its tries alone take 2 s each, three per event).
    expect(Date.now() - started).toBeLessThan(15_000);

    const expected = ['action.created', 'decision.recorded', 'meeting.concluded', 'record.sealed'];
    for (const path of ['/ids', '/codes']) {
      await eventually(
        () =>
          expect(
            receiver
              .on(path)
              .map((r) => (r.verified.ok ? r.verified.payload.type : r.verified.error))
              .sort(),
          ).toEqual(expected),
        30_000,
      );
      for (const r of receiver.on(path)) {
        expect(r.verified.ok).toBe(true);
        expect(r.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
        expect(r.headers['content-type']).toBe('application/json');
        const payload = JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> };
        expect(Object.keys(payload).sort()).toEqual(['data', 'timestamp', 'type']);
        expect(payload.data).toMatchObject({ meetingId: c.meeting.id, meetingReference: c.meeting.reference });
        for (const canary of [...Object.values(CANARY), c.meeting.children[0]!.name!, 'Priya Police', 'Hana Health'])
          expect(r.body).not.toContain(canary);
      }
    }
    const idsBodies = Object.fromEntries(
      receiver.on('/ids').map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).data]),
    );
    expect(Object.keys(idsBodies['action.created']).sort()).toEqual([
      'actionId',
      'createdAt',
      'meetingId',
      'meetingReference',
    ]);
    expect(idsBodies['record.sealed']).toMatchObject({ version: 1 });
    expect(idsBodies['decision.recorded']).not.toHaveProperty('chosenOptions');
    const codesBodies = Object.fromEntries(
      receiver.on('/codes').map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).data]),
    );
    expect(codesBodies['action.created']).toMatchObject({ ownerAgency: 'health', status: 'open' });
    expect(codesBodies['decision.recorded']).toMatchObject({ chosenOptions: ['s47-joint'] });

    // The log: each delivery succeeded at the first try, with the receiver's status and how long it took.
    await eventually(async () => {
      const log = await deliveriesOf(ids.subscription.id);
      expect(log.map((d) => d.eventType).sort()).toEqual(expected);
      for (const d of log) {
        expect(d.state).toBe('succeeded');
        expect(d.attempts).toEqual([
          expect.objectContaining({ number: 1, kind: 'automatic', statusCode: 200, succeeded: true, error: null }),
        ]);
      }
    }, 30_000);
    // The hanging receiver: timed out, retried, then given up on; nothing was stored beyond the log.
    const hang = (await app.request('GET', '/api/admin/webhooks', { cookie: adminCookie })).body.subscriptions.find(
      (s: { name: string }) => s.name === 'Receiver /hang',
    );
    await eventually(async () => {
      const hung = await deliveriesOf(hang.id);
      expect(hung).toHaveLength(4);
      for (const d of hung) {
        expect(d.state).toBe('failed');
        expect(d.attempts.map((a) => a.error)).toEqual(Array(3).fill('no answer within 2 s'));
      }
    }, 60_000);
    expect(receiver.on('/disabled')).toEqual([]);
    expect(await deliveriesOf(disabled.subscription.id)).toEqual([]);
  }, 120_000);

  it('retries after a 500 with back-off, and the log shows the failure, the retry and the success', async () => {
    const flaky = await subscribe('/flaky', { eventTypes: ['action.created'] });
    receiver.statuses.set('/flaky', [500]);
    const c = await heldMeeting();
    await eventually(() => expect(receiver.on('/flaky')).toHaveLength(2), 30_000);
    const [first, second] = receiver.on('/flaky');
    expect(first!.verified.ok && second!.verified.ok).toBe(true);
    // The same message: the same id and body, signed afresh.
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body);
    expect(JSON.parse(first!.body).data.meetingId).toBe(c.meeting.id);
    const [delivery] = await eventually(async () => {
      const log = await deliveriesOf(flaky.subscription.id);
      expect(log[0]?.state).toBe('succeeded');
      return log;
    }, 30_000);
    expect(delivery!.attempts).toEqual([
      expect.objectContaining({
        number: 1,
        statusCode: 500,
        succeeded: false,
        error: 'the receiver answered HTTP 500',
        nextRetryAt: expect.any(String),
      }),
      expect.objectContaining({ number: 2, statusCode: 200, succeeded: true, nextRetryAt: null }),
    ]);
    // A snippet of the answer, no more.
    expect(delivery!.attempts[0]!.responseSnippet!.length).toBeLessThanOrEqual(200);
    expect(delivery!.attempts[0]!.responseSnippet).toMatch(/^receiver is down/);
    const retryGapMs = Date.parse(delivery!.attempts[1]!.startedAt) - Date.parse(delivery!.attempts[0]!.startedAt);
    expect(retryGapMs).toBeGreaterThanOrEqual(1_000);
  }, 60_000);

  it('replays a delivery with the same webhook-id; a captured request replayed late or tampered with fails the receiver’s verification', async () => {
    const replayable = await subscribe('/replay', { eventTypes: ['action.created'] });
    await heldMeeting();
    await eventually(() => expect(receiver.on('/replay')).toHaveLength(1), 30_000);
    const [original] = receiver.on('/replay');
    const [delivery] = await eventually(async () => {
      const log = await deliveriesOf(replayable.subscription.id);
      expect(log[0]?.state).toBe('succeeded');
      return log;
    }, 30_000);
    expect(delivery!.webhookId).toBe(original!.headers['webhook-id']);

    const replayed = await app.request('POST', `/api/admin/webhooks/deliveries/${delivery!.id}/replay`, {
      cookie: adminCookie,
    });
    expect(replayed.status).toBe(202);
    await eventually(() => expect(receiver.on('/replay')).toHaveLength(2), 30_000);
    const again = receiver.on('/replay')[1]!;
    expect(again.verified.ok).toBe(true);
    expect(again.headers['webhook-id']).toBe(original!.headers['webhook-id']);
    expect(again.body).toBe(original!.body);
    await eventually(
      async () =>
        expect((await deliveriesOf(replayable.subscription.id))[0]!.attempts.map((a) => a.kind)).toEqual([
          'automatic',
          'replay',
        ]),
      30_000,
    );

    // An attacker's copy of the original request, sent six minutes later: too old.
    const late = receiver.verify('/replay', original!.headers, original!.body, Date.now() + 6 * 60_000);
    expect(late).toEqual({ ok: false, error: 'Message timestamp too old' });
    // The same request with its body changed: the signature does not match.
    const tampered = original!.body.replace(/"meetingReference":"[^"]*"/, '"meetingReference":"SD-FORGED"');
    expect(tampered).not.toBe(original!.body);
    expect(receiver.verify('/replay', original!.headers, tampered)).toEqual({
      ok: false,
      error: 'No matching signature found',
    });
    // Signed with another secret (a rotated-away one): rejected too.
    const rotated = await app.request('POST', `/api/admin/webhooks/${replayable.subscription.id}/rotate-secret`, {
      cookie: adminCookie,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(replayable.secret);
    receiver.secrets.set('/replay', rotated.body.secret);
    expect(receiver.verify('/replay', original!.headers, original!.body)).toEqual({
      ok: false,
      error: 'No matching signature found',
    });
  }, 60_000);

  it('tells a service account only of its own organisation’s meetings', async () => {
    await subscribe('/own-organisation', { eventTypes: ['action.created'] });
    const elsewhere = await heldMeeting('Otherton Borough Council');
    const own = await heldMeeting();
    const about = (meetingId: string) => receiver.on('/own-organisation').filter((r) => r.body.includes(meetingId));
    // Dispatch follows the trail in order: once the later meeting's event is in, the earlier one's was decided.
    await eventually(() => expect(about(own.meeting.id)).toHaveLength(1), 30_000);
    expect(about(elsewhere.meeting.id)).toHaveLength(0);
  }, 60_000);

  it('tells a subscription once when an open action passes its due date (the clock moved on)', async () => {
    const overdue = await subscribe('/overdue', { eventTypes: ['action.overdue'] });
    const c = await heldMeeting();
    app.get(Clock).advanceForTests(2 * 3_600_000);
    const ofThisMeeting = () => receiver.on('/overdue').filter((r) => r.body.includes(c.meeting.id));
    await eventually(() => expect(ofThisMeeting()).toHaveLength(1), 30_000);
    const [received] = ofThisMeeting();
    expect(received!.verified.ok).toBe(true);
    const payload = JSON.parse(received!.body);
    expect(payload).toMatchObject({ type: 'action.overdue', data: { meetingId: c.meeting.id } });
    expect(Object.keys(payload.data).sort()).toEqual(['actionId', 'dueAt', 'meetingId', 'meetingReference']);
    expect(received!.body).not.toContain(CANARY.action);
    // Once: later dispatches find it already noticed.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(ofThisMeeting()).toHaveLength(1);
    const log = await deliveriesOf(overdue.subscription.id);
    expect(log.length).toBe(receiver.on('/overdue').length);
  }, 60_000);

  it('deletes a subscription: nothing more is delivered to it and it leaves the list', async () => {
    const gone = await subscribe('/gone', { eventTypes: ['action.created'] });
    const deleted = await app.request('DELETE', `/api/admin/webhooks/${gone.subscription.id}`, { cookie: adminCookie });
    expect(deleted.status).toBe(204);
    const c = await heldMeeting();
    const list = await app.request('GET', '/api/admin/webhooks', { cookie: adminCookie });
    expect(list.body.subscriptions.map((s: { id: string }) => s.id)).not.toContain(gone.subscription.id);
    // Another subscription's delivery of the same action arrives, so the dispatcher has passed it. (That
    // subscription takes every type: an earlier test moved the clock on, so the action may be overdue too.)
    await eventually(
      () =>
        expect(
          receiver
            .on('/ids')
            .filter(
              (r) =>
                r.verified.ok &&
                r.verified.payload.type === 'action.created' &&
                r.verified.payload.data.meetingId === c.meeting.id,
            ),
        ).toHaveLength(1),
      30_000,
    );
    expect(receiver.on('/gone')).toEqual([]);
  }, 60_000);
});
