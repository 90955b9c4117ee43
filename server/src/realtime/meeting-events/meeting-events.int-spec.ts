import { randomUUID } from 'node:crypto';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp } from '../../../test/support/test-app';

const VIEW = { harm: 'yes', recommendedOption: 's47-joint', reasons: 'Disclosure at school' };

/** The `data` of a refused handshake (socket.io's connect_error). */
async function refusal(connecting: Promise<EventsClient>): Promise<unknown> {
  try {
    (await connecting).close();
  } catch (error) {
    return (error as { data?: unknown }).data;
  }
  throw new Error('the handshake was accepted');
}

describeOnOneDatabase('the /meetings socket.io namespace', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const cast = () => buildMeetingCast(ctx.app, clients);

  async function connect(cookie: string): Promise<EventsClient> {
    const client = await EventsClient.connect(ctx.app.url, { cookie });
    clients.push(client);
    return client;
  }

  async function openDecision(c: MeetingCast): Promise<DecisionResponse> {
    return c.chair.client.ok('decision:open', { meetingId: c.meeting.id, childIds: [c.meeting.children[0]!.id] });
  }

  async function viewRows(decisionId: string): Promise<number> {
    const rows: { n: string }[] = await ctx.app.dataSource.query(
      `SELECT count(*) AS n FROM agency_views WHERE decision_id = $1`,
      [decisionId],
    );
    return Number(rows[0]?.n);
  }

  it('refuses a handshake without a cookie, with a bad cookie, or from a foreign or missing Origin', async () => {
    const user = await ctx.app.createUser();
    const cookie = await ctx.app.signIn(user);
    const url = ctx.app.url;
    expect(await refusal(EventsClient.connect(url))).toEqual({ code: 'Unauthenticated', message: expect.any(String) });
    expect(await refusal(EventsClient.connect(url, { cookie: 'rt_session=forged' }))).toMatchObject({
      code: 'Unauthenticated',
    });
    expect(await refusal(EventsClient.connect(url, { cookie, origin: 'https://evil.example' }))).toMatchObject({
      code: 'Forbidden',
    });
    expect(await refusal(EventsClient.connect(url, { cookie, origin: null }))).toMatchObject({ code: 'Forbidden' });
    await expect(EventsClient.connect(url, { cookie, transport: 'polling' })).rejects.toThrow();
    const allowed = await connect(cookie);
    expect(allowed.socket.connected).toBe(true);
  });

  it('sends the full state on join, and refuses non-members exactly as unknown meetings', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const state = await c.education.client.ok('meeting:join', { meetingId: c.meeting.id });
    expect(state).toMatchObject({ meetingId: c.meeting.id, role: 'observer', actions: [] });
    expect(state.decisions.map((d) => [d.id, d.revision])).toEqual([[opened.id, 1]]);

    const hidden = await c.outsider.client.emit('meeting:join', { meetingId: c.meeting.id });
    const unknown = await c.outsider.client.emit('meeting:join', { meetingId: randomUUID() });
    expect(hidden).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });
    expect(unknown).toEqual(hidden);
    expect(await c.outsider.client.emit('meeting:join', { meetingId: 'not-an-id' })).toMatchObject({
      error: { code: 'ValidationFailed', fields: [{ path: 'meetingId' }] },
    });
  });

  it('gives a client that reconnects the current state when it joins again', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const health = c.health.client;
    health.socket.disconnect();
    const changed = await c.police.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
    });
    const reconnected = new Promise((resolve) => health.socket.once('connect', () => resolve(undefined)));
    health.socket.connect();
    await reconnected;
    const state = await health.ok('meeting:join', { meetingId: c.meeting.id });
    expect(state.decisions[0]).toMatchObject({ revision: changed.revision, currentViews: [{ agency: 'police' }] });

    // Rejoined: broadcasts reach it again.
    const next = await c.health.client.ok('view:record', { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW });
    await health.waitForDecision(opened.id, next.revision);
  });

  it('stops broadcasts to a client that leaves the meeting', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    await c.education.client.waitForDecision(opened.id, 1);
    expect(await c.education.client.emit('meeting:leave', { meetingId: c.meeting.id })).toEqual({
      ok: true,
      data: null,
    });
    const changed = await c.police.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
    });
    await c.health.client.waitForDecision(opened.id, changed.revision);
    const rejoined = await c.education.client.ok('meeting:join', { meetingId: c.meeting.id });
    expect(rejoined.decisions[0]!.revision).toBe(changed.revision);
    expect(c.education.client.received.decisions.map((e) => e.decision.revision)).toEqual([1]);
  });

  it('applies a retried change once: the same acknowledgement, one row, one broadcast', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const retried = { requestId: randomUUID(), meetingId: c.meeting.id, decisionId: opened.id, ...VIEW };
    const first = await c.police.client.emit('view:record', retried);
    const repeat = await c.police.client.emit('view:record', retried);
    expect(first.ok).toBe(true);
    expect(repeat).toEqual(first);

    const concurrent = { ...retried, requestId: randomUUID(), recommendedOption: 'police-only' };
    const [a, b] = await Promise.all([
      c.police.client.emit('view:record', concurrent),
      c.police.client.emit('view:record', concurrent),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    expect(await viewRows(opened.id)).toBe(2);

    // A later change reaching the observer fences the retries: one broadcast each.
    const fence = await c.health.client.ok('view:record', { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW });
    await c.education.client.waitForDecision(opened.id, fence.revision);
    const broadcasts = c.education.client.received.decisions.filter((e) => e.decision.id === opened.id);
    expect(broadcasts.map((e) => e.activity.kind)).toEqual([
      'decision-opened',
      'view-recorded',
      'view-changed',
      'view-recorded',
    ]);
    expect(fence.revision).toBe(4);
  });

  it('refuses a requestId reused by someone else or for another change', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const used = { requestId: randomUUID(), meetingId: c.meeting.id, decisionId: opened.id, ...VIEW };
    await c.police.client.ok('view:record', used);
    expect(await c.health.client.emit('view:record', used)).toMatchObject({ error: { code: 'RequestIdReused' } });
    expect(
      await c.police.client.emit('dissent:record', {
        requestId: used.requestId,
        meetingId: c.meeting.id,
        decisionId: opened.id,
        part: 'options',
        reasons: 'x',
      }),
    ).toMatchObject({ error: { code: 'RequestIdReused' } });
    expect(await viewRows(opened.id)).toBe(1);
  });

  it('takes a removed member out of the room at once, and tells a member whose role changed', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const removed = await ctx.app.request('DELETE', `/api/meetings/${c.meeting.id}/members/${c.health.user.user.id}`, {
      cookie: c.chair.cookie,
    });
    expect(removed.status).toBe(200);
    await c.health.client.waitFor((r) => r.access.find((a) => a.role === null), 'removal');
    expect(c.health.client.received.access).toEqual([{ meetingId: c.meeting.id, role: null }]);

    const demoted = await ctx.app.request('PATCH', `/api/meetings/${c.meeting.id}/members/${c.police.user.user.id}`, {
      cookie: c.chair.cookie,
      body: { role: 'observer' },
    });
    expect(demoted.status).toBe(200);
    await c.police.client.waitFor((r) => r.access.find((a) => a.role === 'observer'), 'role change');
    expect(
      await c.police.client.emit('view:record', { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW }),
    ).toMatchObject({ error: { code: 'Forbidden' } });

    const fence = await c.police2.client.ok('view:record', { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW });
    await c.education.client.waitForDecision(opened.id, fence.revision);
    await c.police.client.waitForDecision(opened.id, fence.revision); // still a member, still in the room
    expect(c.health.client.received.decisions.map((e) => e.activity.kind)).toEqual(['decision-opened']);
    expect(
      await c.health.client.emit('view:record', { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW }),
    ).toMatchObject({ error: { code: 'MeetingNotFound' } });
    expect(await c.health.client.emit('meeting:join', { meetingId: c.meeting.id })).toMatchObject({
      error: { code: 'MeetingNotFound' },
    });
  });

  it('disconnects the socket when its session ends, and refuses it after', async () => {
    const c = await cast();
    const signedOut = await ctx.app.request('POST', '/api/auth/logout', { cookie: c.police.cookie });
    expect(signedOut.status).toBe(204);
    await c.police.client.waitFor((r) => r.disconnects.includes('io server disconnect'), 'disconnect');
    expect(await refusal(EventsClient.connect(ctx.app.url, { cookie: c.police.cookie }))).toMatchObject({
      code: 'Unauthenticated',
    });

    // Revoked by another process (the admin CLI): the next event finds out, and the socket is closed.
    await ctx.app.dataSource.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = 'disabled' WHERE user_id = $1`,
      [c.outsider.user.user.id],
    );
    expect(await c.outsider.client.emit('meeting:join', { meetingId: c.meeting.id })).toMatchObject({
      error: { code: 'Unauthenticated' },
    });
    await c.outsider.client.waitFor((r) => r.disconnects.length > 0, 'disconnect');
  });

  it('names every invalid field of a payload, changes nothing, and survives an event without an acknowledgement', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const base = { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW };
    const cases: [unknown, string[]][] = [
      [{ ...base, requestId: undefined, harm: undefined }, ['harm', 'requestId']],
      [{ ...base, agency: 'health', weight: 3 }, ['agency', 'weight']],
      [{ ...base, harm: true, decisionId: 42, conditions: ['a'] }, ['conditions', 'decisionId', 'harm']],
      [{ ...base, reasons: 'x'.repeat(100_000), keyInformation: 'y'.repeat(5_000) }, ['keyInformation', 'reasons']],
      ['not an object', ['(payload)']],
    ];
    for (const [payload, fields] of cases) {
      const response = await c.police.client.emit('view:record', payload);
      expect(response).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
      if (!response.ok) expect(response.error.fields?.map((f) => f.path).sort()).toEqual(fields);
    }
    expect(await viewRows(opened.id)).toBe(0);

    // No callback: nothing to acknowledge, and nothing breaks.
    c.police.client.send('view:record', { ...base, requestId: randomUUID() });
    c.police.client.send('view:record', { nonsense: true });
    await c.police.client.ok('view:record', { ...base, recommendedOption: 'police-only' });
    // Events of one socket are handled concurrently: the unacknowledged view may commit first or second.
    await c.police.client.waitFor(
      (r) => r.decisions.find((e) => e.decision.id === opened.id && e.decision.viewHistory.length === 2),
      'both views',
    );
    expect(await viewRows(opened.id)).toBe(2);
    expect(c.police.client.socket.connected).toBe(true);
  });

  it('closes a connection that sends an oversized message and serves everyone else', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    c.police.client.send('view:record', { reasons: 'x'.repeat(1024 * 1024) });
    await c.police.client.waitFor((r) => r.disconnects.length > 0, 'disconnect');
    const recorded = await c.health.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
    });
    expect(recorded.currentViews).toHaveLength(1);
  });

  it('shuts down without hanging while clients are connected', async () => {
    const app = await TestApp.start(ctx.database);
    try {
      const user = await app.createUser();
      const client = await EventsClient.connect(app.url, { cookie: await app.signIn(user) });
      clients.push(client);
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(5_000);
      await client.waitFor((r) => r.disconnects.length > 0, 'disconnect');
    } finally {
      await app.close();
    }
  });
});
