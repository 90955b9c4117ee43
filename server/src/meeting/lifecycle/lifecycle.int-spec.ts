import { documentName } from '@roundtable/shared/realtime';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CONCLUDED_MESSAGE } from '../../realtime/collab/collab-connection';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { DocumentStore } from '../../realtime/collab/document-store.service';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { MeetingLifecycleEvents } from './meeting-lifecycle.events';
import { eventually } from '../../../test/support/eventually';

const FIELD = 'reason';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  denied: string[];
  type(text: string): void;
}

describeOnOneDatabase('meeting lifecycle', (ctx) => {
  const clients: EventsClient[] = [];
  const editors: Editor[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    for (const editor of editors.splice(0)) {
      editor.provider.destroy();
      editor.doc.destroy(); // stops the awareness interval
    }
  });

  const cast = () => buildMeetingCast(ctx.app, clients);
  const post = (c: MeetingCast, who: keyof Omit<MeetingCast, 'meeting' | 'members'>, path: string, body?: unknown) =>
    ctx.app.request('POST', `/api/meetings/${c.meeting.id}${path}`, { cookie: c[who].cookie, body: body ?? {} });
  const start = (c: MeetingCast) => post(c, 'chair', '/start');
  const auditTypes = async (meetingId: string): Promise<{ type: string; details: Record<string, unknown> }[]> =>
    ctx.app.dataSource.query(`SELECT type, details FROM audit_events WHERE meeting_id = $1 ORDER BY seq`, [meetingId]);

  /** A y-websocket provider for the record, as the browser's, synced. */
  async function editor(meetingId: string, cookie: string): Promise<Editor> {
    const doc = new Y.Doc();
    const origin = ctx.app.url;
    const CookieSocket = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
      }
    };
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, documentName(meetingId, 'record'), doc, {
      WebSocketPolyfill: CookieSocket as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    const e: Editor = {
      doc,
      provider,
      denied: [],
      type: (text) => doc.getXmlFragment(FIELD).insert(doc.getXmlFragment(FIELD).length, [new Y.XmlText(text)]),
    };
    provider.messageHandlers[2] = (_encoder, decoder) =>
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => e.denied.push(reason));
    editors.push(e);
    await new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      provider.on('sync', (synced: boolean) => synced && resolve());
    });
    return e;
  }

  /** The record's text as PostgreSQL has it, and as the loaded document has it. */
  async function storedText(meetingId: string): Promise<{ db: string; memory: string }> {
    const name = documentName(meetingId, 'record');
    const fromDb = new Y.Doc();
    Y.applyUpdate(fromDb, await ctx.app.get(DocumentStore).encodeState(name));
    const fromMemory = new Y.Doc();
    Y.applyUpdate(fromMemory, await ctx.app.get(CollabDocumentRegistry).encodeState(name));
    return { db: fromDb.getXmlFragment(FIELD).toString(), memory: fromMemory.getXmlFragment(FIELD).toString() };
  }

  function openDecision(c: MeetingCast): Promise<DecisionResponse> {
    return c.chair.client.ok('decision:open', { meetingId: c.meeting.id, childIds: [c.meeting.children[0]!.id] });
  }

  it('lets only the chair start and conclude, forwards only, telling every client in the room', async () => {
    const c = await cast();
    expect(c.meeting).toMatchObject({ status: 'scheduled', startedAt: null, concludedAt: null });
    expect(await post(c, 'police', '/start')).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect(await post(c, 'outsider', '/start')).toMatchObject({ status: 404, body: { code: 'MeetingNotFound' } });
    expect(await post(c, 'chair', '/conclude')).toMatchObject({ status: 409, body: { code: 'MeetingNotLive' } });

    const started = await start(c);
    expect(started).toMatchObject({ status: 200, body: { status: 'live', concludedAt: null } });
    expect(Date.parse(started.body.startedAt)).not.toBeNaN();
    expect(await start(c)).toMatchObject({ status: 409, body: { code: 'Conflict' } });
    for (const client of c.members) {
      await client.waitFor((r) => r.statuses.find((s) => s.status === 'live'), 'live status');
    }

    expect(await post(c, 'police', '/conclude')).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    const concluded = await post(c, 'chair', '/conclude', { notReached: [] });
    expect(concluded).toMatchObject({ status: 200, body: { status: 'concluded' } });
    expect(await post(c, 'chair', '/conclude')).toMatchObject({ status: 409, body: { code: 'MeetingConcluded' } });
    expect(await start(c)).toMatchObject({ status: 409, body: { code: 'MeetingConcluded' } });
    for (const client of c.members) {
      await client.waitFor((r) => r.statuses.find((s) => s.status === 'concluded'), 'concluded status');
    }
    expect(
      await ctx.app.request('PATCH', `/api/meetings/${c.meeting.id}`, {
        cookie: c.chair.cookie,
        body: { reason: 'Changed afterwards' },
      }),
    ).toMatchObject({ status: 409, body: { code: 'MeetingConcluded' } });
    // The database itself refuses to move a concluded discussion back.
    await expect(
      ctx.app.dataSource.query(
        `UPDATE meetings SET status = 'live', concluded_at = NULL, concluded_by = NULL WHERE id = $1`,
        [c.meeting.id],
      ),
    ).rejects.toThrow(/cannot go from concluded to live/);
    const types = (await auditTypes(c.meeting.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['meeting.started', 'meeting.concluded']));
  });

  it('refuses to conclude while a decision is undecided, naming it, and accepts not-reached reasons', async () => {
    const c = await cast();
    await start(c);
    const open = await openDecision(c);
    const closed = await openDecision(c);
    await c.chair.client.ok('decision:close', { meetingId: c.meeting.id, decisionId: closed.id });
    const decided = await openDecision(c);
    await c.chair.client.ok('la-decision:record', {
      meetingId: c.meeting.id,
      decisionId: decided.id,
      chosenOptions: ['s47-joint'],
      reasons: 'Injury and disclosure',
    });

    const refused = await post(c, 'chair', '/conclude', { notReached: [] });
    expect(refused).toMatchObject({ status: 409, body: { code: 'DecisionsUndecided' } });
    expect(refused.body.message).toContain('Section 47 threshold decision');
    expect(refused.body.fields.map((f: { path: string }) => f.path)).toEqual([
      `notReached.${open.id}`,
      `notReached.${closed.id}`,
    ]);
    const onlyOne = await post(c, 'chair', '/conclude', {
      notReached: [{ decisionId: open.id, reason: 'Awaiting GP' }],
    });
    expect(onlyOne).toMatchObject({ status: 409, body: { code: 'DecisionsUndecided' } });
    expect(onlyOne.body.fields).toHaveLength(1);
    expect(
      await post(c, 'chair', '/conclude', { notReached: [{ decisionId: decided.id, reason: 'x' }] }),
    ).toMatchObject({ status: 400, body: { code: 'ValidationFailed', fields: [{ path: 'notReached.0.decisionId' }] } });
    expect(await post(c, 'chair', '/conclude', { notReached: [{ decisionId: open.id, reason: '   ' }] })).toMatchObject(
      { status: 400, body: { code: 'ValidationFailed' } },
    );
    // Nothing changed by the refusals.
    const stillLive = await ctx.app.request('GET', `/api/meetings/${c.meeting.id}`, { cookie: c.chair.cookie });
    expect(stillLive.body.status).toBe('live');

    const concluded = await post(c, 'chair', '/conclude', {
      notReached: [
        { decisionId: open.id, reason: 'Awaiting the GP’s information' },
        { decisionId: closed.id, reason: 'The paediatrician could not attend' },
      ],
    });
    expect(concluded).toMatchObject({ status: 200, body: { status: 'concluded' } });
    const state = await c.police.client.ok('meeting:join', { meetingId: c.meeting.id });
    const byId = new Map(state.decisions.map((d) => [d.id, d]));
    expect(byId.get(open.id)).toMatchObject({
      status: 'not-reached',
      notReached: { reason: 'Awaiting the GP’s information', recordedBy: { displayName: 'Sam Chair' } },
    });
    expect(byId.get(open.id)?.closedAt).not.toBeNull();
    expect(byId.get(closed.id)).toMatchObject({ status: 'not-reached' });
    expect(byId.get(decided.id)).toMatchObject({ status: 'decided', notReached: null });
    const notReached = (await auditTypes(c.meeting.id)).filter((e) => e.type === 'decision.not-reached');
    expect(notReached.map((e) => e.details)).toEqual([{ from: 'open' }, { from: 'closed' }]);
    expect(JSON.stringify(notReached)).not.toContain('GP');
  });

  it('refuses decision events after conclusion while the action log stays usable', async () => {
    const c = await cast();
    await start(c);
    const decision = await openDecision(c);
    const action = await c.police.client.ok('action:create', {
      meetingId: c.meeting.id,
      description: 'Interview the alleged abuser',
      ownerUserId: c.police.user.user.id,
      ownerAgency: 'police',
      dueAt: inHours(24),
    });
    await post(c, 'chair', '/conclude', {
      notReached: [{ decisionId: decision.id, reason: 'Not enough information' }],
    });

    const view = await c.police.client.emit('view:record', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: 'Too late',
    });
    expect(view).toMatchObject({ ok: false, error: { code: 'MeetingConcluded' } });
    expect(
      await c.chair.client.emit('decision:open', { meetingId: c.meeting.id, childIds: [c.meeting.children[0]!.id] }),
    ).toMatchObject({ ok: false, error: { code: 'MeetingConcluded' } });
    const views: { n: number }[] = await ctx.app.dataSource.query(
      `SELECT count(*)::int AS n FROM agency_views WHERE decision_id = $1`,
      [decision.id],
    );
    expect(views[0]?.n).toBe(0);

    const done = await c.police.client.ok('action:set-status', {
      meetingId: c.meeting.id,
      actionId: action.id,
      status: 'done',
      note: 'Interviewed under caution',
    });
    expect(done.status).toBe('done');
    const followUp = await c.health.client.ok('action:create', {
      meetingId: c.meeting.id,
      description: 'GP review',
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: inHours(48),
    });
    expect(followUp.status).toBe('open');
  });

  it('refuses the next edit of an editor that stayed connected through conclusion, and new editors are read-only', async () => {
    const c = await cast();
    await start(c);
    const heard: { meetingId: string; status: unknown }[] = [];
    ctx.app.get(MeetingLifecycleEvents).onConcluded(async (meetingId) => {
      const [row] = (await ctx.app.dataSource.query(`SELECT status FROM meetings WHERE id = $1`, [meetingId])) as {
        status: string;
      }[];
      heard.push({ meetingId, status: row?.status });
    });
    const police = await editor(c.meeting.id, c.police.cookie);
    const chair = await editor(c.meeting.id, c.chair.cookie);
    police.type('Before');
    await eventually(async () => expect((await storedText(c.meeting.id)).db).toContain('Before'));

    await post(c, 'chair', '/conclude');
    // Told at once, before trying to type (the browser turns its editor read-only on this).
    await eventually(() => expect(police.denied).toEqual([CONCLUDED_MESSAGE]));
    expect(heard.filter((h) => h.meetingId === c.meeting.id)).toEqual([
      { meetingId: c.meeting.id, status: 'concluded' },
    ]);

    police.type('After');
    await eventually(() => expect(police.denied).toHaveLength(2));
    const stored = await storedText(c.meeting.id);
    expect(stored.db).toContain('Before');
    expect(stored.db).not.toContain('After');
    expect(stored.memory).not.toContain('After');
    expect(chair.doc.getXmlFragment(FIELD).toString()).not.toContain('After');

    const late = await editor(c.meeting.id, c.chair.cookie);
    expect(late.doc.getXmlFragment(FIELD).toString()).toContain('Before');
    late.type('Chair after');
    await eventually(() => expect(late.denied).toEqual([CONCLUDED_MESSAGE]));
    expect((await storedText(c.meeting.id)).db).not.toContain('Chair after');
  });
});
