import { LIMITS } from '@roundtable/shared/constants';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describeOnOneDatabase('limits on /meetings', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  function newAction(c: MeetingCast, description: string) {
    return {
      meetingId: c.meeting.id,
      description,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: inHours(24),
    };
  }

  async function actionDescriptions(meetingId: string): Promise<string[]> {
    const rows: { description: string }[] = await ctx.app.dataSource.query(
      `SELECT description FROM actions WHERE meeting_id = $1`,
      [meetingId],
    );
    return rows.map((r) => r.description);
  }

  it("refuses a flood of events with RateLimited, applying none of them, while another member's events succeed", async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const flood = 2 * LIMITS.meetingEventBurst;
    // Sent all at once, without waiting for acknowledgements: more than the burst within a moment.
    const acks = await Promise.all(
      Array.from({ length: flood }, (_, i) => c.police.client.emit('action:create', newAction(c, `flood ${i}`))),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RateLimited');
    const applied = acks.filter((a) => a.ok);
    expect(limited.length + applied.length).toBe(flood);
    expect(limited.length).toBeGreaterThan(0);
    expect(applied.length).toBeGreaterThanOrEqual(LIMITS.meetingEventBurst);
    expect(limited[0]).toEqual({
      ok: false,
      error: { code: 'RateLimited', message: expect.stringMatching(/too many/i) },
    });

    // Another member is not affected: their change is applied and broadcast.
    const other = await c.health.client.ok('action:create', newAction(c, 'Arrange a medical'));
    await c.chair.client.waitForAction(other.id, 1);

    // Exactly the acknowledged changes exist; the refused ones were never applied.
    const stored = await actionDescriptions(c.meeting.id);
    expect(stored).toHaveLength(applied.length + 1);
    const refusedDescriptions = new Set(
      acks.flatMap((a, i) => (!a.ok && a.error.code === 'RateLimited' ? [`flood ${i}`] : [])),
    );
    expect(stored.filter((d) => refusedDescriptions.has(d))).toEqual([]);

    // The flooding socket stays connected and is served again once its bucket refills.
    await new Promise((resolve) => setTimeout(resolve, 1000 / LIMITS.meetingEventsPerSecond + 50));
    const later = await c.police.client.emit('action:create', newAction(c, 'after a pause'));
    expect(later.ok).toBe(true);
  });

  it("refuses a user's socket over the per-user connection cap with TooManyConnections; others connect", async () => {
    const heavy = await ctx.app.createUser({ displayName: 'Many Tabs', agency: 'police' });
    const cookie = await ctx.app.signIn(heavy);
    for (let i = 0; i < LIMITS.connectionsPerUserMax; i++) {
      clients.push(await EventsClient.connect(ctx.app.url, { cookie }));
    }
    const refusal = await EventsClient.connect(ctx.app.url, { cookie }).then(
      (client) => {
        clients.push(client);
        throw new Error('the connection over the cap was accepted');
      },
      (error: { data?: unknown }) => error.data,
    );
    expect(refusal).toEqual({ code: 'TooManyConnections', message: expect.stringMatching(/too many/i) });

    // Someone else is unaffected.
    const other = await ctx.app.createUser({ displayName: 'One Tab', agency: 'health' });
    clients.push(await EventsClient.connect(ctx.app.url, { cookie: await ctx.app.signIn(other) }));

    // Closing one of the user's sockets frees its slot.
    clients.shift()!.close();
    const again = await eventuallyConnects(cookie);
    clients.push(again);
  });

  async function eventuallyConnects(cookie: string): Promise<EventsClient> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        return await EventsClient.connect(ctx.app.url, { cookie });
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
});
