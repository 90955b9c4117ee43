import { randomUUID } from 'node:crypto';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { LIMITS, type MeetingRole } from '@roundtable/shared/constants';
import { CLOSE_CODES, documentName, type PresenceUser } from '@roundtable/shared/realtime';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import WebSocket from 'ws';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../../../test/support/test-database';
import { CollabConnectionsService } from './collab-connections.service';
import { CollabDocumentRegistry } from './collab-document-registry';
import { encodeUpdateMessage } from './collab-protocol';
import { DocumentRepository } from './document.repository';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';

/** Small values so compaction and unloading happen within a test. */
const COLLAB_ENV = { COLLAB_COMPACT_AFTER_UPDATES: '5', COLLAB_UNLOAD_AFTER_MS: '100', AUDIT_EDIT_WINDOW_MS: '200' };
const FIELD = 'notes';

/** A real y-websocket provider in Node, with what the tests observe about it. */
interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closeCodes: number[];
  denied: string[];
  text(): string;
  type(text: string): void;
}

/** Outcome of a raw upgrade attempt: the HTTP status, and how many frames arrived if it opened. */
function attemptUpgrade(url: string, headers: Record<string, string>): Promise<{ status: number; socket: WebSocket }> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
      response.resume();
      request.destroy();
      resolve({ status: response.statusCode ?? 0, socket });
    });
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('error', reject);
  });
}

function closeCodeOf(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

for (const kind of availableDatabaseKinds()) {
  describe(`collab endpoint [${kind} PostgreSQL]`, () => {
    let database: DatabaseHandle;
    let app: TestApp;
    const clients: Client[] = [];
    const sockets: WebSocket[] = [];

    beforeAll(async () => {
      database = await startTestDatabase(kind);
      app = await TestApp.start(database, COLLAB_ENV);
    });

    afterEach(() => {
      for (const client of clients.splice(0)) {
        client.provider.destroy();
        client.doc.destroy(); // stops the awareness interval (pitfall 5)
      }
      for (const socket of sockets.splice(0)) socket.terminate();
    });

    afterAll(async () => {
      await app?.close();
      await database?.stop();
    });

    /** A meeting chaired by a new user, with new members in the given roles, everyone signed in. */
    async function meetingWith(...roles: MeetingRole[]) {
      const chair = await app.createUser({ displayName: 'Chair Person', agency: 'childrens-social-care' });
      const members: TestUser[] = [];
      for (const role of roles) members.push(await app.createUser({ displayName: `Member ${role}`, agency: 'health' }));
      const { meeting, chairCookie } = await app.createMeeting(
        chair,
        members.map((member, i) => ({ member, role: roles[i]! })),
      );
      const cookies = await Promise.all(members.map((m) => app.signIn(m)));
      return { meetingId: meeting.id, name: documentName(meeting.id, 'record'), chair, chairCookie, members, cookies };
    }

    function connect(meetingId: string, auth: { cookie: string } | { ticket: string }): Client {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${app.wsUrl}/collab`, documentName(meetingId, 'record'), doc, {
        WebSocketPolyfill: ('cookie' in auth ? cookieWebSocket(auth.cookie, app.url) : WebSocket) as never,
        params: 'ticket' in auth ? { ticket: auth.ticket } : {},
        disableBc: true,
        maxBackoffTime: 300,
      });
      const client: Client = {
        doc,
        provider,
        closeCodes: [],
        denied: [],
        text: () => doc.getText(FIELD).toString(),
        type: (text) => doc.getText(FIELD).insert(doc.getText(FIELD).length, text),
      };
      provider.on('connection-close', (event) => {
        if (event) client.closeCodes.push(event.code);
      });
      // Record permission-denied messages instead of the provider's console warning.
      provider.messageHandlers[2] = (_encoder, decoder) =>
        authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => client.denied.push(reason));
      clients.push(client);
      return client;
    }

    async function connected(meetingId: string, auth: { cookie: string } | { ticket: string }): Promise<Client> {
      const client = connect(meetingId, auth);
      await new Promise<void>((resolve) => {
        if (client.provider.synced) return resolve();
        client.provider.on('sync', (synced: boolean) => synced && resolve());
      });
      return client;
    }

    /** Opens a raw `ws` connection with the session cookie (same-origin), for hand-made frames. */
    async function rawConnection(meetingId: string, cookie: string): Promise<WebSocket> {
      const { status, socket } = await attemptUpgrade(`${app.wsUrl}/collab/${documentName(meetingId, 'record')}`, {
        Cookie: cookie,
        Origin: app.url,
      });
      sockets.push(socket);
      expect(status).toBe(101);
      return socket;
    }

    /** The document as PostgreSQL has it (snapshot + log after it), read in one statement. */
    async function storedText(name: string): Promise<string> {
      const rows: { update: Buffer }[] = await app.dataSource.query(
        `SELECT 0::bigint AS id, state AS update FROM document_snapshots WHERE document_name = $1
         UNION ALL
         SELECT id, update FROM document_updates
          WHERE document_name = $1
            AND id > COALESCE((SELECT last_update_id FROM document_snapshots WHERE document_name = $1), 0)
         ORDER BY id`,
        [name],
      );
      const doc = new Y.Doc();
      for (const row of rows) Y.applyUpdate(doc, row.update);
      const text = doc.getText(FIELD).toString();
      doc.destroy();
      return text;
    }

    it('audits who opened the record, refused upgrades and writes, and edits per section as counts only', async () => {
      const { meetingId, name, members, cookies } = await meetingWith('participant', 'observer');
      const [writer, observer] = members as [TestUser, TestUser];
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      alice.type('Canary passage');
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      bob.type('x'); // an observer: refused, and the refusal is audited once
      await eventually(() => expect(bob.denied).toHaveLength(1));
      const outsider = await app.createUser({ agency: 'education' });
      const refused = await attemptUpgrade(`${app.wsUrl}/collab/${name}`, {
        Cookie: await app.signIn(outsider),
        Origin: app.url,
      });
      expect(refused.status).toBe(404);
      const foreign = await attemptUpgrade(`${app.wsUrl}/collab/${name}`, {
        Cookie: cookies[0]!,
        Origin: 'https://evil.example',
      });
      expect(foreign.status).toBe(403);

      type Row = { type: string; actor_user_id: string | null; details: Record<string, unknown> };
      let events: Row[] = [];
      await eventually(async () => {
        events = await app.dataSource.query(
          `SELECT type, actor_user_id, details FROM audit_events WHERE meeting_id = $1 ORDER BY seq`,
          [meetingId],
        );
        expect(events.filter((e) => e.type === 'document.edited')).toEqual([
          {
            type: 'document.edited',
            actor_user_id: writer.user.id,
            details: expect.objectContaining({ section: FIELD, charactersAdded: 14, charactersRemoved: 0 }),
          },
        ]);
      });
      const opened = events.filter((e) => e.type === 'document.opened').map((e) => e.actor_user_id);
      expect(opened).toEqual([writer.user.id, observer.user.id]);
      const refusals = events
        .filter((e) => e.type === 'access.refused')
        .map((e) => [e.actor_user_id, e.details.reason]);
      expect(refusals).toEqual(
        expect.arrayContaining([
          [observer.user.id, 'read-only-write'],
          [outsider.user.id, 'not-a-member'],
          [null, 'foreign-origin'],
        ]),
      );
      expect(refusals).toHaveLength(3);
      expect(JSON.stringify(events)).not.toContain('Canary');
    });

    it('shows an auditor the record as it was at any moment, each passage with the account that wrote it', async () => {
      const { meetingId, members, cookies, chairCookie } = await meetingWith('participant', 'participant');
      const [first, second] = members as [TestUser, TestUser];
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Bruising seen.')]);
      alice.doc.getXmlFragment('reason').insert(0, [paragraph]);
      const textOf = (client: Client) =>
        ((client.doc.getXmlFragment('reason').get(0) as Y.XmlElement | undefined)?.get(0) as Y.XmlText | undefined) ??
        null;
      await eventually(() => expect(textOf(bob)?.toString()).toBe('Bruising seen.'));
      await eventually(async () => expect(await storedUpdates(meetingId)).toBeGreaterThan(0));
      const between = new Date(Date.now() + 5).toISOString();
      await new Promise((resolve) => setTimeout(resolve, 10)); // the two edits at distinct times
      textOf(bob)!.insert(14, ' Police informed.');
      await eventually(() => expect(textOf(alice)?.toString()).toBe('Bruising seen. Police informed.'));

      const auditor = await app.createUser({ agency: 'other', isAuditor: true });
      const auditorCookie = await app.signIn(auditor);
      const path = `/api/audit/meetings/${meetingId}/record-history`;
      await eventually(async () => {
        const now = await app.request('GET', `${path}?reason=${encodeURIComponent('Case audit 2026-Q1')}`, {
          cookie: auditorCookie,
        });
        expect(now.status).toBe(200);
        expect(now.body.sections.find((s: { key: string }) => s.key === 'reason').blocks).toEqual([
          {
            type: 'paragraph',
            runs: [
              {
                text: 'Bruising seen.',
                author: { userId: first.user.id, displayName: 'Member participant', agency: 'health' },
              },
              {
                text: ' Police informed.',
                author: { userId: second.user.id, displayName: 'Member participant', agency: 'health' },
              },
            ],
          },
        ]);
      });
      const earlier = await app.request('GET', `${path}?at=${between}&reason=audit`, { cookie: auditorCookie });
      expect(earlier.body.sections.find((s: { key: string }) => s.key === 'reason').blocks[0].runs).toEqual([
        { text: 'Bruising seen.', author: expect.objectContaining({ userId: first.user.id }) },
      ]);

      // Members cannot use the auditor's view; a reason is required; every reading is audited with its reason.
      expect((await app.request('GET', `${path}?reason=x`, { cookie: chairCookie })).status).toBe(403);
      const noReason = await app.request('GET', path, { cookie: auditorCookie });
      expect(noReason.status).toBe(400);
      expect(noReason.body.fields).toEqual([{ path: 'reason', message: 'Enter why you need to read this record' }]);
      const readings: { details: { reason: string } }[] = await app.dataSource.query(
        `SELECT details FROM audit_events WHERE meeting_id = $1 AND actor_user_id = $2 AND type = 'document.opened'`,
        [meetingId, auditor.user.id],
      );
      expect(readings.map((r) => r.details.reason)).toContain('Case audit 2026-Q1');
    });

    async function storedUpdates(meetingId: string): Promise<number> {
      const [{ count }] = await app.dataSource.query(
        `SELECT count(*)::int AS count FROM document_updates WHERE document_name = $1`,
        [documentName(meetingId, 'record')],
      );
      return count as number;
    }

    it('converges concurrent edits from two editors', async () => {
      const { meetingId, cookies } = await meetingWith('participant', 'minute-taker');
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      alice.type('Police attended at 14:00. ');
      bob.type('School nurse saw bruising. ');
      await eventually(() => {
        expect(alice.text()).toBe(bob.text());
        expect(alice.text()).toContain('Police attended');
        expect(alice.text()).toContain('School nurse');
      });
    });

    it('stores every update in PostgreSQL before another client receives it', async () => {
      const { meetingId, name, cookies } = await meetingWith('participant', 'participant');
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      const checks: Promise<void>[] = [];
      bob.doc.getText(FIELD).observe(() => {
        const seen = bob.text();
        // Started the moment Bob sees the change: the row must already be committed.
        checks.push(storedText(name).then((stored) => expect(stored.startsWith(seen)).toBe(true)));
      });
      for (let i = 0; i < 12; i++) {
        alice.type(`${i};`);
        await new Promise((resolve) => setImmediate(resolve)); // separate messages, several batches
      }
      await eventually(() => expect(bob.text()).toBe(alice.text()));
      expect(checks.length).toBeGreaterThan(0);
      await Promise.all(checks);
    });

    it("refuses an observer's edit: not relayed, not stored, and the observer stays connected", async () => {
      const { meetingId, name, cookies } = await meetingWith('participant', 'observer');
      const editor = await connected(meetingId, { cookie: cookies[0]! });
      const observer = await connected(meetingId, { cookie: cookies[1]! });
      observer.type('observer wrote this');
      await eventually(() => expect(observer.denied).toHaveLength(1));
      editor.type('editor wrote this');
      // The editor's later edit reaching the observer fences the refused one.
      await eventually(() => expect(observer.text()).toContain('editor wrote this'));
      expect(editor.text()).not.toContain('observer');
      expect(await storedText(name)).toBe('editor wrote this');
      expect(observer.closeCodes).toEqual([]);
      expect(observer.provider.wsconnected).toBe(true);
    });

    it('refuses a non-member with 404 before any document state, exactly as an unknown document', async () => {
      const { cookies } = await meetingWith('participant');
      const other = await meetingWith();
      const headers = { Cookie: cookies[0]!, Origin: app.url };
      const nonMember = await attemptUpgrade(`${app.wsUrl}/collab/${other.name}`, headers);
      const unknown = await attemptUpgrade(`${app.wsUrl}/collab/${documentName(randomUUID(), 'record')}`, headers);
      const badName = await attemptUpgrade(`${app.wsUrl}/collab/meetings/${other.meetingId}/secret`, headers);
      expect([nonMember.status, unknown.status, badName.status]).toEqual([404, 404, 404]);
    });

    it('refuses a missing session, a bad ticket and a used ticket with 401', async () => {
      const { meetingId, name, cookies } = await meetingWith('participant');
      const url = `${app.wsUrl}/collab/${name}`;
      expect((await attemptUpgrade(url, { Origin: app.url })).status).toBe(401);
      expect((await attemptUpgrade(url, { Cookie: 'rt_session=not-a-session', Origin: app.url })).status).toBe(401);
      expect((await attemptUpgrade(`${url}?ticket=${'A'.repeat(43)}`, {})).status).toBe(401);

      const issued = await app.request('POST', '/api/collab/tickets', {
        cookie: cookies[0]!,
        body: { meetingId, kind: 'record' },
      });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ document: name, ticket: expect.any(String), expiresAt: expect.any(String) });
      const client = await connected(meetingId, { ticket: issued.body.ticket as string });
      expect(client.provider.wsconnected).toBe(true);
      expect((await attemptUpgrade(`${url}?ticket=${issued.body.ticket as string}`, {})).status).toBe(401);
    });

    it('refuses a ticket whose session ended or whose holder left the meeting before it was used', async () => {
      const { meetingId, name, chairCookie, members, cookies } = await meetingWith('participant', 'participant');
      const url = `${app.wsUrl}/collab/${name}`;
      const issue = async (cookie: string) =>
        (await app.request('POST', '/api/collab/tickets', { cookie, body: { meetingId, kind: 'record' } })).body
          .ticket as string;

      const signedOut = await issue(cookies[0]!);
      await app.request('POST', '/api/auth/logout', { cookie: cookies[0]! });
      expect((await attemptUpgrade(`${url}?ticket=${signedOut}`, {})).status).toBe(401);

      const revokedElsewhere = await issue(cookies[1]!);
      // As the admin CLI does from another process: only the database knows.
      await app.dataSource.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'disabled' WHERE user_id = $1`,
        [members[1]!.user.id],
      );
      expect((await attemptUpgrade(`${url}?ticket=${revokedElsewhere}`, {})).status).toBe(401);

      const leaver = await app.signIn(members[0]!);
      const removed = await issue(leaver);
      await app.request('DELETE', `/api/meetings/${meetingId}/members/${members[0]!.user.id}`, { cookie: chairCookie });
      expect((await attemptUpgrade(`${url}?ticket=${removed}`, {})).status).toBe(404);
    });

    it('issues tickets only to members (404 otherwise)', async () => {
      const { cookies } = await meetingWith('participant');
      const other = await meetingWith();
      const res = await app.request('POST', '/api/collab/tickets', {
        cookie: cookies[0]!,
        body: { meetingId: other.meetingId, kind: 'record' },
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('MeetingNotFound');
    });

    it('refuses upgrades on paths nothing serves with 404', async () => {
      const { cookies } = await meetingWith('participant');
      const headers = { Cookie: cookies[0]!, Origin: app.url };
      expect((await attemptUpgrade(`${app.wsUrl}/elsewhere`, headers)).status).toBe(404);
      expect((await attemptUpgrade(`${app.wsUrl}/collab`, headers)).status).toBe(404);
    });

    it('refuses a cookie upgrade from a foreign or missing Origin with 403', async () => {
      const { name, cookies } = await meetingWith('participant');
      const url = `${app.wsUrl}/collab/${name}`;
      expect((await attemptUpgrade(url, { Cookie: cookies[0]!, Origin: 'https://evil.example' })).status).toBe(403);
      expect((await attemptUpgrade(url, { Cookie: cookies[0]! })).status).toBe(403);
    });

    it('keeps the text across a restart of the server', async () => {
      const { meetingId, cookies } = await meetingWith('participant');
      const before = await connected(meetingId, { cookie: cookies[0]! });
      before.type('Agreed: joint section 47 enquiry.');
      await eventually(async () =>
        expect(await storedText(documentName(meetingId, 'record'))).toBe('Agreed: joint section 47 enquiry.'),
      );
      const connections = app.get(CollabConnectionsService);
      expect(connections.validatorWorkerCount).toBeGreaterThan(0); // the typing above started one
      await app.close();
      expect(before.closeCodes[0]).toBe(CLOSE_CODES.goingAway);
      // The validator's worker threads (each a V8 isolate) stopped with the app, not left idle.
      expect(connections.validatorWorkerCount).toBe(0);
      app = await TestApp.start(database, COLLAB_ENV);
      const after = await connected(meetingId, { cookie: cookies[0]! });
      expect(after.text()).toBe('Agreed: joint section 47 enquiry.');
    });

    it.each([
      ['garbage', Buffer.from([0xff, 0xfe, 0xfd, 0xfc])],
      ['a truncated update', Buffer.from(encodeUpdateMessage(truncatedUpdate()))],
      ['an unknown message type', Buffer.from([9, 0, 0])],
    ])('closes only the connection that sent %s (4400); the server and other clients carry on', async (_n, frame) => {
      const { meetingId, cookies } = await meetingWith('participant', 'participant');
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const raw = await rawConnection(meetingId, cookies[1]!);
      const closed = closeCodeOf(raw);
      raw.send(frame);
      expect(await closed).toBe(CLOSE_CODES.malformedMessage);
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      alice.type('still working');
      await eventually(() => expect(bob.text()).toBe('still working'));
    });

    it('closes a connection that sends a frame over the size limit with 1009', async () => {
      const { meetingId, cookies } = await meetingWith('participant');
      const raw = await rawConnection(meetingId, cookies[0]!);
      const closed = closeCodeOf(raw);
      raw.send(Buffer.alloc(LIMITS.collabMaxFrameBytes + 1));
      expect(await closed).toBe(CLOSE_CODES.frameTooLarge);
    });

    it('closes the connection with 4403 when the member is removed', async () => {
      const { meetingId, chairCookie, members, cookies } = await meetingWith('participant');
      const member = await connected(meetingId, { cookie: cookies[0]! });
      const removed = await app.request('DELETE', `/api/meetings/${meetingId}/members/${members[0]!.user.id}`, {
        cookie: chairCookie,
      });
      expect(removed.status).toBe(200);
      await eventually(() => expect(member.closeCodes).toEqual([CLOSE_CODES.accessRevoked]));
      expect(member.provider.shouldConnect).toBe(false); // 44xx is final for the provider
    });

    it('closes the connection with 4401 when the user signs out', async () => {
      const { meetingId, cookies } = await meetingWith('participant');
      const member = await connected(meetingId, { cookie: cookies[0]! });
      expect((await app.request('POST', '/api/auth/logout', { cookie: cookies[0]! })).status).toBe(204);
      await eventually(() => expect(member.closeCodes).toEqual([CLOSE_CODES.sessionEnded]));
    });

    it('stops accepting edits the moment a member is demoted to observer, on the same connection', async () => {
      const { meetingId, name, chairCookie, members, cookies } = await meetingWith('participant', 'participant');
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      bob.provider.awareness.setLocalStateField('cursor', null); // publish presence (clock 0 is ignored)
      const bobsRoleSeenByAlice = () =>
        (alice.provider.awareness.getStates().get(bob.doc.clientID)?.user as PresenceUser | undefined)?.role;
      bob.type('before demotion. ');
      await eventually(() => expect(alice.text()).toBe('before demotion. '));
      await eventually(() => expect(bobsRoleSeenByAlice()).toBe('participant'));

      const demoted = await app.request('PATCH', `/api/meetings/${meetingId}/members/${members[1]!.user.id}`, {
        cookie: chairCookie,
        body: { role: 'observer' },
      });
      expect(demoted.status).toBe(200);
      bob.type('after demotion');
      await eventually(() => expect(bob.denied).toHaveLength(1));
      alice.type('alice continues');
      await eventually(() => expect(bob.text()).toContain('alice continues'));
      expect(alice.text()).not.toContain('after demotion');
      expect(await storedText(name)).not.toContain('after demotion');
      expect(bob.closeCodes).toEqual([]);
      await eventually(() => expect(bobsRoleSeenByAlice()).toBe('observer'));
    });

    it('closes the sender with 4503 when an update cannot be stored; its provider resends after reconnecting', async () => {
      const { meetingId, name, cookies } = await meetingWith('participant', 'participant');
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      await app.dataSource.query(`ALTER TABLE document_updates RENAME TO document_updates_unavailable`);
      try {
        alice.type('written while the database refused');
        await eventually(() => expect(alice.closeCodes).toContain(CLOSE_CODES.storageUnavailable));
        expect(bob.text()).toBe('');
      } finally {
        await app.dataSource.query(`ALTER TABLE document_updates_unavailable RENAME TO document_updates`);
      }
      await eventually(() => expect(bob.text()).toBe('written while the database refused'));
      expect(await storedText(name)).toBe('written while the database refused');
    });

    it('compacts the log into a snapshot, keeps the text and every attributed update, and reloads it after unloading', async () => {
      const { meetingId, name, cookies } = await meetingWith('participant');
      const writer = await connected(meetingId, { cookie: cookies[0]! });
      for (let i = 0; i < 12; i++) {
        writer.type(`line ${i}\n`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const expected = writer.text();
      await eventually(async () => {
        const [snapshot] = await app.dataSource.query(
          `SELECT last_update_id FROM document_snapshots WHERE document_name = $1`,
          [name],
        );
        expect(snapshot).toBeDefined();
        expect(await storedText(name)).toBe(expected);
      });
      // The snapshot speeds up loading; the log stays whole as the document's attributed history.
      const [{ count, authors }] = await app.dataSource.query(
        `SELECT count(*)::int AS count, count(DISTINCT user_id)::int AS authors FROM document_updates WHERE document_name = $1`,
        [name],
      );
      expect(count).toBeGreaterThanOrEqual(12);
      expect(authors).toBe(1);

      writer.type('after the last compaction');
      const final = writer.text();
      writer.provider.destroy();
      const registry = app.get(CollabDocumentRegistry);
      await eventually(() => expect(registry.isLoaded(name)).toBe(false));
      // Unloading wrote the whole state as the snapshot: the next load reads one row.
      const store = app.get(DocumentRepository);
      await eventually(async () => expect((await store.load(name)).updates).toHaveLength(0));
      const reader = await connected(meetingId, { cookie: cookies[0]! });
      expect(reader.text()).toBe(final);
    });

    it('never loses an append that races with a compaction, and never moves a snapshot back', async () => {
      const store = app.get(DocumentRepository);
      const name = documentName(randomUUID(), 'record');
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (update: Uint8Array) => updates.push(update));
      for (let i = 0; i < 20; i++) doc.getText(FIELD).insert(doc.getText(FIELD).length, `${i},`);
      let lastId = '0';
      let firstId = '0';
      for (const update of updates.slice(0, 10)) {
        lastId = (await store.append(name, [{ update, userId: null }])).lastId;
        if (firstId === '0') firstId = lastId;
      }
      // The state of exactly the first 10 rows, as a loaded document holds it.
      const firstTen = new Y.Doc();
      for (const update of updates.slice(0, 10)) Y.applyUpdate(firstTen, update);
      const [saved] = await Promise.all([
        store.saveSnapshot(name, Y.encodeStateAsUpdate(firstTen), lastId),
        ...updates.slice(10).map((update) => store.append(name, [{ update, userId: null }])),
      ]);
      expect(saved).toBe(true);
      // An older snapshot (say, from a process shutting down) is ignored.
      expect(await store.saveSnapshot(name, Y.encodeStateAsUpdate(new Y.Doc()), firstId)).toBe(false);
      const loaded = await store.load(name);
      expect(loaded.snapshotUpdateId).toBe(lastId);
      const copy = new Y.Doc();
      if (loaded.snapshot) Y.applyUpdate(copy, loaded.snapshot);
      for (const row of loaded.updates) Y.applyUpdate(copy, row.update);
      expect(copy.getText(FIELD).toString()).toBe(doc.getText(FIELD).toString());
      expect(loaded.updates).toHaveLength(10);
    });

    it("shows the server's name and role for each person, overwriting a spoofed user field", async () => {
      const { meetingId, members, cookies } = await meetingWith('participant', 'observer');
      const alice = await connected(meetingId, { cookie: cookies[0]! });
      const bob = await connected(meetingId, { cookie: cookies[1]! });
      alice.provider.awareness.setLocalStateField('user', { name: 'The Chair', role: 'chair', id: 'someone-else' });
      alice.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 4 });
      // A provider's initial state has clock 0, which y-protocols ignores; any real state moves it on.
      bob.provider.awareness.setLocalStateField('cursor', null);
      await eventually(() => {
        const state = bob.provider.awareness.getStates().get(alice.doc.clientID);
        expect(state).toMatchObject({
          cursor: { anchor: 1, head: 4 },
          user: {
            id: members[0]!.user.id,
            name: 'Member participant',
            agency: 'health',
            role: 'participant',
            colour: expect.stringMatching(/^#[0-9a-f]{6}$/),
          },
        });
      });
      await eventually(() => {
        const bobSeenByAlice = alice.provider.awareness.getStates().get(bob.doc.clientID);
        expect(bobSeenByAlice).toMatchObject({ user: { id: members[1]!.user.id, role: 'observer' } });
      });
    });
  });
}

/** A real update with its last bytes cut off. */
function truncatedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText(FIELD).insert(0, 'a sentence long enough to truncate');
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update.subarray(0, update.length - 8);
}
