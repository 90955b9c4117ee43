import { randomUUID } from 'node:crypto';
import type { CompartmentChangedEvent, SharingDecisionRecordedEvent } from '@roundtable/shared/meeting-events';
import { CLOSE_CODES, COMPARTMENT_FRAGMENT, compartmentDocumentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type CastMember, type MeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { RawCollab } from '../../../test/security/raw-collab';

const CANARY = `CANARY-${randomUUID()}`;
const POLICE_ONLY = { kind: 'police-only', agencies: [], userIds: [] };
const LIFT = { audience: null, lawfulBasis: 'safeguarding-children' };

/** Every byte a reader receives on one channel, as text to search. */
class Capture {
  private readonly chunks: string[] = [];
  add(data: unknown): void {
    if (typeof data === 'string') this.chunks.push(data);
    else if (data instanceof ArrayBuffer) this.chunks.push(Buffer.from(data).toString('latin1'));
    else if (ArrayBuffer.isView(data))
      this.chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'));
    else this.chunks.push(JSON.stringify(data));
  }
  get text(): string {
    return this.chunks.join('\n');
  }
}

/** A provider on a compartment's document, as a browser's would connect. */
function compartmentProvider(app: { url: string }, cookie: string, meetingId: string, compartmentId: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    `${app.url.replace(/^http/, 'ws')}/collab`,
    compartmentDocumentName(meetingId, compartmentId),
    doc,
    { WebSocketPolyfill: cookieWebSocket(cookie, app.url) as never, disableBc: true, connect: true },
  );
  const synced = new Promise<void>((resolve) => provider.on('sync', (s: boolean) => s && resolve()));
  const destroy = () => {
    provider.destroy();
    doc.destroy(); // stops the awareness interval
  };
  return { doc, provider, synced, destroy, text: () => doc.getXmlFragment(COMPARTMENT_FRAGMENT).toString() };
}

/** The HTTP status of an upgrade to a compartment's document (101 when it opens). */
function upgradeStatus(app: { url: string }, cookie: string, meetingId: string, compartmentId: string) {
  const url = `${app.url.replace(/^http/, 'ws')}/collab/${compartmentDocumentName(meetingId, compartmentId)}`;
  const ws = new WebSocket(url, { headers: { cookie, origin: app.url } });
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('error', reject);
  });
}

describeOnOneDatabase('restricted compartments and information-sharing decisions', (ctx) => {
  const clients: EventsClient[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  const audit = (meetingId: string, types: string[]) =>
    ctx.app.dataSource.query(
      `SELECT type, outcome, subject_id, details FROM audit_events WHERE meeting_id = $1 AND type = ANY($2) ORDER BY seq`,
      [meetingId, types],
    ) as Promise<{ type: string; outcome: string; subject_id: string; details: Record<string, any> }[]>;

  /** A second education member, a participant (the cast's education member is an observer). */
  async function educationParticipant(c: MeetingCast): Promise<CastMember> {
    const user = await ctx.app.createUser({ displayName: 'Eve Educator', agency: 'education' });
    const added = await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/members`, {
      cookie: c.chair.cookie,
      body: { email: user.email, role: 'participant' },
    });
    expect(added.status).toBe(201);
    const cookie = await ctx.app.signIn(user);
    const client = await EventsClient.connect(ctx.app.url, { cookie });
    clients.push(client);
    return { user, cookie, client };
  }

  /** Captures every socket.io packet, every record frame and a few HTTP bodies a reader receives. */
  async function captureEverything(c: MeetingCast, reader: CastMember) {
    const capture = new Capture();
    reader.client.socket.io.engine.on('packet', (packet: { data?: unknown }) => capture.add(packet.data ?? ''));
    const record = await RawCollab.open(ctx.app.url, reader.cookie, c.meeting.id, 'record');
    if (typeof record === 'string') throw new Error(record);
    cleanups.push(() => record.close());
    record.ws.on('message', (data: Buffer) => capture.add(new Uint8Array(data)));
    return {
      capture,
      async http() {
        for (const path of [`/api/meetings/${c.meeting.id}`, '/api/meetings']) {
          const res = await ctx.app.request('GET', path, { cookie: reader.cookie });
          capture.add(JSON.stringify(res.body));
        }
      },
    };
  }

  it('keeps a police-only canary from everyone outside the audience on every channel, until the chair lifts it', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const educator = await educationParticipant(c);
    await educator.client.ok('meeting:join', { meetingId });
    const readers = {
      educator: await captureEverything(c, educator),
      observer: await captureEverything(c, c.education),
    };
    const heard = (client: EventsClient) => {
      const seen: CompartmentChangedEvent[] = [];
      client.socket.on('compartment:changed', (e) => seen.push(e));
      return seen;
    };
    const educatorHeard = heard(educator.client);
    const police2Heard = heard(c.police2.client);

    // Police restricts information beside a section and writes the canary into it.
    const created = await c.police.client.ok('compartment:create', {
      meetingId,
      sectionKey: 'agency-information',
      audience: POLICE_ONLY,
    });
    expect(created).toMatchObject({ access: 'open', ownerAgency: 'police', audience: POLICE_ONLY, revision: 1 });
    const writer = compartmentProvider(ctx.app, c.police.cookie, meetingId, created.id);
    cleanups.push(writer.destroy);
    await writer.synced;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`Intelligence: ${CANARY}`)]);
    writer.doc.getXmlFragment(COMPARTMENT_FRAGMENT).insert(0, [paragraph]);

    // The audience reads it: the police colleague and the chair.
    const audienceReaders = [c.police2, c.chair].map((member) => {
      const reader = compartmentProvider(ctx.app, member.cookie, meetingId, created.id);
      cleanups.push(reader.destroy);
      return reader;
    });
    for (const reader of audienceReaders) await eventually(() => expect(reader.text()).toContain(CANARY));
    await eventually(() => expect(police2Heard.map((e) => e.compartment.access)).toEqual(['open']));
    // Made an observer, the colleague is out of the audience: their connection to it closes at once.
    const closes: number[] = [];
    audienceReaders[0]!.provider.on('connection-close', (event) => event && closes.push(event.code));
    const demoted = await ctx.app.request('PATCH', `/api/meetings/${meetingId}/members/${c.police2.user.user.id}`, {
      cookie: c.chair.cookie,
      body: { role: 'observer' },
    });
    expect(demoted.status).toBe(200);
    await eventually(() => expect(closes).toContain(CLOSE_CODES.accessRevoked));
    expect(await upgradeStatus(ctx.app, c.police2.cookie, meetingId, created.id)).toBe(404);

    // Everyone else: the same 404 as an unknown compartment, a withheld notice, and no byte of it.
    for (const member of [educator, c.education, c.outsider]) {
      expect(await upgradeStatus(ctx.app, member.cookie, meetingId, created.id)).toBe(404);
    }
    expect(await upgradeStatus(ctx.app, c.police.cookie, meetingId, randomUUID())).toBe(404);
    await eventually(() => expect(educatorHeard).toHaveLength(1));
    expect(educatorHeard[0]).toEqual({
      compartment: {
        access: 'withheld',
        id: created.id,
        meetingId,
        sectionKey: 'agency-information',
        documentKind: 'record',
        notice: 'Information withheld: police restricted',
        revision: 1,
      },
      activity: { kind: 'compartment-created', actor: 'A member of the meeting', agency: 'police' },
    });
    const educatorState = await educator.client.ok('meeting:join', { meetingId });
    expect(educatorState.compartments).toEqual([educatorHeard[0]!.compartment]);
    const policeState = await c.police.client.ok('meeting:join', { meetingId });
    expect(policeState.compartments).toEqual([expect.objectContaining({ access: 'open', id: created.id })]);
    await c.education.client.ok('meeting:join', { meetingId });
    for (const reader of Object.values(readers)) {
      await reader.http();
      expect(reader.capture.text).toContain(created.id); // the capture did see the compartment's events
      expect(reader.capture.text).not.toContain(CANARY);
      expect(reader.capture.text).not.toContain('Intelligence');
    }

    // Education may not share it: refused, and the refusal is in the trail.
    const refused = await educator.client.emit('compartment:share', {
      meetingId,
      compartmentId: created.id,
      ...LIFT,
      reason: 'We need to know.',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    // Narrowing is refused, even for the owner.
    const narrowed = await c.police.client.emit('compartment:share', {
      meetingId,
      compartmentId: created.id,
      audience: { kind: 'named-agencies', agencies: ['health'], userIds: [] },
      lawfulBasis: 'law-enforcement',
      reason: 'Only health.',
    });
    expect(narrowed).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'audience' }] } });
    // The chair lifts it only with a reason (the schema), then it is shared and audited.
    const noReason = await c.chair.client.emit('compartment:share', { meetingId, compartmentId: created.id, ...LIFT });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'reason' }] } });
    expect((await educator.client.ok('meeting:join', { meetingId })).compartments.map((x) => x.revision)).toEqual([1]);

    const sharedHeard: SharingDecisionRecordedEvent[] = [];
    c.police.client.socket.on('sharing-decision:recorded', (e) => sharedHeard.push(e));
    const lifted = await c.chair.client.ok('compartment:share', {
      meetingId,
      compartmentId: created.id,
      ...LIFT,
      reason: 'The school must know to keep the child safe at pick-up.',
    });
    expect(lifted).toMatchObject({ access: 'open', audience: null, revision: 2 });
    await eventually(() => expect(educatorHeard.at(-1)?.compartment).toMatchObject({ access: 'open', audience: null }));
    const reader = compartmentProvider(ctx.app, educator.cookie, meetingId, created.id);
    cleanups.push(reader.destroy);
    await eventually(() => expect(reader.text()).toContain(CANARY));
    await eventually(() =>
      expect(sharedHeard.map((e) => e.decision)).toEqual([
        expect.objectContaining({
          outcome: 'shared',
          what: 'Restricted information beside Information shared by each agency',
          withWhom: 'Every member of the meeting',
          compartmentId: created.id,
          decidedBy: expect.objectContaining({ displayName: 'Sam Chair' }),
        }),
      ]),
    );

    const trail = await audit(meetingId, ['compartment.created', 'compartment.shared', 'compartment.share-refused']);
    expect(trail).toEqual([
      expect.objectContaining({
        type: 'compartment.created',
        subject_id: created.id,
        details: expect.objectContaining({ sectionKey: 'agency-information', audience: POLICE_ONLY }),
      }),
      expect.objectContaining({
        type: 'compartment.share-refused',
        outcome: 'refused',
        details: expect.objectContaining({ compartmentId: created.id, ownerAgency: 'police', role: 'participant' }),
      }),
      expect.objectContaining({
        type: 'compartment.shared',
        details: expect.objectContaining({ from: POLICE_ONLY, to: null, lawfulBasis: 'safeguarding-children' }),
      }),
    ]);
    // The trail never holds the text.
    const all = await ctx.app.dataSource.query(`SELECT details::text AS d FROM audit_events WHERE meeting_id = $1`, [
      meetingId,
    ]);
    expect(JSON.stringify(all)).not.toContain(CANARY);
  });

  it('refuses bad input with a clear error and changes nothing; sharing decisions reach only their readers', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const count = async () =>
      (
        await ctx.app.dataSource.query(`SELECT count(*)::int AS n FROM compartments WHERE meeting_id = $1`, [meetingId])
      )[0].n as number;
    const refusals: [CastMember, unknown, string, string?][] = [
      [c.police, { meetingId, sectionKey: 'no-such-section', audience: POLICE_ONLY }, 'ValidationFailed', 'sectionKey'],
      // Police cannot restrict what they could not read themselves.
      [
        c.police,
        { meetingId, sectionKey: 'medical', audience: { kind: 'health-only' } },
        'ValidationFailed',
        'audience',
      ],
      [c.police, { meetingId, sectionKey: 'medical', audience: { kind: 'everyone' } }, 'ValidationFailed'],
      [
        c.police,
        { meetingId, sectionKey: 'medical', audience: { kind: 'named-agencies', agencies: [] } },
        'ValidationFailed',
      ],
      [c.police, { meetingId, sectionKey: 'medical', audience: POLICE_ONLY, text: CANARY }, 'ValidationFailed'],
      // Only the chair lets an observer in; someone outside the meeting cannot be named at all.
      [
        c.police,
        { meetingId, sectionKey: 'medical', audience: { ...POLICE_ONLY, userIds: [c.education.user.user.id] } },
        'ValidationFailed',
        'audience.userIds',
      ],
      [
        c.police,
        { meetingId, sectionKey: 'medical', audience: { ...POLICE_ONLY, userIds: [c.outsider.user.user.id] } },
        'ValidationFailed',
        'audience.userIds',
      ],
      [
        c.education,
        { meetingId, sectionKey: 'medical', audience: { kind: 'named-agencies', agencies: ['education'] } },
        'Forbidden',
      ],
      [c.outsider, { meetingId, sectionKey: 'medical', audience: { kind: 'health-only' } }, 'MeetingNotFound'],
    ];
    for (const [member, payload, code, path] of refusals) {
      const res = await member.client.emit('compartment:create', payload);
      expect(res).toMatchObject({ ok: false, error: { code } });
      if (path && !res.ok) expect(res.error.fields?.map((f) => f.path)).toContain(path);
    }
    expect(await count()).toBe(0);
    expect(
      await c.police.client.emit('compartment:share', {
        meetingId,
        compartmentId: randomUUID(),
        ...LIFT,
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NotFound' } });

    // A decision not to share, recorded by health: the chair and health are told, nobody else.
    const heard = new Map<CastMember, SharingDecisionRecordedEvent[]>();
    for (const member of [c.chair, c.police, c.health, c.education]) {
      const seen: SharingDecisionRecordedEvent[] = [];
      member.client.socket.on('sharing-decision:recorded', (e) => seen.push(e));
      heard.set(member, seen);
    }
    const decided = await c.health.client.ok('sharing-decision:record', {
      meetingId,
      outcome: 'refused',
      what: 'The mother’s mental-health history',
      withWhom: 'The school',
      lawfulBasis: 'safeguarding-children',
      reason: 'Not necessary for the school’s safeguarding role.',
    });
    expect(decided).toMatchObject({
      outcome: 'refused',
      compartmentId: null,
      decidedBy: { displayName: 'Hana Health' },
    });
    await eventually(() => expect(heard.get(c.chair)).toHaveLength(1));
    await eventually(() => expect(heard.get(c.health)).toHaveLength(1));
    expect(heard.get(c.police)).toEqual([]);
    expect(heard.get(c.education)).toEqual([]);
    expect((await c.police.client.ok('meeting:join', { meetingId })).sharingDecisions).toEqual([]);
    expect((await c.chair.client.ok('meeting:join', { meetingId })).sharingDecisions).toEqual([decided]);
    expect(
      await c.education.client.emit('sharing-decision:record', {
        meetingId,
        outcome: 'shared',
        what: 'x',
        withWhom: 'y',
        lawfulBasis: 'public-task',
        reason: 'z',
      }),
    ).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect(await audit(meetingId, ['sharing.decided'])).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ outcome: 'refused', lawfulBasis: 'safeguarding-children' }),
      }),
    ]);
    const [entry] = await audit(meetingId, ['sharing.decided']);
    expect(JSON.stringify(entry)).not.toContain('mental-health');
  });
});
