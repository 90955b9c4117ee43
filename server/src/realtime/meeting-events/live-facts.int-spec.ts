import { randomUUID } from 'node:crypto';
import {
  AttendanceChangedEventSchema,
  type MeetingEventsState,
  RecordSealedEventSchema,
  SafetyScoresChangedEventSchema,
} from '@roundtable/shared/meeting-events';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';

/**
 * Scores, attendance and sealed record versions are live: whatever path
 * changes them (HTTP, a socket joining or leaving, the sealing after a
 * conclusion or a sign-off), every member in the meeting's room gets the fact
 * after it commits, and nobody else does.
 */
describeOnOneDatabase('live safety plan scores, attendance and sealed records on /meetings', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const cast = () => buildMeetingCast(ctx.app, clients);
  const scoresPath = (c: MeetingCast) => `/api/meetings/${c.meeting.id}/safety-plan/scores`;
  const start = async (c: MeetingCast) =>
    expect(
      (await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/start`, { cookie: c.chair.cookie })).status,
    ).toBe(200);

  async function connect(cookie: string): Promise<EventsClient> {
    const client = await EventsClient.connect(ctx.app.url, { cookie });
    clients.push(client);
    return client;
  }

  /**
   * One acknowledged round trip on the socket: anything the server emitted to
   * it before (a broadcast) has arrived once this resolves (one connection, in order).
   */
  const roundTrip = (client: EventsClient) => client.emit('meeting:leave', { meetingId: randomUUID() });

  it('sends a score recorded over HTTP to every member in the room, observers included, valid against the shared schema', async () => {
    const c = await cast();
    const put = await ctx.app.request('PUT', scoresPath(c), {
      cookie: c.police.cookie,
      body: { score: 4, note: 'Father not yet interviewed' },
    });
    expect(put.status).toBe(200);
    for (const client of c.members) {
      const event = await client.waitFor((r) => r.scores[0], 'a score broadcast');
      expect(SafetyScoresChangedEventSchema.parse(event)).toEqual(event);
      expect(event.meetingId).toBe(c.meeting.id);
      expect(event.recorded).toMatchObject({ agency: 'police', score: 4, note: 'Father not yet interviewed' });
      expect(event.recorded.recordedBy.userId).toBe(c.police.user.user.id);
      expect(event.activity).toEqual({ kind: 'safety-score-recorded', actor: 'Priya Police', agency: 'police' });
      expect(event.scores.current.map((s) => [s.agency, s.score])).toEqual([['police', 4]]);
    }

    // A second agency: its broadcast holds both scores (read after its commit); history only grows.
    await ctx.app.request('PUT', scoresPath(c), { cookie: c.health.cookie, body: { score: 6 } });
    const second = await c.education.client.waitFor((r) => r.scores[1], 'the second score');
    expect(second.scores.current.map((s) => [s.agency, s.score])).toEqual([
      ['police', 4],
      ['health', 6],
    ]);
    expect(second.scores.history).toHaveLength(2);

    // The same score and note again changes nothing and says nothing; a refused one neither.
    await ctx.app.request('PUT', scoresPath(c), { cookie: c.health.cookie, body: { score: 6 } });
    const refused = await ctx.app.request('PUT', scoresPath(c), { cookie: c.education.cookie, body: { score: 2 } });
    expect(refused.status).toBe(403);
    const bad = await ctx.app.request('PUT', scoresPath(c), { cookie: c.police.cookie, body: { score: 11 } });
    expect(bad.status).toBe(400);
    await roundTrip(c.chair.client);
    expect(c.chair.client.received.scores).toHaveLength(2);
  });

  it('sends nothing to sockets that may not see the meeting: an outsider, a member not in the room, another meeting, a removed member', async () => {
    const c = await cast();
    const other = await cast();
    // A member of this meeting whose socket never joined its room.
    const notJoined = await connect(c.police2.cookie);
    // The outsider tries to join and is refused; they stay connected.
    const outsiderJoin = await c.outsider.client.emit('meeting:join', { meetingId: c.meeting.id });
    expect(outsiderJoin).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });
    // Health is removed from the meeting while its socket is in the room.
    const removed = await ctx.app.request('DELETE', `/api/meetings/${c.meeting.id}/members/${c.health.user.user.id}`, {
      cookie: c.chair.cookie,
    });
    expect(removed.status).toBeLessThan(300);
    await c.health.client.waitFor((r) => r.access.find((a) => a.role === null), 'the removal');
    const before = c.health.client.received.attendance.length;

    await start(c);
    await ctx.app.request('PUT', scoresPath(c), { cookie: c.police.cookie, body: { score: 3 } });
    await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/apologies`, {
      cookie: c.chair.cookie,
      body: { userId: c.police2.user.user.id, reason: 'At court all day' },
    });
    // Members in the room get both…
    await c.chair.client.waitFor((r) => r.scores[0], 'the score');
    await c.chair.client.waitFor((r) => r.attendance.find((e) => e.activity?.kind === 'apology-recorded'), 'apology');

    // …and the others nothing of this meeting.
    for (const client of [c.outsider.client, notJoined, c.health.client, ...other.members]) {
      await roundTrip(client);
      expect(client.received.scores).toEqual([]);
    }
    for (const client of [c.outsider.client, notJoined, ...other.members]) {
      expect(client.received.attendance.filter((e) => e.meetingId === c.meeting.id)).toEqual([]);
    }
    expect(c.health.client.received.attendance.length).toBe(before);
  });

  it('sends the register when someone joins or leaves the room and when apologies are recorded', async () => {
    const c = await cast();
    // A member who never connects, so stays absent.
    const away = await ctx.app.createUser({ displayName: 'Ali Away', agency: 'education' });
    const added = await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/members`, {
      cookie: c.chair.cookie,
      body: { email: away.email, role: 'participant' },
    });
    expect(added.status).toBe(201);
    await start(c);
    const chair = c.chair.client;
    // A second tab of the health participant joins: the chair hears of it, read after the join committed.
    const second = await connect(c.health.cookie);
    const joinedState = await second.ok('meeting:join', { meetingId: c.meeting.id });
    const joined = await chair.waitFor(
      (r) => r.attendance.find((e) => e.register.attendees.some((a) => a.userId === c.health.user.user.id)),
      'health attending',
    );
    expect(AttendanceChangedEventSchema.parse(joined)).toEqual(joined);
    expect(joined.activity).toBeNull();

    // The join state carries the scores, the register (with the joiner present) and who it is for.
    const state: MeetingEventsState = joinedState;
    expect(state.userId).toBe(c.health.user.user.id);
    expect(state.safetyScores).toMatchObject({ meetingId: c.meeting.id, current: [], history: [] });
    expect(state.attendance.attendees.find((a) => a.userId === c.health.user.user.id)?.present).toBe(true);

    // Every connection of health leaves: the register says they have gone, with a later asOf.
    c.health.client.close();
    second.close();
    const left = await chair.waitFor(
      (r) =>
        r.attendance.find((e) =>
          e.register.attendees.some((a) => a.userId === c.health.user.user.id && a.present === false),
        ),
      'health gone',
    );
    expect(Date.parse(left.register.asOf)).toBeGreaterThanOrEqual(Date.parse(joined.register.asOf));

    // Apologies, recorded over HTTP by the chair: announced by kind, the reason only inside the register.
    await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/apologies`, {
      cookie: c.chair.cookie,
      body: { userId: away.user.id, reason: 'At court all day' },
    });
    const apology = await c.education.client.waitFor(
      (r) => r.attendance.find((e) => e.activity?.kind === 'apology-recorded'),
      'the apology',
    );
    expect(apology.activity).toEqual({ kind: 'apology-recorded', actor: 'Sam Chair', agency: 'childrens-social-care' });
    expect(JSON.stringify(apology.activity)).not.toContain('court');
    expect(apology.register.absent.find((a) => a.userId === away.user.id)?.apology?.reason).toBe('At court all day');
  });
  it('tells every member in the room of each sealed version (conclusion, then an addendum) after it is listed, and nobody else', async () => {
    const c = await cast();
    const other = await cast();
    const notJoined = await connect(c.police2.cookie);
    const meetingId = c.meeting.id;
    const listed = async () => {
      const response = await ctx.app.request('GET', `/api/meetings/${meetingId}/records`, { cookie: c.chair.cookie });
      expect(response.status).toBe(200);
      return (response.body as { versions: { version: number }[] }).versions.map((v) => v.version);
    };
    await start(c);
    const concluded = await ctx.app.request('POST', `/api/meetings/${meetingId}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    // Every member in the room, the observer included (observers may list the versions): version 1, no content.
    for (const client of c.members) {
      const event = await client.waitFor((r) => r.sealed.find((e) => e.version === 1), 'version 1 sealed', 30_000);
      expect(RecordSealedEventSchema.parse(event)).toEqual(event);
      expect(event).toEqual({ meetingId, version: 1 });
    }
    // Sent after the commit: the list already holds what the event announces.
    expect(await listed()).toEqual([1]);

    const added = await ctx.app.request('POST', `/api/meetings/${meetingId}/addenda`, {
      cookie: c.health.cookie,
      body: { sectionKey: 'medical', text: 'The medical on Tuesday found an older healed fracture.' },
    });
    expect(added.status).toBe(201);
    const signed = await ctx.app.request('POST', `/api/meetings/${meetingId}/addenda/${added.body.id}/sign-off`, {
      cookie: c.chair.cookie,
    });
    expect(signed.status).toBe(200);
    const second = await c.education.client.waitFor((r) => r.sealed.find((e) => e.version === 2), 'v2', 30_000);
    expect(second).toEqual({ meetingId, version: 2 });
    expect(await listed()).toEqual([2, 1]);

    // Once per version to each member; nothing to a member not in the room, an outsider or another meeting.
    await roundTrip(c.chair.client);
    expect(c.chair.client.received.sealed.map((e) => e.version)).toEqual([1, 2]);
    for (const client of [c.outsider.client, notJoined, ...other.members]) {
      await roundTrip(client);
      expect(client.received.sealed).toEqual([]);
    }
  });
});
