import { documentName } from '@roundtable/shared/realtime';
import { SessionsService } from '../../server/src/identity/auth/sessions.service';
import { eventually } from '../../server/test/support/eventually';
import { EventsClient } from '../../server/test/support/meeting-events-client';
import type { TestUser } from '../../server/test/support/test-app';
import { UsersService } from '../../server/src/identity/users/users.service';
import {
  type Arena,
  auditEntries,
  closeCode,
  expectVictimConverges,
  openCollab,
  type Person,
  startArena,
  storedRows,
  tryUpgrade,
  Victim,
} from './arena';
import { editUpdate, updateFrame } from './frames';

/**
 * Stolen or stale credentials: a cookie replayed after sign-out, a session
 * past its expiry, the session of an account that has been disabled, and
 * tickets minted before any of these. Each gets a clear refusal, open
 * connections are closed, and nothing they send is stored.
 */
describe('adversarial: replayed, expired and disabled sessions', () => {
  let arena: Arena;
  const clients: EventsClient[] = [];

  beforeAll(async () => {
    arena = await startArena();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await arena?.close();
  });

  /** A new participant of the meeting, signed in, with a ticket minted now. */
  async function newMember(name: string): Promise<Person & { ticket: string }> {
    const user: TestUser = await arena.app.createUser({ displayName: name, agency: 'health' });
    const added = await arena.app.request('POST', `/api/meetings/${arena.meetingId}/members`, {
      cookie: arena.chair.cookie,
      body: { email: user.email, role: 'participant' },
    });
    expect(added.status).toBe(201);
    const cookie = await arena.app.signIn(user);
    const { body } = await arena.app.request('POST', '/api/collab/tickets', {
      cookie,
      body: { meetingId: arena.meetingId, kind: 'record' },
    });
    return { user, cookie, ticket: body.ticket as string };
  }

  /** Every way back in with the stale credential is refused; returns nothing if all are. */
  async function expectLockedOut(person: Person & { ticket: string }): Promise<void> {
    const record = `${arena.app.wsUrl}/collab/${arena.record}`;
    expect((await tryUpgrade(record, { Cookie: person.cookie, Origin: arena.app.url })).status).toBe(401);
    expect((await tryUpgrade(`${record}?ticket=${person.ticket}`)).status).toBe(401);
    const safetyPlan = `${arena.app.wsUrl}/collab/${documentName(arena.meetingId, 'safety-plan')}`;
    expect((await tryUpgrade(safetyPlan, { Cookie: person.cookie, Origin: arena.app.url })).status).toBe(401);
    const handshake = await EventsClient.connect(arena.app.url, { cookie: person.cookie }).then(
      (client) => {
        client.close();
        return 'connected';
      },
      (error: { data?: { code: string } }) => error.data?.code,
    );
    expect(handshake).toBe('Unauthenticated');
    expect((await arena.app.request('GET', '/api/meetings', { cookie: person.cookie })).status).toBe(401);
    const ticket = await arena.app.request('POST', '/api/collab/tickets', {
      cookie: person.cookie,
      body: { meetingId: arena.meetingId, kind: 'record' },
    });
    expect(ticket.status).toBe(401);
  }

  /** Opens both channels with the person's credentials, then runs `end` and checks both are closed. */
  async function expectOpenConnectionsClosed(person: Person, end: () => Promise<void>): Promise<void> {
    const ws = await openCollab(arena, person);
    const events = await EventsClient.connect(arena.app.url, { cookie: person.cookie });
    clients.push(events);
    await events.ok('meeting:join', { meetingId: arena.meetingId });
    const closed = closeCode(ws);
    const rows = await storedRows(arena, person.user.user.id);
    await end();
    expect(await closed).toBe(4401);
    await events.waitFor((r) => r.disconnects.length > 0, 'the socket.io disconnect');
    // Anything sent after the end is not stored.
    if (ws.readyState === ws.OPEN) ws.send(updateFrame(editUpdate('after the end')));
    expect(await storedRows(arena, person.user.user.id)).toBe(rows);
  }

  it('refuses a cookie replayed after sign-out, and the ticket minted before it (audited)', async () => {
    const person = await newMember('Signed Out');
    await expectOpenConnectionsClosed(person, async () => {
      expect((await arena.app.request('POST', '/api/auth/logout', { cookie: person.cookie })).status).toBeLessThan(300);
    });
    const audited = (await auditEntries(arena, 'access.refused')).length;
    await expectLockedOut(person);
    const refusals = (await auditEntries(arena, 'access.refused')).slice(audited);
    expect(refusals.map((r) => r.details.reason)).toContain('ended-session');
  });

  it('refuses an expired session, and closes its connections when the expiry is found', async () => {
    const person = await newMember('Expired Session');
    const events = await EventsClient.connect(arena.app.url, { cookie: person.cookie });
    clients.push(events);
    await events.ok('meeting:join', { meetingId: arena.meetingId });
    await arena.app.dataSource.query(
      `UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND revoked_at IS NULL`,
      [person.user.user.id],
    );
    // The next event finds the session ended: acknowledged Unauthenticated, then disconnected.
    const ack = await events.emit('meeting:join', { meetingId: arena.meetingId });
    expect(ack).toMatchObject({ ok: false, error: { code: 'Unauthenticated' } });
    await events.waitFor((r) => r.disconnects.includes('io server disconnect'), 'the server disconnect');
    await expectLockedOut(person);
  });

  it("closes a disabled account's connections (as the admin CLI does) and refuses it everywhere", async () => {
    const person = await newMember('Disabled Account');
    await expectOpenConnectionsClosed(person, async () => {
      await arena.app.get(UsersService).setDisabled(person.user.email, true);
      await arena.app.get(SessionsService).revokeAllForUser(person.user.user.id);
    });
    await expectLockedOut(person);
    // Even with a fresh password sign-in.
    expect(
      (
        await arena.app.request('POST', '/api/auth/login', {
          body: { email: person.user.email, password: person.user.password },
        })
      ).status,
    ).toBe(401);
  });

  it('refuses a disabled account at once even before its sessions are revoked', async () => {
    const person = await newMember('Disabled Only');
    await arena.app.get(UsersService).setDisabled(person.user.email, true);
    await eventually(() => expectLockedOut(person));
  });

  it('leaves the victim editing and converging', async () => {
    const victim = new Victim(arena, arena.editor);
    try {
      await victim.synced();
      await expectVictimConverges(arena, victim, arena.editor);
    } finally {
      victim.destroy();
    }
  });
});
