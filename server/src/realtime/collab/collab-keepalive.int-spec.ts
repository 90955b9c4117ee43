import { documentName } from '@roundtable/shared/realtime';
import WebSocket from 'ws';
import { eventually } from '../../../test/support/eventually';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import { LiveConnectionRegistry } from '../../platform';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';

const PING_INTERVAL_MS = 200;

/** A collab connection of a signed-in member; `answerPings: false` is a client that has gone without closing. */
function open(app: TestApp, name: string, cookie: string, answerPings: boolean): Promise<WebSocket> {
  const socket = new WebSocket(`${app.wsUrl}/collab/${name}`, {
    headers: { cookie, origin: app.url },
    autoPong: answerPings,
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('collab keepalive', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database, { COLLAB_PING_INTERVAL_MS: String(PING_INTERVAL_MS) });
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });

  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  it('drops a connection that stops answering pings, gives its slot back, and keeps one that answers', async () => {
    const chair = await app.createUser({ agency: 'childrens-social-care' });
    const member = await app.createUser({ agency: 'health' });
    const { meeting } = await app.createMeeting(chair, [{ member, role: 'participant' }]);
    const cookie = await app.signIn(member);
    const name = documentName(meeting.id, 'record');
    const registry = app.get(LiveConnectionRegistry);

    const alive = await open(app, name, cookie, true);
    const dead = await open(app, name, cookie, false);
    sockets.push(alive, dead);
    await eventually(() => expect(registry.openConnectionsOf(member.user.id)).toBe(2));
    const deadClosed = new Promise<number>((resolve) => dead.once('close', (code) => resolve(code)));
    const started = Date.now();
    // Dropped without a closing handshake (the peer is presumed gone): the client sees 1006.
    expect(await deadClosed).toBe(1006);
    expect(Date.now() - started).toBeLessThan(4 * PING_INTERVAL_MS + 1_000);
    await eventually(() => expect(registry.openConnectionsOf(member.user.id)).toBe(1));
    // The one that answers is still open several intervals later.
    await new Promise((resolve) => setTimeout(resolve, 5 * PING_INTERVAL_MS));
    expect(alive.readyState).toBe(WebSocket.OPEN);
  });
});
