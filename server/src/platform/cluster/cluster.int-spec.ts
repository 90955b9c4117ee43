import { randomBytes } from 'node:crypto';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { LIMITS } from '@roundtable/shared/constants';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import type { DatabaseHandle } from '../database/embedded-postgres';
import { CollabTestClient } from '../../../test/support/collab-client';
import { eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { redisAvailable, TEST_REDIS_URL } from '../../../test/support/redis';
import { TestApp } from '../../../test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../../../test/support/test-database';
import WebSocket from 'ws';
import { ClusterBus } from './cluster-bus.service';

/** Two instances on one database and one Redis; a short resync interval so repairs happen within a test. */
const CLUSTER_ENV = { REDIS_URL: TEST_REDIS_URL, COLLAB_RESYNC_INTERVAL_MS: '250', COLLAB_UNLOAD_AFTER_MS: '100' };

const token = (label: string) => `${label}-${randomBytes(3).toString('hex')} `;

for (const kind of redisAvailable() ? availableDatabaseKinds() : []) {
  describe(`two instances behind Redis [${kind} PostgreSQL]`, () => {
    let database: DatabaseHandle;
    let a: TestApp;
    let b: TestApp;
    const collab: CollabTestClient[] = [];
    const events: EventsClient[] = [];

    beforeAll(async () => {
      database = await startTestDatabase(kind);
      a = await TestApp.start(database, CLUSTER_ENV);
      b = await TestApp.start(database, CLUSTER_ENV);
    });

    afterEach(() => {
      for (const client of collab.splice(0)) client.destroy();
      for (const client of events.splice(0)) client.close();
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await database?.stop();
    });

    async function meeting() {
      const chair = await a.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' });
      const police = await a.createUser({ displayName: 'Priya Police', agency: 'police' });
      const { meeting, chairCookie } = await a.createMeeting(chair, [{ member: police, role: 'participant' }]);
      return { meetingId: meeting.id, chair, police, chairCookie, policeCookie: await b.signIn(police) };
    }

    async function open(app: TestApp, cookie: string, meetingId: string): Promise<CollabTestClient> {
      const client = await CollabTestClient.connected(app.url, cookie, meetingId);
      collab.push(client);
      return client;
    }

    async function eventsClient(app: TestApp, cookie: string, meetingId: string): Promise<EventsClient> {
      const client = await EventsClient.connect(app.url, { cookie });
      events.push(client);
      await client.ok('meeting:join', { meetingId });
      return client;
    }

    it('relays edits and presence between clients on different instances', async () => {
      const m = await meeting();
      const onA = await open(a, m.chairCookie, m.meetingId);
      const onB = await open(b, m.policeCookie, m.meetingId);
      const [fromA, fromB] = [token('chair'), token('police')];
      onA.type(fromA);
      onB.type(fromB);
      await eventually(() => {
        expect(onA.text()).toContain(fromB);
        expect(onB.text()).toContain(fromA);
        expect(onA.text()).toBe(onB.text());
      }, 5_000);
      // Presence crosses instances too, with the identity the server set. (A provider's
      // initial state has clock 0, which receivers ignore; a real editor sets fields at once.)
      onA.provider.awareness.setLocalStateField('cursor', { at: 1 });
      onB.provider.awareness.setLocalStateField('cursor', { at: 2 });
      await eventually(() => expect(onB.presentNames()).toContain('Sam Chair'), 5_000);
      await eventually(() => expect(onA.presentNames()).toContain('Priya Police'), 5_000);
      // Every edit is stored once, by the instance that received it.
      const rows: { n: string }[] = await a.dataSource.query(
        `SELECT count(*) AS n FROM document_updates WHERE document_name = $1`,
        [`meetings/${m.meetingId}/record`],
      );
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(2);
    });

    it('catches up from PostgreSQL when Redis loses the relayed updates', async () => {
      const m = await meeting();
      const onA = await open(a, m.chairCookie, m.meetingId);
      const onB = await open(b, m.policeCookie, m.meetingId);
      const busA = a.roundtable.app.get(ClusterBus);
      // Instance A's messages are lost (as they are while Redis is away).
      const publish = jest.spyOn(busA, 'publish').mockImplementation(() => undefined);
      try {
        const lost = token('lost');
        onA.type(lost);
        // B reads it from PostgreSQL on its next check, never diverging.
        await eventually(() => expect(onB.text()).toContain(lost), 5_000);
        expect(publish).toHaveBeenCalled();
      } finally {
        publish.mockRestore();
      }
      const after = token('after');
      onB.type(after);
      await eventually(() => {
        expect(onA.text()).toBe(onB.text());
        expect(onA.text()).toContain(after);
      }, 5_000);
    });

    it('takes a removal or a sign-out on one instance to the connections on the other within a second', async () => {
      const m = await meeting();
      const health = await a.createUser({ displayName: 'Hana Health', agency: 'health' });
      const added = await a.request('POST', `/api/meetings/${m.meetingId}/members`, {
        cookie: m.chairCookie,
        body: { email: health.email, role: 'participant' },
      });
      expect(added.status).toBe(201);
      const healthCookie = await b.signIn(health);
      const policeDoc = await open(b, m.policeCookie, m.meetingId);
      const healthDoc = await open(b, healthCookie, m.meetingId);
      const healthEvents = await eventsClient(b, healthCookie, m.meetingId);

      // Removal through instance A. Timed from its answer: the request itself also writes the
      // removed member's calendar cancellation (docs/EMAIL.md), after the removal has committed.
      const removed = await a.request('DELETE', `/api/meetings/${m.meetingId}/members/${health.user.id}`, {
        cookie: m.chairCookie,
      });
      let started = Date.now();
      expect(removed.status).toBe(200);
      await eventually(() => expect(healthDoc.closeCodes).toContain(CLOSE_CODES.accessRevoked), 1_000);
      await healthEvents.waitFor((r) => r.access.length > 0 || r.disconnects.length > 0, 'access change', 1_000);
      expect(Date.now() - started).toBeLessThan(1_000);

      // Sign-out through instance A of a session whose connections are on B.
      started = Date.now();
      expect((await a.request('POST', '/api/auth/logout', { cookie: m.policeCookie })).status).toBe(204);
      await eventually(() => expect(policeDoc.closeCodes).toContain(CLOSE_CODES.sessionEnded), 1_000);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('broadcasts meeting events to members connected to the other instance', async () => {
      const m = await meeting();
      const chairOnA = await eventsClient(a, m.chairCookie, m.meetingId);
      const policeOnB = await eventsClient(b, m.policeCookie, m.meetingId);
      const created = await chairOnA.ok('action:create', {
        meetingId: m.meetingId,
        description: 'Arrange a child protection medical',
        ownerUserId: m.police.user.id,
        ownerAgency: 'police',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      await policeOnB.waitForAction(created.id, created.revision);
    });

    it('broadcasts safety plan scores and attendance to members on the other instance', async () => {
      const m = await meeting();
      expect((await a.request('POST', `/api/meetings/${m.meetingId}/start`, { cookie: m.chairCookie })).status).toBe(
        200,
      );
      const chairOnA = await eventsClient(a, m.chairCookie, m.meetingId);
      // Police joins on B: the register read there reaches the chair on A.
      const policeOnB = await eventsClient(b, m.policeCookie, m.meetingId);
      await chairOnA.waitFor(
        (r) => r.attendance.find((e) => e.register.attendees.some((p) => p.userId === m.police.user.id && p.present)),
        'police present, from the other instance',
      );
      // A score recorded over HTTP on A reaches police on B.
      expect(
        (
          await a.request('PUT', `/api/meetings/${m.meetingId}/safety-plan/scores`, {
            cookie: m.chairCookie,
            body: { score: 5 },
          })
        ).status,
      ).toBe(200);
      const scored = await policeOnB.waitFor((r) => r.scores[0], 'the score, from the other instance');
      expect(scored.recorded).toMatchObject({ agency: 'childrens-social-care', score: 5 });
    });

    it("counts a user's connections across instances: the cap cannot be doubled by spreading them", async () => {
      const m = await meeting();
      const name = `meetings/${m.meetingId}/record`;
      const upgrade = (app: TestApp) =>
        new Promise<{ status: number; socket: WebSocket }>((resolve, reject) => {
          const socket = new WebSocket(`${app.wsUrl}/collab/${name}`, {
            headers: { cookie: m.policeCookie, origin: app.url },
          });
          socket.once('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
            response.resume();
            request.destroy();
            resolve({ status: response.statusCode ?? 0, socket });
          });
          socket.once('open', () => resolve({ status: 101, socket }));
          socket.once('error', reject);
        });
      const half = LIMITS.connectionsPerUserMax / 2;
      const opened: WebSocket[] = [];
      try {
        for (const app of [a, b]) {
          for (let i = 0; i < half; i++) {
            const { status, socket } = await upgrade(app);
            expect(status).toBe(101);
            opened.push(socket);
          }
        }
        // Each instance holds only half the cap on its own; together the user is at it.
        for (const app of [a, b]) expect((await upgrade(app)).status).toBe(429);
        // A closed connection gives its slot back, to whichever instance is asked next.
        const closed = new Promise((resolve) => opened[0]!.once('close', resolve));
        opened[0]!.close();
        await closed;
        await eventually(async () => {
          const { status, socket } = await upgrade(b);
          if (status === 101) opened.push(socket);
          expect(status).toBe(101);
        });
      } finally {
        for (const socket of opened) socket.terminate();
      }
    });
  });
}
