import { randomUUID } from 'node:crypto';
import { isOverdue, type ActionResponse, type MyAction } from '@roundtable/shared/actions';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describeOnOneDatabase('the action log over /meetings', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const cast = () => buildMeetingCast(ctx.app, clients);

  /** An action owned by health, recorded by police. */
  function newAction(c: MeetingCast, overrides: Record<string, unknown> = {}) {
    return {
      meetingId: c.meeting.id,
      description: 'Arrange a child protection medical',
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: inHours(24),
      ...overrides,
    };
  }

  async function actionRows(meetingId: string): Promise<number> {
    const rows: { n: string }[] = await ctx.app.dataSource.query(
      `SELECT count(*) AS n FROM actions WHERE meeting_id = $1`,
      [meetingId],
    );
    return Number(rows[0]?.n);
  }

  it('records an action, shows it to every member, and keeps its creation in the history', async () => {
    const c = await cast();
    const decision = await c.chair.client.ok('decision:open', {
      meetingId: c.meeting.id,
      childIds: [c.meeting.children[0]!.id],
    });
    const dueAt = inHours(24);
    const created = await c.police.client.ok(
      'action:create',
      newAction(c, { dueAt, childId: c.meeting.children[0]!.id, decisionId: decision.id }),
    );
    expect(created).toMatchObject({
      revision: 1,
      status: 'open',
      statusNote: null,
      owner: { userId: c.health.user.user.id, displayName: 'Hana Health', agency: 'health' },
      ownerAgency: 'health',
      dueAt: new Date(dueAt).toISOString(),
      childId: c.meeting.children[0]!.id,
      decisionId: decision.id,
      createdBy: { displayName: 'Priya Police' },
    });
    expect(created.history).toEqual([
      expect.objectContaining({
        kind: 'created',
        changedBy: expect.objectContaining({ displayName: 'Priya Police' }),
        note: null,
        changes: expect.arrayContaining([
          { field: 'description', from: null, to: 'Arrange a child protection medical' },
          { field: 'ownerUserId', from: null, to: c.health.user.user.id },
          { field: 'status', from: null, to: 'open' },
        ]),
      }),
    ]);
    for (const client of c.members) {
      const { action, activity } = await client.waitForAction(created.id, 1);
      expect(action).toEqual(created);
      expect(activity).toEqual({ kind: 'action-created', actor: 'Priya Police', agency: 'police' });
    }
    const state = await c.education.client.ok('meeting:join', { meetingId: c.meeting.id });
    expect(state.actions).toEqual([created]);
  });

  it('lets a minute taker record actions, but not an observer; the owner and links must belong to the meeting', async () => {
    const c = await cast();
    const other = await buildMeetingCast(ctx.app, clients);
    const otherDecision = await other.chair.client.ok('decision:open', {
      meetingId: other.meeting.id,
      childIds: [other.meeting.children[0]!.id],
    });
    const minuteTaker = await ctx.app.createUser({ displayName: 'Mo Minutes', agency: 'childrens-social-care' });
    await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/members`, {
      cookie: c.chair.cookie,
      body: { email: minuteTaker.email, role: 'minute-taker' },
    });
    const minutes = await EventsClient.connect(ctx.app.url, { cookie: await ctx.app.signIn(minuteTaker) });
    clients.push(minutes);
    await minutes.ok('action:create', newAction(c));

    expect(await c.education.client.emit('action:create', newAction(c))).toMatchObject({
      error: { code: 'Forbidden' },
    });
    const refusals: [Record<string, unknown>, string][] = [
      [{ ownerUserId: c.outsider.user.user.id }, 'ownerUserId'],
      [{ childId: other.meeting.children[0]!.id }, 'childId'],
      [{ decisionId: otherDecision.id }, 'decisionId'],
      [{ dueAt: 'next Tuesday' }, 'dueAt'],
    ];
    for (const [overrides, field] of refusals) {
      expect(await c.police.client.emit('action:create', newAction(c, overrides))).toMatchObject({
        error: { code: 'ValidationFailed', fields: [{ path: field }] },
      });
    }
    expect(await c.outsider.client.emit('action:create', newAction(c))).toMatchObject({
      error: { code: 'MeetingNotFound' },
    });
    expect(await actionRows(c.meeting.id)).toBe(1);
  });

  it('changes the details for the chair, the owner or the creator, recording each from → to', async () => {
    const c = await cast();
    const created = await c.police.client.ok('action:create', newAction(c, { childId: c.meeting.children[0]!.id }));
    const update = (changes: Record<string, unknown>) => ({
      meetingId: c.meeting.id,
      actionId: created.id,
      ...changes,
    });
    const newDue = inHours(48);

    const byOwner = await c.health.client.ok('action:update', update({ dueAt: newDue }));
    expect(byOwner.revision).toBe(2);
    expect(byOwner.history.at(-1)).toMatchObject({
      kind: 'edited',
      changedBy: { displayName: 'Hana Health' },
      changes: [{ field: 'dueAt', from: created.dueAt, to: new Date(newDue).toISOString() }],
    });
    const byCreator = await c.police.client.ok('action:update', update({ description: 'Medical at the hospital' }));
    expect(byCreator.description).toBe('Medical at the hospital');
    const byChair = await c.chair.client.ok(
      'action:update',
      update({ ownerUserId: c.police2.user.user.id, ownerAgency: 'police', childId: null }),
    );
    expect(byChair).toMatchObject({ revision: 4, owner: { displayName: 'Dan Detective' }, childId: null });
    expect(byChair.history.at(-1)?.changes).toEqual([
      { field: 'ownerUserId', from: c.health.user.user.id, to: c.police2.user.user.id },
      { field: 'ownerAgency', from: 'health', to: 'police' },
      { field: 'childId', from: c.meeting.children[0]!.id, to: null },
    ]);
    const { action } = await c.education.client.waitForAction(created.id, 4);
    expect(action).toEqual(byChair);

    // Health is no longer the owner and never was the creator.
    expect(await c.health.client.emit('action:update', update({ description: 'Mine now' }))).toMatchObject({
      error: { code: 'Forbidden' },
    });
    expect(
      await c.chair.client.emit('action:update', update({ description: 'Medical at the hospital' })),
    ).toMatchObject({ error: { code: 'ValidationFailed' } });
    expect(await c.chair.client.emit('action:update', update({}))).toMatchObject({
      error: { code: 'ValidationFailed' },
    });
    expect(
      await c.chair.client.emit('action:update', { ...update({ description: 'x' }), actionId: randomUUID() }),
    ).toMatchObject({ error: { code: 'ActionNotFound' } });
  });

  it('changes the status with a note, for the owner or the chair', async () => {
    const c = await cast();
    const created = await c.police.client.ok('action:create', newAction(c));
    const status = (value: string, note?: string) => ({
      meetingId: c.meeting.id,
      actionId: created.id,
      status: value,
      ...(note === undefined ? {} : { note }),
    });
    expect(await c.police.client.emit('action:set-status', status('done', 'Creator, not owner'))).toMatchObject({
      error: { code: 'Forbidden' },
    });
    expect(await c.health.client.emit('action:set-status', status('done'))).toMatchObject({
      error: { code: 'ValidationFailed', fields: [{ path: 'note' }] },
    });
    const done = await c.health.client.ok('action:set-status', status('done', 'Medical completed at 16:00'));
    expect(done).toMatchObject({ status: 'done', statusNote: 'Medical completed at 16:00', revision: 2 });
    expect(done.history.at(-1)).toMatchObject({
      kind: 'status-changed',
      changes: [{ field: 'status', from: 'open', to: 'done' }],
      note: 'Medical completed at 16:00',
    });
    const { activity } = await c.police.client.waitForAction(created.id, 2);
    expect(activity.kind).toBe('action-status-changed');
    expect(await c.health.client.emit('action:set-status', status('done', 'Again'))).toMatchObject({
      error: { code: 'ValidationFailed', fields: [{ path: 'status' }] },
    });
    const reopened = await c.chair.client.ok('action:set-status', status('open', 'Results still to come'));
    expect(reopened).toMatchObject({ status: 'open', revision: 3 });
    await expect(
      ctx.app.dataSource.query(`UPDATE action_changes SET note = 'rewritten' WHERE action_id = $1`, [created.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.app.dataSource.query(`DELETE FROM action_changes WHERE action_id = $1`, [created.id]),
    ).rejects.toThrow(/append-only/);
    expect(await c.education.client.emit('action:set-status', status('cancelled', 'Observer'))).toMatchObject({
      error: { code: 'Forbidden' },
    });
  });

  it("lists a user's open actions across their meetings, soonest first, without done, cancelled or left ones", async () => {
    const a = await cast();
    const b = await cast();
    // Hana from meeting A joins meeting B too, and owns actions in both.
    await ctx.app.request('POST', `/api/meetings/${b.meeting.id}/members`, {
      cookie: b.chair.cookie,
      body: { email: a.health.user.email, role: 'participant' },
    });
    const owner = a.health.user.user.id;
    const create = (c: MeetingCast, description: string, dueAt: string) =>
      c.chair.client.ok('action:create', { ...newAction(c, { description, dueAt }), ownerUserId: owner });
    const later = await create(a, 'Strategy review', inHours(72));
    const overdue = await create(b, 'Tell the GP', inHours(-2));
    const done = await create(a, 'Share the record', inHours(1));
    const cancelled = await create(b, 'Home visit', inHours(2));
    const c = await cast();
    await ctx.app.request('POST', `/api/meetings/${c.meeting.id}/members`, {
      cookie: c.chair.cookie,
      body: { email: a.health.user.email, role: 'participant' },
    });
    await create(c, 'In a meeting she then left', inHours(3));
    await ctx.app.request('DELETE', `/api/meetings/${c.meeting.id}/members/${owner}`, { cookie: c.chair.cookie });
    await a.chair.client.ok('action:set-status', {
      meetingId: a.meeting.id,
      actionId: done.id,
      status: 'done',
      note: 'Sent',
    });
    await b.chair.client.ok('action:set-status', {
      meetingId: b.meeting.id,
      actionId: cancelled.id,
      status: 'cancelled',
      note: 'Not needed',
    });
    await a.police.client.ok(
      'action:create',
      newAction(a, { ownerUserId: a.police.user.user.id, ownerAgency: 'police' }),
    );

    const mine = await ctx.app.request('GET', '/api/actions/mine', { cookie: a.health.cookie });
    expect(mine.status).toBe(200);
    const actions = mine.body.actions as MyAction[];
    expect(actions.map((x) => [x.id, x.meetingReference])).toEqual([
      [overdue.id, b.meeting.reference],
      [later.id, a.meeting.reference],
    ]);
    expect(actions[0]).toMatchObject({ ...withoutHistory(overdue), history: expect.any(Array) });
    expect(isOverdue(actions[0]!)).toBe(true);
    expect(isOverdue(actions[1]!)).toBe(false);
    expect((await ctx.app.request('GET', '/api/actions/mine')).status).toBe(401);
  });
});

function withoutHistory({ history: _history, ...rest }: ActionResponse) {
  return rest;
}
