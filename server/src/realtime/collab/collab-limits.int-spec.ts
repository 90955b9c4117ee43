import type { ClientRequest, IncomingMessage } from 'node:http';
import { LIMITS, type MeetingRole } from '@roundtable/shared/constants';
import { CLOSE_CODES, documentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import type { TestUser } from '../../../test/support/test-app';
import { encodeUpdateMessage, MESSAGE_QUERY_AWARENESS } from './collab-protocol';

const FIELD = 'notes';

/** A raw upgrade: the HTTP status (101 if it opened) and the socket. */
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

describeOnOneDatabase('collab limits', (ctx) => {
  const providers: { provider: WebsocketProvider; doc: Y.Doc }[] = [];
  const sockets: WebSocket[] = [];
  const eventClients: EventsClient[] = [];

  afterEach(() => {
    for (const { provider, doc } of providers.splice(0)) {
      provider.destroy();
      doc.destroy();
    }
    for (const socket of sockets.splice(0)) socket.terminate();
    for (const client of eventClients.splice(0)) client.close();
  });

  async function meetingWith(...roles: MeetingRole[]) {
    const chair = await ctx.app.createUser({ displayName: 'Chair Person', agency: 'childrens-social-care' });
    const members: TestUser[] = [];
    for (const role of roles)
      members.push(await ctx.app.createUser({ displayName: `Member ${role}`, agency: 'health' }));
    const { meeting } = await ctx.app.createMeeting(
      chair,
      members.map((member, i) => ({ member, role: roles[i]! })),
    );
    const cookies = await Promise.all(members.map((m) => ctx.app.signIn(m)));
    return { meetingId: meeting.id, name: documentName(meeting.id, 'record'), cookies };
  }

  function upgrade(name: string, cookie: string) {
    return attemptUpgrade(`${ctx.app.wsUrl}/collab/${name}`, { Cookie: cookie, Origin: ctx.app.url }).then((result) => {
      sockets.push(result.socket);
      return result;
    });
  }

  /** A raw connection, resolved once the server has sent its first frame (the document is loaded). */
  async function rawConnected(name: string, cookie: string): Promise<WebSocket> {
    const { status, socket } = await upgrade(name, cookie);
    expect(status).toBe(101);
    await new Promise((resolve) => socket.once('message', resolve));
    return socket;
  }

  async function editor(meetingId: string, cookie: string) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, documentName(meetingId, 'record'), doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, ctx.app.url) as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    const closeCodes: number[] = [];
    provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    providers.push({ provider, doc });
    await new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      provider.on('sync', (synced: boolean) => synced && resolve());
    });
    const text = doc.getText(FIELD);
    return { closeCodes, text: () => text.toString(), type: (s: string) => text.insert(text.length, s) };
  }

  async function storedUpdates(name: string): Promise<{ rows: number; bytes: number }> {
    const [row]: { rows: string; bytes: string | null }[] = await ctx.app.dataSource.query(
      `SELECT count(*) AS rows, sum(length(update)) AS bytes FROM document_updates WHERE document_name = $1`,
      [name],
    );
    return { rows: Number(row!.rows), bytes: Number(row!.bytes ?? 0) };
  }

  it('closes a connection sending faster than its message rate with 4429, while the others keep editing and converge', async () => {
    const { meetingId, name, cookies } = await meetingWith('participant', 'participant', 'participant');
    const alice = await editor(meetingId, cookies[0]!);
    const bob = await editor(meetingId, cookies[1]!);
    const flooder = await rawConnected(name, cookies[2]!);
    let answers = 0;
    flooder.on('message', () => (answers += 1));
    const closed = closeCodeOf(flooder);

    // Query-awareness frames are cheap and each is answered, so answers count the frames handled.
    const started = performance.now();
    const frame = new Uint8Array([MESSAGE_QUERY_AWARENESS]);
    const sent = 3 * LIMITS.collabMessageBurst;
    for (let i = 0; i < sent; i++) flooder.send(frame);
    alice.type('Alice carries on. ');
    expect(await closed).toBe(CLOSE_CODES.rateLimited);
    const elapsedSeconds = (performance.now() - started) / 1000;
    expect(answers).toBeLessThanOrEqual(
      LIMITS.collabMessageBurst + Math.ceil(LIMITS.collabMessagesPerSecond * elapsedSeconds) + 1,
    );
    expect(answers).toBeLessThan(sent);

    // Bob appends after Alice's text, so he must have it first (otherwise both insert at 0).
    await eventually(() => expect(bob.text()).toBe('Alice carries on. '));
    bob.type('Bob too.');
    await eventually(() => expect(alice.text()).toBe('Alice carries on. Bob too.'));
    await eventually(() => expect(bob.text()).toBe(alice.text()));
    expect(alice.closeCodes).toEqual([]);
    expect(bob.closeCodes).toEqual([]);

    // Not a ban: the same user may connect again.
    const { status } = await upgrade(name, cookies[2]!);
    expect(status).toBe(101);
  });

  it('refuses an update that would take the document past its size limit with 4413; nothing of it is stored, others carry on', async () => {
    const { meetingId, name, cookies } = await meetingWith('participant', 'participant');
    const bob = await editor(meetingId, cookies[1]!);
    const writer = await rawConnected(name, cookies[0]!);
    const closed = closeCodeOf(writer);

    // Each update stays under the frame limit; together they pass the document limit.
    const chunk = 'x'.repeat(1_000_000);
    const fitting = Math.floor(LIMITS.collabMaxDocumentBytes / (chunk.length + 100));
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i <= fitting; i++) doc.getText(FIELD).insert(doc.getText(FIELD).length, chunk);
    for (const update of updates) {
      const message = encodeUpdateMessage(update);
      expect(message.length).toBeLessThan(LIMITS.collabMaxFrameBytes);
      writer.send(message);
    }
    expect(await closed).toBe(CLOSE_CODES.documentTooLarge);
    await eventually(async () => expect((await storedUpdates(name)).rows).toBe(fitting));
    const stored = await storedUpdates(name);
    expect(stored.bytes).toBeLessThanOrEqual(LIMITS.collabMaxDocumentBytes);

    // Another editor of the same document stays connected, and a small edit still fits.
    bob.type('ok');
    await eventually(async () => expect((await storedUpdates(name)).rows).toBe(fitting + 1));
    expect(bob.closeCodes).toEqual([]);
    doc.destroy();
  });

  it("refuses a user's collab upgrade over the per-user connection cap with 429, counting their /meetings sockets too", async () => {
    const { meetingId, name, cookies } = await meetingWith('participant', 'participant');
    const [heavy, other] = cookies as [string, string];
    const viaEvents = 2;
    for (let i = 0; i < viaEvents; i++) eventClients.push(await EventsClient.connect(ctx.app.url, { cookie: heavy }));
    // All at once: slots are claimed synchronously, so concurrent upgrades cannot overshoot the cap.
    const attempts = await Promise.all(
      Array.from({ length: LIMITS.connectionsPerUserMax - viaEvents + 3 }, () => upgrade(name, heavy)),
    );
    expect(attempts.filter((a) => a.status === 429)).toHaveLength(3);
    const open = attempts.filter((a) => a.status === 101).map((a) => a.socket);
    expect(open).toHaveLength(LIMITS.connectionsPerUserMax - viaEvents);
    expect(open.every((s) => s.readyState === WebSocket.OPEN)).toBe(true);

    expect((await upgrade(name, heavy)).status).toBe(429);
    await expect(EventsClient.connect(ctx.app.url, { cookie: heavy })).rejects.toMatchObject({
      data: { code: 'TooManyConnections' },
    });

    // Another member of the same meeting is unaffected, and the heavy user's existing connections work.
    expect((await upgrade(name, other)).status).toBe(101);
    const probe = open[0]!;
    const answered = new Promise((resolve) => probe.once('message', resolve));
    probe.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
    const otherEditor = await editor(meetingId, other);
    await answered;

    // Closing one connection frees its slot.
    open[1]!.close();
    await eventually(async () => {
      const { status } = await upgrade(name, heavy);
      expect(status).toBe(101);
    });
    expect(otherEditor.closeCodes).toEqual([]);
  });
});
