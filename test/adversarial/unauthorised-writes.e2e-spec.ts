import { documentName } from '@roundtable/shared/realtime';
import { CollabDocumentRegistry } from '../../server/src/realtime/collab/collab-document-registry';
import { eventually } from '../../server/test/support/eventually';
import { EventsClient } from '../../server/test/support/meeting-events-client';
import {
  type Arena,
  auditEntries,
  expectVictimConverges,
  openCollab,
  serverDoc,
  startArena,
  storedRows,
  tryUpgrade,
  Victim,
} from './arena';
import { editUpdate, syncFrame, updateFrame } from './frames';

/** Writes by people who may read but not write (observers), and by people who are not members at all. */
describe('adversarial: observer and non-member writes', () => {
  let arena: Arena;
  let victim: Victim;
  const clients: EventsClient[] = [];

  beforeAll(async () => {
    arena = await startArena();
    victim = new Victim(arena, arena.editor);
    await victim.synced();
    victim.type();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    victim?.destroy();
    await arena?.close();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ['decisions', 'actions', 'agency_views', 'document_updates', 'meeting_members']) {
      const [row] = (await arena.app.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
      counts[table] = row!.n;
    }
    return counts;
  }

  it("refuses an observer's updates with permissionDenied, keeps the document and audits the first", async () => {
    // The victim's word must have reached the server first, or it would land during the attack and look like one.
    await eventually(async () =>
      expect((await serverDoc(arena)).getXmlFragment('reason').toString()).toContain('victim-0-'),
    );
    await arena.app.get(CollabDocumentRegistry).settle(arena.record);
    const observerId = arena.observer.user.user.id;
    const before = {
      text: (await serverDoc(arena)).getXmlFragment('reason').toString(),
      rows: await storedRows(arena, observerId),
    };
    const audited = (await auditEntries(arena, 'access.refused')).length;
    const ws = await openCollab(arena, arena.observer);
    const received: Uint8Array[] = [];
    ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
    for (let i = 0; i < 20; i++) {
      ws.send(updateFrame(editUpdate(`observer wrote ${i}`)));
      ws.send(syncFrame(1, editUpdate(`observer synced ${i}`)));
    }
    // One y-protocols auth message (type 2, permission denied), and the connection stays open.
    await eventually(() => expect(received.filter((m) => m[0] === 2)).toHaveLength(1));
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
    await arena.app.get(CollabDocumentRegistry).settle(arena.record);
    expect(await storedRows(arena, observerId)).toBe(before.rows);
    expect((await serverDoc(arena)).getXmlFragment('reason').toString()).toBe(before.text);
    // The refusal is audited after the answer is sent: wait for it, then check it is the only one.
    await eventually(async () =>
      expect((await auditEntries(arena, 'access.refused')).slice(audited)).toEqual([
        expect.objectContaining({
          actor_user_id: arena.observer.user.user.id,
          details: expect.objectContaining({ reason: 'read-only-write' }),
        }),
      ]),
    );
  });

  it('refuses a non-member at the upgrade with the 404 of an unknown document, audited', async () => {
    const audited = (await auditEntries(arena, 'access.refused')).length;
    for (const kind of ['record', 'safety-plan'] as const) {
      const outcome = await tryUpgrade(`${arena.app.wsUrl}/collab/${documentName(arena.meetingId, kind)}`, {
        Cookie: arena.outsider.cookie,
        Origin: arena.app.url,
      });
      expect(outcome.status).toBe(404);
    }
    const refusals = (await auditEntries(arena, 'access.refused')).slice(audited);
    expect(refusals.map((r) => [r.actor_user_id, r.details.reason])).toEqual([
      [arena.outsider.user.user.id, 'not-a-member'],
      [arena.outsider.user.user.id, 'not-a-member'],
    ]);
    // No ticket either, with the same answer as for a meeting that does not exist.
    const ticket = await arena.app.request('POST', '/api/collab/tickets', {
      cookie: arena.outsider.cookie,
      body: { meetingId: arena.meetingId, kind: 'record' },
    });
    const unknown = await arena.app.request('POST', '/api/collab/tickets', {
      cookie: arena.outsider.cookie,
      body: { meetingId: '00000000-0000-4000-8000-000000000000', kind: 'record' },
    });
    expect(ticket.status).toBe(404);
    expect(unknown.status).toBe(ticket.status);
  });

  it('burns a ticket presented for another document', async () => {
    const { body } = await arena.app.request('POST', '/api/collab/tickets', {
      cookie: arena.editor.cookie,
      body: { meetingId: arena.meetingId, kind: 'record' },
    });
    const url = (kind: 'record' | 'safety-plan') =>
      `${arena.app.wsUrl}/collab/${documentName(arena.meetingId, kind)}?ticket=${body.ticket}`;
    expect((await tryUpgrade(url('safety-plan'))).status).toBe(401);
    expect((await tryUpgrade(url('record'))).status).toBe(401);
  });

  it('refuses decisions and actions from an observer and every event from a non-member, changing no row', async () => {
    const before = await rowCounts();
    const observer = await EventsClient.connect(arena.app.url, { cookie: arena.observer.cookie });
    const outsider = await EventsClient.connect(arena.app.url, { cookie: arena.outsider.cookie });
    clients.push(observer, outsider);
    await observer.ok('meeting:join', { meetingId: arena.meetingId });
    const attempts: [string, unknown][] = [
      ['decision:open', { meetingId: arena.meetingId, childIds: [] }],
      [
        'action:create',
        {
          meetingId: arena.meetingId,
          description: 'observer action',
          ownerUserId: arena.chair.user.user.id,
          ownerAgency: 'childrens-social-care',
          dueAt: '2026-03-03T17:00:00Z',
        },
      ],
    ];
    for (const [event, payload] of attempts) {
      const ack = await observer.emit(event as 'decision:open', payload);
      expect({ event, ack }).toMatchObject({ event, ack: { ok: false, error: { code: expect.any(String) } } });
      if (!ack.ok) expect(['Forbidden', 'ValidationFailed']).toContain(ack.error.code);
    }
    const join = await outsider.emit('meeting:join', { meetingId: arena.meetingId });
    expect(join).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });
    for (const [event, payload] of attempts) {
      const ack = await outsider.emit(event as 'decision:open', payload);
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(['MeetingNotFound', 'ValidationFailed']).toContain(ack.error.code);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('leaves the victim editing and converging', async () => {
    await expectVictimConverges(arena, victim, arena.editor);
  });
});
