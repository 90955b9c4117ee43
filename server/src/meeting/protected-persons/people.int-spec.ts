import type { ProtectedPersonChangedEvent } from '@roundtable/shared/meeting-events';
import type { MeetingDetail, MeetingListResponse } from '@roundtable/shared/schemas';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type CastMember } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { RawCollab } from '../../../test/security/raw-collab';
import { CollabTestClient } from '../../../test/support/collab-client';
import { InviteeAccessSweeper } from '../meetings/invitee-access.sweeper';

/** Every socket.io packet a client receives from now on, as the text on the wire. */
function capture(client: EventsClient): string[] {
  const raw: string[] = [];
  const engine = client.socket.io.engine as unknown as {
    on(event: 'packet', fn: (p: { data?: unknown }) => void): void;
  };
  engine.on('packet', (packet) =>
    raw.push(typeof packet.data === 'string' ? packet.data : JSON.stringify(packet.data)),
  );
  return raw;
}

/** Every `protected-person:changed` a client receives from now on. */
function heard(client: EventsClient): ProtectedPersonChangedEvent[] {
  const seen: ProtectedPersonChangedEvent[] = [];
  client.socket.on('protected-person:changed', (event) => seen.push(event));
  return seen;
}

describeOnOneDatabase('people: protected persons, organisations and invitees', (ctx) => {
  const clients: EventsClient[] = [];
  const collabs: RawCollab[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    for (const collab of collabs.splice(0)) collab.close();
  });

  const rows = (sql: string, params: unknown[]) => ctx.app.dataSource.query(sql, params) as Promise<any[]>;

  it('delivers a protected person’s name only to its audience, on every channel, and refuses bad input', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const CANARY = `Canary Referrer ${Date.now()}`;
    const everyone = { chair: c.chair, police: c.police, police2: c.police2, health: c.health, education: c.education };
    const wire = Object.fromEntries(Object.entries(everyone).map(([k, m]) => [k, capture(m.client)]));
    const events = Object.fromEntries(Object.entries(everyone).map(([k, m]) => [k, heard(m.client)]));

    const added = await c.police.client.ok('protected-person:add', {
      meetingId,
      role: 'referrer',
      label: 'the referrer',
      name: CANARY,
      audience: { kind: 'police-only' },
    });
    expect(added).toMatchObject({
      role: 'referrer',
      label: 'the referrer',
      name: CANARY,
      ownerAgency: 'police',
      audience: { kind: 'police-only', agencies: [], userIds: [] },
      addedBy: { displayName: 'Priya Police', agency: 'police', organisation: null },
    });

    // Live: the audience (police and the chair) hears the name; health and the education observer do not.
    await eventually(() => {
      for (const seen of Object.values(events)) expect(seen).toHaveLength(1);
    });
    for (const who of ['chair', 'police', 'police2'] as const) expect(events[who]![0]!.person.name).toBe(CANARY);
    for (const who of ['health', 'education'] as const) {
      expect(events[who]![0]!.person).toMatchObject({ id: added.id, label: 'the referrer', name: null });
    }

    // On join: each reader's own copy.
    const joined = async (m: CastMember) => {
      const client = await EventsClient.connect(ctx.app.url, { cookie: m.cookie });
      clients.push(client);
      const raw = capture(client);
      const state = await client.ok('meeting:join', { meetingId });
      return { state, raw };
    };
    const policeJoin = await joined(c.police2);
    expect(policeJoin.state.protectedPersons).toEqual([expect.objectContaining({ id: added.id, name: CANARY })]);
    const healthJoin = await joined(c.health);
    const educationJoin = await joined(c.education);
    for (const { state } of [healthJoin, educationJoin]) {
      expect(state.protectedPersons).toEqual([expect.objectContaining({ id: added.id, name: null, role: 'referrer' })]);
    }

    // Outside the audience: not one byte of the name, on any socket.io packet or HTTP body.
    const http = async (m: CastMember) =>
      Promise.all(
        ['/api/meetings', `/api/meetings/${meetingId}`, `/api/meetings/${meetingId}/attendance`, '/api/dashboard'].map(
          async (path) => JSON.stringify((await ctx.app.request('GET', path, { cookie: m.cookie })).body),
        ),
      );
    for (const who of ['health', 'education'] as const) {
      const received = [...wire[who]!, ...(await http(everyone[who]))].join('\n');
      expect(received).toContain('the referrer');
      expect(received).not.toContain(CANARY);
    }
    for (const raw of [healthJoin.raw, educationJoin.raw]) expect(raw.join('\n')).not.toContain(CANARY);
    // …and all of it for the audience.
    expect(wire.police2!.join('\n')).toContain(CANARY);
    expect(policeJoin.raw.join('\n')).toContain(CANARY);

    // The trail says who and what kind of person, never who they are.
    const [entry] = await rows(
      `SELECT details, subject_type, subject_id FROM audit_events WHERE meeting_id = $1 AND type = 'protected-person.added'`,
      [meetingId],
    );
    expect(entry).toMatchObject({ subject_type: 'protected-person', subject_id: added.id });
    expect(entry.details).toMatchObject({ role: 'referrer', audience: 'Police only' });
    expect(JSON.stringify(entry)).not.toContain(CANARY);
    expect(JSON.stringify(entry)).not.toContain('the referrer');

    // Bad input: a clear error, nothing stored.
    const before = (
      await rows(`SELECT count(*)::int AS n FROM protected_persons WHERE meeting_id = $1`, [meetingId])
    )[0].n;
    const base = { meetingId, role: 'neighbour', label: 'a neighbour', name: 'Nina Neighbour' };
    expect(
      await c.police.client.emit('protected-person:add', { ...base, name: ' ', audience: { kind: 'police-only' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ValidationFailed', fields: [{ path: 'name', message: 'Enter their name' }] },
    });
    expect(
      await c.police.client.emit('protected-person:add', {
        ...base,
        role: 'landlord',
        audience: { kind: 'police-only' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'role' }] } });
    expect(await c.health.client.emit('protected-person:add', { ...base, audience: { kind: 'police-only' } })).toEqual({
      ok: false,
      error: {
        code: 'ValidationFailed',
        message: expect.any(String),
        fields: [{ path: 'audience', message: expect.stringContaining('includes you') }],
      },
    });
    expect(
      await c.education.client.emit('protected-person:add', { ...base, audience: { kind: 'health-only' } }),
    ).toEqual({
      ok: false,
      error: { code: 'Forbidden', message: 'Observers read only: they cannot name a person to protect' },
    });
    expect(
      (await rows(`SELECT count(*)::int AS n FROM protected_persons WHERE meeting_id = $1`, [meetingId]))[0].n,
    ).toBe(before);

    // Widening: health (not the owner) is refused and audited; narrowing is refused; police widens to health.
    const share = {
      meetingId,
      protectedPersonId: added.id,
      lawfulBasis: 'safeguarding-children',
      reason: 'Health need to contact the referrer.',
    };
    const widened = { kind: 'named-agencies', agencies: ['police', 'health'] };
    expect(await c.health.client.emit('protected-person:share', { ...share, audience: widened })).toMatchObject({
      ok: false,
      error: { code: 'Forbidden' },
    });
    expect(
      await c.police2.client.emit('protected-person:share', { ...share, audience: { kind: 'health-only' } }),
    ).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'audience' }] } });
    await c.police2.client.ok('protected-person:share', { ...share, audience: widened });
    await eventually(() => expect(events.health!.at(-1)!.person).toMatchObject({ name: CANARY, revision: 2 }));
    // Each member's copy travels on their own socket: wait for education's too.
    await eventually(() => expect(events.education!.at(-1)!.person).toMatchObject({ name: null, revision: 2 }));
    expect(wire.education!.join('\n')).not.toContain(CANARY);
    const trail = await rows(
      `SELECT type, details FROM audit_events WHERE meeting_id = $1 AND type IN ('protected-person.shared', 'access.refused') ORDER BY seq`,
      [meetingId],
    );
    expect(trail.map((t) => [t.type, t.details.event])).toEqual(
      expect.arrayContaining([
        ['access.refused', 'protected-person:share'],
        ['protected-person.shared', 'protected-person:share'],
      ]),
    );
    expect(JSON.stringify(trail)).not.toContain(CANARY);
    // The widening is an information-sharing decision with its basis and reason, never the name.
    const decisions = await rows(
      `SELECT outcome, what, with_whom, lawful_basis, reason, decided_by FROM sharing_decisions WHERE meeting_id = $1`,
      [meetingId],
    );
    expect(decisions).toEqual([
      {
        outcome: 'shared',
        what: expect.stringContaining('the referrer'),
        with_whom: 'Police and health',
        lawful_basis: 'safeguarding-children',
        reason: 'Health need to contact the referrer.',
        decided_by: c.police2.user.user.id,
      },
    ]);
    expect(JSON.stringify(decisions)).not.toContain(CANARY);
  });

  it('shows the organisation administrators set wherever the person is shown', async () => {
    const admin = await ctx.app.createUser({
      displayName: 'Ada Admin',
      agency: 'other',
      isAdmin: true,
      canChair: false,
    });
    const adminCookie = await ctx.app.signIn(admin);
    const c = await buildMeetingCast(ctx.app, clients);
    const set = (organisation: unknown) =>
      ctx.app.request('POST', `/api/admin/users/${c.police.user.user.id}/organisation`, {
        cookie: adminCookie,
        body: { organisation },
      });
    expect((await set('x'.repeat(121))).body).toMatchObject({
      code: 'ValidationFailed',
      fields: [{ path: 'organisation', message: 'Organisation must be 120 characters or fewer' }],
    });
    expect((await set('Testshire Police')).body).toMatchObject({ organisation: 'Testshire Police' });

    const detail = (await ctx.app.request('GET', `/api/meetings/${c.meeting.id}`, { cookie: c.chair.cookie }))
      .body as MeetingDetail;
    expect(detail.members.find((m) => m.userId === c.police.user.user.id)).toMatchObject({
      organisation: 'Testshire Police',
      invitee: false,
      accessEndsAt: null,
    });
    const register = (
      await ctx.app.request('GET', `/api/meetings/${c.meeting.id}/attendance`, { cookie: c.chair.cookie })
    ).body as { absent: { userId: string; organisation: string | null }[] };
    expect(register.absent.find((a) => a.userId === c.police.user.user.id)?.organisation).toBe('Testshire Police');
    // Protected persons are attributed with it (sessions are read afresh: a new sign-in is not needed).
    const added = await c.police.client.ok('protected-person:add', {
      meetingId: c.meeting.id,
      role: 'staff',
      label: 'a member of staff',
      name: 'Sol Staff',
      audience: { kind: 'police-only' },
    });
    expect(added.addedBy.organisation).toBe('Testshire Police');
    // Presence in the record: the server binds it into the awareness state from the account.
    const watcher = await CollabTestClient.connected(ctx.app.url, c.chair.cookie, c.meeting.id);
    const officer = await CollabTestClient.connected(ctx.app.url, c.police.cookie, c.meeting.id);
    try {
      officer.provider.awareness.setLocalStateField('cursor', null);
      await eventually(() => {
        const users = [...watcher.provider.awareness.getStates().values()].map((state) => state.user);
        expect(users).toContainEqual(
          expect.objectContaining({ id: c.police.user.user.id, organisation: 'Testshire Police' }),
        );
      });
    } finally {
      watcher.provider.destroy();
      officer.provider.destroy();
    }
    const [audit] = await rows(
      `SELECT details FROM audit_events WHERE type = 'user.organisation-changed' AND subject_id = $1`,
      [c.police.user.user.id],
    );
    expect(audit.details).toMatchObject({ via: 'api', from: null, to: 'Testshire Police' });
  });

  it('ends an invitee’s access the configured time after the conclusion, on every channel', async () => {
    const chair = await ctx.app.createUser({ displayName: 'Sam Chair' });
    const gp = await ctx.app.createUser({ displayName: 'Dr Gill GP', agency: 'health' });
    const { meeting, chairCookie } = await ctx.app.createMeeting(chair);
    const invited = await ctx.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chairCookie,
      body: { email: gp.email, role: 'participant', invitee: true },
    });
    expect(invited.status).toBe(201);
    expect((invited.body as MeetingDetail).members.find((m) => m.userId === gp.user.id)).toMatchObject({
      invitee: true,
      accessEndsAt: null,
    });
    const gpCookie = await ctx.app.signIn(gp);
    const get = (path: string, cookie = gpCookie) => ctx.app.request('GET', path, { cookie });
    const listed = async () => ((await get('/api/meetings')).body as MeetingListResponse).meetings.map((m) => m.id);

    await ctx.app.request('POST', `/api/meetings/${meeting.id}/start`, { cookie: chairCookie });
    const socket = await EventsClient.connect(ctx.app.url, { cookie: gpCookie });
    clients.push(socket);
    await socket.ok('meeting:join', { meetingId: meeting.id });
    const concluded = await ctx.app.request('POST', `/api/meetings/${meeting.id}/conclude`, {
      cookie: chairCookie,
      body: { notReached: [] },
    });
    expect(concluded.status).toBe(200);
    const concludedAt = Date.parse((concluded.body as MeetingDetail).concludedAt!);
    const member = (concluded.body as MeetingDetail).members.find((m) => m.userId === gp.user.id)!;
    expect(Date.parse(member.accessEndsAt!) - concludedAt).toBe(72 * 3_600_000);

    // Within the time: still a member everywhere.
    expect(await listed()).toContain(meeting.id);
    expect((await get(`/api/meetings/${meeting.id}`)).status).toBe(200);
    const collab = await RawCollab.open(ctx.app.url, gpCookie, meeting.id, 'record');
    if (typeof collab === 'string') throw new Error(collab);
    collabs.push(collab);

    // 73 hours later: a non-member on every channel, exactly as for a meeting that does not exist.
    await ctx.app.dataSource.query(
      `UPDATE meeting_members SET access_ends_at = access_ends_at - interval '73 hours' WHERE meeting_id = $1 AND user_id = $2`,
      [meeting.id, gp.user.id],
    );
    expect(await listed()).not.toContain(meeting.id);
    for (const path of [
      `/api/meetings/${meeting.id}`,
      `/api/meetings/${meeting.id}/records`,
      `/api/meetings/${meeting.id}/attendance`,
    ]) {
      expect((await get(path)).body).toMatchObject({ code: 'MeetingNotFound' });
    }
    const again = await EventsClient.connect(ctx.app.url, { cookie: gpCookie });
    clients.push(again);
    expect(await again.emit('meeting:join', { meetingId: meeting.id })).toMatchObject({
      ok: false,
      error: { code: 'MeetingNotFound' },
    });
    expect(await RawCollab.open(ctx.app.url, gpCookie, meeting.id, 'record')).toBe('upgrade 404');
    // The chair, a member without an end, is not affected.
    expect((await get(`/api/meetings/${meeting.id}`, chairCookie)).status).toBe(200);

    // Connections already open close at the next sweep.
    expect(await ctx.app.get(InviteeAccessSweeper).sweep()).toBeGreaterThanOrEqual(1);
    await socket.waitFor((r) => r.access.find((a) => a.meetingId === meeting.id && a.role === null), 'access ended');
    await collab.until(() => collab.closeCode !== null);
  });
});
