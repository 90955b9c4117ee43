import net from 'node:net';
import WebSocket from 'ws';
import { CollabDocumentRegistry } from '../../server/src/realtime/collab/collab-document-registry';
import { EventsClient } from '../../server/test/support/meeting-events-client';
import { type Arena, expectVictimConverges, startArena, tryUpgrade, Victim } from './arena';

/**
 * Connections that never authenticate, held open: they are refused at once
 * or closed within a bounded time, and none of them loads a document.
 */
/** Node checks request timeouts every 30 s; the server's header timeout is 10 s. */
const HALF_SENT_CLOSED_WITHIN_MS = 45_000;
/** socket.io closes a connection that never joins a namespace after 10 s. */
const NO_NAMESPACE_CLOSED_WITHIN_MS = 15_000;

/** A raw TCP connection: sends `text`, resolves with what came back and when the server closed it. */
function rawConnection(port: number, text: string): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let response = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve({ response, closedAfterMs: Date.now() - started }));
  });
}

function upgradeRequest(port: number, path: string, headers: string[] = []): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...headers,
  ].join('\r\n');
}

describe('adversarial: unauthenticated sockets held open', () => {
  let arena: Arena;
  let port: number;
  let victim: Victim;

  beforeAll(async () => {
    arena = await startArena();
    port = Number(new URL(arena.app.url).port);
    victim = new Victim(arena, arena.editor);
    await victim.synced();
  });

  afterAll(async () => {
    victim?.destroy();
    await arena?.close();
  });

  it('refuses /collab upgrades without credentials at once (401) and closes the socket, loading nothing', async () => {
    const registry = arena.app.get(CollabDocumentRegistry);
    const loaded = registry.loadedCount;
    const path = `/collab/${arena.record}`;
    const attempts = [
      upgradeRequest(port, path),
      upgradeRequest(port, path, ['Cookie: rt_session=junk', `Origin: ${arena.app.url}`]),
      upgradeRequest(port, `${path}?ticket=junk`),
      upgradeRequest(port, `${path}?ticket=`),
      upgradeRequest(port, path, [`Cookie: rt_session=${'A'.repeat(43)}`, `Origin: ${arena.app.url}`]),
    ];
    const results = await Promise.all(attempts.map((text) => rawConnection(port, `${text}\r\n\r\n`)));
    for (const { response, closedAfterMs } of results) {
      expect(response).toMatch(/^HTTP\/1\.1 401 /);
      expect(closedAfterMs).toBeLessThan(2_000);
    }
    expect(registry.loadedCount).toBe(loaded);
    // And for a document nobody has open.
    const plan = `/collab/meetings/${arena.meetingId}/safety-plan`;
    expect((await rawConnection(port, `${upgradeRequest(port, plan)}\r\n\r\n`)).response).toMatch(/^HTTP\/1\.1 401 /);
    expect(registry.isLoaded(plan.slice('/collab/'.length))).toBe(false);
  });

  it('disconnects a socket.io client without a session', async () => {
    for (const cookie of [undefined, 'rt_session=junk']) {
      const error = await EventsClient.connect(arena.app.url, { cookie }).then(
        (client) => {
          client.close();
          return null;
        },
        (e: { data?: { code: string } }) => e,
      );
      expect(error?.data?.code).toBe('Unauthenticated');
    }
  });

  it('closes half-sent upgrades and engine.io connections that never join, while a member keeps editing', async () => {
    const registry = arena.app.get(CollabDocumentRegistry);
    const loaded = registry.loadedCount;
    // Slowloris: upgrades whose headers never end, one with a member's cookie to a real document.
    const halfSent = [
      rawConnection(port, upgradeRequest(port, `/collab/${arena.record}`)),
      rawConnection(port, upgradeRequest(port, `/collab/${arena.record}`, [`Cookie: ${arena.editor.cookie}`])),
      rawConnection(port, upgradeRequest(port, '/socket.io/?EIO=4&transport=websocket')),
      rawConnection(port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
    ];
    // An engine.io WebSocket that answers every ping but never sends the namespace CONNECT.
    const started = Date.now();
    const engine = new WebSocket(`${arena.app.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    engine.on('message', (data: Buffer) => {
      if (data.toString() === '2') engine.send('3');
    });
    const engineClosed = new Promise<number>((resolve) => engine.once('close', () => resolve(Date.now() - started)));
    // Meanwhile the member edits as usual.
    await expectVictimConverges(arena, victim, arena.editor);
    expect(await engineClosed).toBeLessThan(NO_NAMESPACE_CLOSED_WITHIN_MS);
    for (const { closedAfterMs } of await Promise.all(halfSent)) {
      expect(closedAfterMs).toBeLessThan(HALF_SENT_CLOSED_WITHIN_MS);
    }
    expect(registry.loadedCount).toBe(loaded);
  }, 90_000);

  it('refuses unknown paths and upgrades to nowhere with a status, not silence', async () => {
    for (const path of ['/collab', '/collab/', '/collab/meetings/x/record', '/ws', '/api/health']) {
      const outcome = await tryUpgrade(`${arena.app.wsUrl}${path}`, { Origin: arena.app.url });
      expect({ path, status: outcome.status }).toEqual({ path, status: 404 });
    }
  });
});
