import { ERROR_CODES } from '@roundtable/shared/errors';
import fc from 'fast-check';
import { eventually } from '../../server/test/support/eventually';
import { EventsClient } from '../../server/test/support/meeting-events-client';
import { type Arena, type Person, startArena } from './arena';

/**
 * Property-based fuzzing of the socket.io namespace /meetings as the chair
 * (who may do the most) and as an observer: every event with arbitrary
 * payloads (wrong types, prototype keys, deep nesting, long strings, binary),
 * some aimed at the real meeting, plus unknown event names. Every event is
 * answered with a well-formed refusal (never InternalError), only accepted
 * events change rows, and a bystander keeps receiving broadcasts.
 */
const EVENTS = [
  'meeting:join',
  'meeting:leave',
  'decision:open',
  'decision:close',
  'view:record',
  'la-decision:record',
  'la-decision:correct',
  'dissent:record',
  'escalation:add-step',
  'escalation:resolve',
  'action:create',
  'action:update',
  'action:set-status',
  'view:flag',
  'action:flag',
  'agenda:set',
] as const;
/** Events a socket may send before its rate limit (burst 100) refuses them; then a fresh socket. */
const EVENTS_PER_SOCKET = 90;

describe('adversarial: fuzzing the meeting events namespace', () => {
  let arena: Arena;
  let bystander: EventsClient;

  beforeAll(async () => {
    arena = await startArena();
    bystander = await EventsClient.connect(arena.app.url, { cookie: arena.editor.cookie });
    await bystander.ok('meeting:join', { meetingId: arena.meetingId });
  });

  afterAll(async () => {
    bystander?.close();
    await arena?.close();
  });

  async function counts(): Promise<{ decisions: number; actions: number }> {
    const [row] = (await arena.app.dataSource.query(
      `SELECT (SELECT count(*)::int FROM decisions) AS decisions, (SELECT count(*)::int FROM actions) AS actions`,
    )) as { decisions: number; actions: number }[];
    return row!;
  }

  const junk = fc.oneof(
    fc.anything({ maxDepth: 3, withObjectString: true, withNullPrototype: true, withBigInt: false }),
    fc.constantFrom(
      JSON.parse('{"__proto__":{"polluted":"yes"},"meetingId":"x"}') as unknown,
      { constructor: { prototype: { polluted: 'yes' } } },
      'x'.repeat(200_000),
      Buffer.alloc(1_000, 1),
      [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
      null,
      undefined,
      -1,
      '',
    ),
  );

  const payload = (meetingId: string) =>
    fc.oneof(
      junk,
      // Aimed at the real meeting, with junk in the other fields.
      fc
        .dictionary(
          fc.constantFrom(
            'requestId',
            'decisionId',
            'actionId',
            'childIds',
            'description',
            'reasons',
            'harm',
            'recommendedOption',
            'restriction',
            'status',
            'ownerUserId',
            '__proto__',
            'agency',
          ),
          junk,
          { maxKeys: 4 },
        )
        .map((fields) => ({ ...fields, meetingId })),
    );

  async function fuzz(person: Person, numRuns: number): Promise<Record<string, number>> {
    const tally: Record<string, number> = {};
    let client: EventsClient | null = null;
    let sent = 0;
    const created = { decisions: 0, actions: 0 };
    const before = await counts();
    const socket = async () => {
      if (!client || !client.socket.connected || sent >= EVENTS_PER_SOCKET) {
        client?.close();
        client = await EventsClient.connect(arena.app.url, { cookie: person.cookie });
        sent = 0;
      }
      sent++;
      return client;
    };
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...EVENTS), payload(arena.meetingId), async (event, body) => {
          const c = await socket();
          const ack = await c
            .emit(event, body)
            .catch((error: Error) => ({ ok: 'no-ack' as const, message: error.message }));
          const key = ack.ok === true ? `${event} ok` : ack.ok === false ? ack.error.code : `no ack`;
          tally[key] = (tally[key] ?? 0) + 1;
          if (ack.ok === 'no-ack') {
            // Only an oversized message may end the socket (engine.io closes it); none is lost otherwise.
            expect(JSON.stringify(body ?? null).length).toBeGreaterThan(200_000);
            return;
          }
          if (ack.ok) {
            if (event === 'decision:open') created.decisions++;
            if (event === 'action:create') created.actions++;
            return;
          }
          expect(ERROR_CODES).toContain(ack.error.code);
          expect(ack.error.code).not.toBe('InternalError');
          expect(typeof ack.error.message).toBe('string');
        }),
        { numRuns },
      );
      // Unknown event names, prototype names among them, with and without a callback.
      const c = await socket();
      for (const name of [
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        'meeting:delete',
        'x'.repeat(500),
      ]) {
        c.send(name, { meetingId: arena.meetingId });
      }
      await c.ok('meeting:join', { meetingId: arena.meetingId });
    } finally {
      (client as EventsClient | null)?.close();
    }
    const after = await counts();
    expect(after).toEqual({
      decisions: before.decisions + created.decisions,
      actions: before.actions + created.actions,
    });
    return tally;
  }

  it('answers every fuzzed event from the chair with a well-formed refusal, changing only what it accepted', async () => {
    const tally = await fuzz(arena.chair, 2_000);
    process.stderr.write(`[socket.io fuzz] chair: ${JSON.stringify(tally)}\n`);
    expect(tally.ValidationFailed).toBeGreaterThan(100);
  }, 120_000);

  it('answers every fuzzed event from an observer with a well-formed refusal, changing nothing', async () => {
    const before = await counts();
    const tally = await fuzz(arena.observer, 1_000);
    process.stderr.write(`[socket.io fuzz] observer: ${JSON.stringify(tally)}\n`);
    expect(Object.keys(tally).filter((k) => k.endsWith(' ok') && !/meeting:(join|leave)/.test(k))).toEqual([]);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('kept the server up, prototypes clean and broadcasts flowing to the bystander', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${arena.app.url}/api/health`)).status).toBe(200);
    const chair = await EventsClient.connect(arena.app.url, { cookie: arena.chair.cookie });
    try {
      await chair.ok('meeting:join', { meetingId: arena.meetingId });
      const action = await chair.ok('action:create', {
        meetingId: arena.meetingId,
        description: 'Check the school attendance record',
        ownerUserId: arena.chair.user.user.id,
        ownerAgency: 'childrens-social-care',
        dueAt: '2026-03-03T17:00:00Z',
      });
      await eventually(() => expect(bystander.received.actions.map((e) => e.action.id)).toContain(action.id));
    } finally {
      chair.close();
    }
  });
});
