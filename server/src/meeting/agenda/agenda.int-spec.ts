import type { AgendaChangedEvent } from '@roundtable/shared/meeting-events';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';

describeOnOneDatabase('the agenda: the chair moves the room through the record', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** Every `agenda:changed` each member's client receives from now on. */
  function listen(c: MeetingCast): AgendaChangedEvent[][] {
    return c.members.map((client) => {
      const seen: AgendaChangedEvent[] = [];
      client.socket.on('agenda:changed', (event) => seen.push(event));
      return seen;
    });
  }

  const audit = (meetingId: string) =>
    ctx.app.dataSource.query(
      `SELECT type, outcome, subject_type, subject_id, details FROM audit_events
        WHERE meeting_id = $1 AND type IN ('agenda.moved', 'access.refused') ORDER BY seq`,
      [meetingId],
    ) as Promise<
      { type: string; outcome: string; subject_type: string; subject_id: string; details: Record<string, unknown> }[]
    >;

  async function agendaSeenOnJoin(c: MeetingCast) {
    return (await c.police.client.ok('meeting:join', { meetingId: c.meeting.id })).agenda;
  }

  it('moves for the chair: acknowledged, broadcast to everyone in the room, on join, and audited', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    expect(await agendaSeenOnJoin(c)).toEqual({
      meetingId,
      sectionKey: null,
      revision: 0,
      movedBy: null,
      movedAt: null,
    });
    const heard = listen(c);

    const moved = await c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'agency-information' });
    expect(moved).toMatchObject({ meetingId, sectionKey: 'agency-information', revision: 1, movedBy: 'Sam Chair' });
    await eventually(() => {
      for (const seen of heard) {
        expect(seen).toEqual([
          { agenda: moved, activity: { kind: 'agenda-moved', actor: 'Sam Chair', agency: 'childrens-social-care' } },
        ]);
      }
    });
    expect(await agendaSeenOnJoin(c)).toEqual(moved);

    const second = await c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'medical' });
    expect(second.revision).toBe(2);
    expect(await audit(meetingId)).toEqual([
      expect.objectContaining({
        type: 'agenda.moved',
        outcome: 'success',
        subject_type: 'meeting',
        subject_id: meetingId,
        details: expect.objectContaining({ from: null, to: 'agency-information', revision: 1 }),
      }),
      expect.objectContaining({
        type: 'agenda.moved',
        details: expect.objectContaining({ from: 'agency-information', to: 'medical', revision: 2 }),
      }),
    ]);
  });

  it('refuses anyone but the chair, with a clear error; nothing changes and nobody is told', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const heard = listen(c);
    await c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'reason' });
    for (const member of [c.police, c.health, c.education]) {
      const refused = await member.client.emit('agenda:set', { meetingId, sectionKey: 'medical' });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'Forbidden',
          message: 'Only the chair can move the discussion to another section of the record',
        },
      });
    }
    // A non-member learns nothing about the meeting.
    const outsider = await c.outsider.client.emit('agenda:set', { meetingId, sectionKey: 'medical' });
    expect(outsider).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });

    expect(await agendaSeenOnJoin(c)).toMatchObject({ sectionKey: 'reason', revision: 1 });
    // The chair's next move is the next thing anyone hears: the refusals sent nothing.
    await c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'analysis' });
    await eventually(() => {
      for (const seen of heard) expect(seen.map((e) => e.agenda.sectionKey)).toEqual(['reason', 'analysis']);
    });
    const entries = await audit(meetingId);
    expect(entries.filter((e) => e.type === 'agenda.moved')).toHaveLength(2);
    // Each refusal is audited, the outsider's too.
    expect(entries.filter((e) => e.type === 'access.refused').map((e) => e.details.code)).toEqual([
      'Forbidden',
      'Forbidden',
      'Forbidden',
      'MeetingNotFound',
    ]);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const unknown = await c.chair.client.emit('agenda:set', { meetingId, sectionKey: 'no-such-section' });
    expect(unknown).toMatchObject({
      ok: false,
      error: {
        code: 'ValidationFailed',
        fields: [{ path: 'sectionKey', message: expect.stringContaining('no section') }],
      },
    });
    for (const payload of [
      { meetingId, sectionKey: 'Medical; DROP TABLE' },
      { meetingId },
      { meetingId, sectionKey: 'medical', extra: true },
      { meetingId: 'not-an-id', sectionKey: 'medical' },
    ]) {
      const refused = await c.chair.client.emit('agenda:set', payload);
      expect(refused).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
    }
    expect(await agendaSeenOnJoin(c)).toMatchObject({ sectionKey: null, revision: 0 });
    expect(await audit(meetingId)).toEqual([]);
  });

  it('lets the chair clear it, and queues two moves at once instead of failing one', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    const both = await Promise.all([
      c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'reason' }),
      c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'analysis' }),
    ]);
    expect(both.map((a) => a.revision).sort()).toEqual([1, 2]);
    const cleared = await c.chair.client.ok('agenda:set', { meetingId, sectionKey: null });
    expect(cleared).toMatchObject({ sectionKey: null, revision: 3 });
  });

  it('refuses a move once the meeting has concluded, saying why; nothing changes', async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    await c.chair.client.ok('agenda:set', { meetingId, sectionKey: 'reason' });
    for (const step of ['start', 'conclude']) {
      const res = await ctx.app.request('POST', `/api/meetings/${meetingId}/${step}`, {
        cookie: c.chair.cookie,
        body: step === 'conclude' ? { notReached: [] } : undefined,
      });
      expect(res.status).toBe(200);
    }
    const refused = await c.chair.client.emit('agenda:set', { meetingId, sectionKey: 'medical' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'MeetingConcluded',
        message: 'This strategy discussion has concluded: the discussion can no longer be moved to another section',
      },
    });
    expect(await agendaSeenOnJoin(c)).toMatchObject({ sectionKey: 'reason', revision: 1 });
  });
});
