import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../../test/support/each-database';
import { buildMeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { eventually } from '../../../test/support/eventually';

interface Row {
  type: string;
  outcome: string;
  actor_user_id: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

const CANARY = 'Canary-reason-never-in-the-audit-trail';

describeEachDatabase('audit of decisions and actions', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const trail = (meetingId: string): Promise<Row[]> =>
    ctx.app.dataSource.query(
      `SELECT type, outcome, actor_user_id, subject_type, subject_id, details
         FROM audit_events WHERE meeting_id = $1
          AND type NOT IN ('meeting.created', 'member.added', 'room.joined', 'room.left') ORDER BY seq`,
      [meetingId],
    );

  it('records every change with its actor in the same transaction, once per request, and every refusal', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const decision = await c.chair.client.ok('decision:open', {
      meetingId,
      childIds: [c.meeting.children[0]!.id],
    });
    const view = { meetingId, decisionId: decision.id, harm: 'yes', recommendedOption: 'nfa', reasons: CANARY };
    const requestId = randomUUID();
    await c.police.client.ok('view:record', { ...view, requestId });
    await c.police.client.ok('view:record', { ...view, requestId }); // a retry: applied once, audited once
    const refused = await c.education.client.emit('view:record', { ...view, harm: 'no' }); // an observer
    expect(refused.ok).toBe(false);
    await c.chair.client.ok('la-decision:record', {
      meetingId,
      decisionId: decision.id,
      chosenOptions: ['s47-joint'],
      reasons: CANARY,
    });
    await c.police.client.ok('dissent:record', {
      meetingId,
      decisionId: decision.id,
      part: 'options',
      reasons: CANARY,
    });
    const action = await c.health.client.ok('action:create', {
      meetingId,
      description: CANARY,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: '2026-03-03T17:00:00Z',
    });
    await c.health.client.ok('action:set-status', { meetingId, actionId: action.id, status: 'done', note: CANARY });

    const rows = await trail(meetingId);
    expect(rows.map((r) => [r.type, r.outcome, r.actor_user_id])).toEqual([
      ['decision.opened', 'success', c.chair.user.user.id],
      ['view.recorded', 'success', c.police.user.user.id],
      ['access.refused', 'refused', c.education.user.user.id],
      ['la-decision.recorded', 'success', c.chair.user.user.id],
      ['dissent.recorded', 'success', c.police.user.user.id],
      ['action.created', 'success', c.health.user.user.id],
      ['action.changed', 'success', c.health.user.user.id],
    ]);
    expect(rows[1]).toMatchObject({
      subject_type: 'decision',
      subject_id: decision.id,
      details: { agency: 'police', harm: 'yes', recommendedOption: 'nfa' },
    });
    expect(rows[2]!.details).toEqual({ channel: 'socket.io', event: 'view:record', code: 'Forbidden' });
    expect(rows[3]!.details).toMatchObject({ chosenOptions: ['s47-joint'], recordStateSha256: expect.any(String) });
    expect(rows[4]!.details).toMatchObject({ agency: 'police', stage: 'practitioner', escalation: 'open' });
    expect(rows[6]).toMatchObject({ subject_type: 'action', subject_id: action.id, details: { status: 'done' } });
    expect(JSON.stringify(rows)).not.toContain(CANARY);
  });

  it('records who joined and left the meeting room, and a non-member’s refused join', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const refused = await c.outsider.client.emit('meeting:join', { meetingId: c.meeting.id });
    expect(refused.ok).toBe(false);
    await c.health.client.ok('meeting:join', { meetingId: c.meeting.id }); // again: still one join
    await c.health.client.ok('meeting:leave', { meetingId: c.meeting.id });
    c.police.client.close();
    const roomEvents = async () =>
      (
        (await ctx.app.dataSource.query(
          `SELECT type, actor_user_id, details FROM audit_events
            WHERE meeting_id = $1 AND type IN ('room.joined', 'room.left', 'access.refused') ORDER BY seq`,
          [c.meeting.id],
        )) as { type: string; actor_user_id: string; details: Record<string, unknown> }[]
      ).map((r) => [r.type, r.actor_user_id]);
    const joined = [c.chair, c.police, c.police2, c.health, c.education].map((m) => ['room.joined', m.user.user.id]);
    await eventually(async () => {
      const events = await roomEvents();
      expect(events.slice(0, 6)).toEqual([...joined, ['access.refused', c.outsider.user.user.id]]);
      // A leave is audited after it is acknowledged, so the two leaves may be written in either order.
      expect(events.slice(6)).toHaveLength(2);
      expect(events.slice(6)).toEqual(
        expect.arrayContaining([
          ['room.left', c.health.user.user.id],
          ['room.left', c.police.user.user.id],
        ]),
      );
    });
  });

  it('audits a non-member’s attempt without telling them the meeting exists', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const attempt = await c.outsider.client.emit('action:create', {
      meetingId: c.meeting.id,
      description: 'x',
      ownerUserId: c.outsider.user.user.id,
      ownerAgency: 'health',
      dueAt: '2026-03-03T17:00:00Z',
    });
    expect(attempt).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });
    const rows = await trail(c.meeting.id);
    expect(rows).toEqual([
      expect.objectContaining({
        type: 'access.refused',
        actor_user_id: c.outsider.user.user.id,
        details: { channel: 'socket.io', event: 'action:create', code: 'MeetingNotFound' },
      }),
    ]);
  });
});
