import { CollabDocumentRegistry } from '../../server/src/realtime/collab/collab-document-registry';
import { EventsClient } from '../../server/test/support/meeting-events-client';
import { type Arena, auditEntries, expectVictimConverges, startArena, tryUpgrade, Victim } from './arena';

/**
 * Cross-site WebSocket hijacking: a page on another site makes the victim's
 * browser open the app's WebSockets, and the browser adds the session cookie.
 * Only the Origin header tells them apart, on both endpoints.
 */
describe('adversarial: cross-site WebSocket hijacking', () => {
  let arena: Arena;
  let port: string;

  beforeAll(async () => {
    arena = await startArena();
    port = new URL(arena.app.url).port;
  });

  afterAll(() => arena?.close());

  // Origins a hostile page (or a hand-made client) could present; none is the app's own.
  const hostileOrigins = (): [string, string | null][] => [
    ['missing', null],
    ['foreign', 'https://evil.example'],
    ['the literal null (sandboxed iframe, file:)', 'null'],
    ['look-alike suffix', `http://127.0.0.1:${port}.evil.example`],
    ['look-alike prefix', `http://evil-127.0.0.1:${port}`],
    ['another port on the same host', `http://127.0.0.1:${Number(port) + 1}`],
    ['same host without the port', 'http://127.0.0.1'],
    ['the origin with a path', `http://127.0.0.1:${port}/evil`],
    ['the origin with user info', `http://attacker@127.0.0.1:${port}`],
    ['a trailing dot', `http://127.0.0.1.:${port}`],
    ['two origins', `http://127.0.0.1:${port} https://evil.example`],
    ['a websocket scheme', `ws://127.0.0.1:${port}`],
  ];

  it('refuses a cookie upgrade to /collab from every origin but its own, with 403, loading nothing, audited', async () => {
    const registry = arena.app.get(CollabDocumentRegistry);
    const before = (await auditEntries(arena, 'access.refused')).length;
    const cases = hostileOrigins();
    for (const [name, origin] of cases) {
      const headers: Record<string, string> = { Cookie: arena.editor.cookie };
      if (origin !== null) headers.Origin = origin;
      const outcome = await tryUpgrade(`${arena.app.wsUrl}/collab/${arena.record}`, headers);
      expect({ name, status: outcome.status }).toEqual({ name, status: 403 });
      expect(registry.isLoaded(arena.record)).toBe(false);
    }
    expect(registry.loadedCount).toBe(0);
    const refusals = (await auditEntries(arena, 'access.refused')).slice(before);
    expect(refusals).toHaveLength(cases.length);
    for (const refusal of refusals)
      expect(refusal.details).toMatchObject({ channel: 'collab', reason: 'foreign-origin' });
  });

  it('refuses a cookie handshake to /meetings (socket.io) from every origin but its own with Forbidden, audited', async () => {
    const [{ head }] = await arena.app.dataSource.query(`SELECT coalesce(max(seq), 0) AS head FROM audit_events`);
    const cases = hostileOrigins();
    for (const [name, origin] of cases) {
      const error = await EventsClient.connect(arena.app.url, { cookie: arena.editor.cookie, origin }).then(
        (client) => {
          client.close();
          return null;
        },
        (e: Error & { data?: { code: string } }) => e,
      );
      expect({ name, code: error?.data?.code }).toEqual({ name, code: 'Forbidden' });
    }
    // A handshake names no meeting, and the cookie was not trusted: no actor.
    const refusals: { actor_user_id: string | null; meeting_id: string | null; details: unknown }[] =
      await arena.app.dataSource.query(
        `SELECT actor_user_id, meeting_id, details FROM audit_events
          WHERE type = 'access.refused' AND seq > $1 AND details->>'channel' = 'socket.io' ORDER BY seq`,
        [head],
      );
    expect(refusals).toHaveLength(cases.length);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ actor_user_id: null, meeting_id: null });
      expect(refusal.details).toMatchObject({ channel: 'socket.io', reason: 'foreign-origin' });
    }
    // Long-polling is not offered at all, so no transport skips the Origin check.
    const polling = await EventsClient.connect(arena.app.url, {
      cookie: arena.editor.cookie,
      transport: 'polling',
    }).then(
      (client) => {
        client.close();
        return 'connected';
      },
      () => 'refused',
    );
    expect(polling).toBe('refused');
  });

  it('accepts its own origin, and a Host header the attacker chose does not widen the policy', async () => {
    const own = await tryUpgrade(`${arena.app.wsUrl}/collab/${arena.record}`, {
      Cookie: arena.editor.cookie,
      Origin: arena.app.url,
    });
    expect(own.status).toBe(101);
    own.ws?.close();
    // A non-browser client can set Host to match its Origin, but then it holds the cookie already:
    // the Origin check is against browsers, and the cookie never goes to the attacker's host.
    const rebound = await tryUpgrade(`${arena.app.wsUrl}/collab/${arena.record}`, {
      Host: 'evil.example',
      Origin: 'http://evil.example',
    });
    expect(rebound.status).toBe(401);
  });

  it('keeps the session cookie away from other sites: httpOnly and SameSite=Strict', async () => {
    const res = await arena.app.request('POST', '/api/auth/login', {
      body: { email: arena.observer.user.email, password: arena.observer.user.password },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // No CORS grant lets a foreign page read a collab ticket minted with the victim's cookie.
    const ticket = await fetch(`${arena.app.url}/api/collab/tickets`, {
      method: 'POST',
      headers: { cookie: arena.editor.cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ meetingId: arena.meetingId, kind: 'record' }),
    });
    expect(ticket.headers.get('access-control-allow-origin')).toBeNull();
    expect(ticket.status).not.toBe(201);
  });

  it('leaves the victim editing and converging after the attempts', async () => {
    const victim = new Victim(arena, arena.editor);
    try {
      await victim.synced();
      await expectVictimConverges(arena, victim, arena.editor);
    } finally {
      victim.destroy();
    }
  });
});
