import type { DashboardResponse } from '@roundtable/shared/dashboard';
import { DEFAULT_CLOCK_RULES } from '@roundtable/shared/lifecycle';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { addWorkingDays, localDate } from '../clocks/working-days';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describeOnOneDatabase('review discussions, clocks and the dashboard', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const post = (c: MeetingCast, cookie: string, path: string, body: unknown = {}) =>
    ctx.app.request('POST', `/api/meetings/${c.meeting.id}${path}`, { cookie, body });
  const detail = async (meetingId: string, cookie: string): Promise<MeetingDetail> =>
    (await ctx.app.request('GET', `/api/meetings/${meetingId}`, { cookie })).body as MeetingDetail;
  const action = (c: MeetingCast, description: string, overrides: Record<string, unknown> = {}) =>
    c.police.client.ok('action:create', {
      meetingId: c.meeting.id,
      description,
      ownerUserId: c.police.user.user.id,
      ownerAgency: 'police',
      dueAt: inHours(24),
      ...overrides,
    });

  /** A live discussion whose LA decision started joint s47 enquiries, with two open actions and one done. */
  async function s47Discussion() {
    const c = await buildMeetingCast(ctx.app, clients);
    await post(c, c.chair.cookie, '/start');
    const decision = await c.chair.client.ok('decision:open', {
      meetingId: c.meeting.id,
      childIds: [c.meeting.children[0]!.id],
    });
    await c.chair.client.ok('la-decision:record', {
      meetingId: c.meeting.id,
      decisionId: decision.id,
      chosenOptions: ['s47-joint'],
      reasons: 'Injury with a disclosure',
    });
    const open1 = await action(c, 'Voluntary interview', { childId: c.meeting.children[0]!.id });
    const open2 = await action(c, 'Consider an ABE interview', { dueAt: inHours(-2) });
    const done = await action(c, 'Body map to CSC');
    await c.police.client.ok('action:set-status', {
      meetingId: c.meeting.id,
      actionId: done.id,
      status: 'done',
      note: 'Received',
    });
    return { c, open1, open2, done };
  }

  it('runs the ICPC clock from the discussion whose LA decision chose s47, and the circulation clock from conclusion', async () => {
    const { c } = await s47Discussion();
    const live = await detail(c.meeting.id, c.health.cookie);
    const started = localDate(new Date(live.startedAt!), 'Europe/London');
    expect(live.clocks.find((k) => k.key === 'icpc')).toMatchObject({
      label: 'Initial child protection conference',
      status: 'running',
      dueDate: addWorkingDays(started, 15, DEFAULT_CLOCK_RULES),
    });
    expect(live.clocks.find((k) => k.key === 'record-circulation')).toMatchObject({
      status: 'not-started',
      dueAt: null,
    });
    expect(live.clocks.find((k) => k.key === 'review')).toMatchObject({ status: 'not-started' });

    const dated = await ctx.app.request('PUT', `/api/meetings/${c.meeting.id}/review-date`, {
      cookie: c.chair.cookie,
      body: { reviewDate: '2099-01-05' },
    });
    expect(dated.body.clocks.find((k: { key: string }) => k.key === 'review')).toMatchObject({
      status: 'running',
      dueDate: '2099-01-05',
    });
    expect(
      await ctx.app.request('PUT', `/api/meetings/${c.meeting.id}/review-date`, {
        cookie: c.police.cookie,
        body: { reviewDate: '2099-01-05' },
      }),
    ).toMatchObject({ status: 403 });
    expect(
      await ctx.app.request('PUT', `/api/meetings/${c.meeting.id}/review-date`, {
        cookie: c.chair.cookie,
        body: { reviewDate: '5 January' },
      }),
    ).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });

    const concluded = (await post(c, c.chair.cookie, '/conclude')).body as MeetingDetail;
    const circulation = concluded.clocks.find((k) => k.key === 'record-circulation');
    expect(circulation?.dueDate).toBe(
      addWorkingDays(localDate(new Date(concluded.concludedAt!), 'Europe/London'), 1, DEFAULT_CLOCK_RULES),
    );
    expect(['running', 'met']).toContain(circulation?.status);
  });

  it('creates a linked review with the same children, members and roles, carrying the open actions over', async () => {
    const { c, open1, open2, done } = await s47Discussion();
    expect(await post(c, c.chair.cookie, '/review')).toMatchObject({
      status: 409,
      body: { code: 'MeetingNotConcluded' },
    });
    await post(c, c.chair.cookie, '/conclude');
    expect(await post(c, c.police.cookie, '/review')).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect(await post(c, c.outsider.cookie, '/review')).toMatchObject({ status: 404 });
    expect(await post(c, c.chair.cookie, '/review', { scheduledAt: 'tomorrow' })).toMatchObject({ status: 400 });

    const created = await post(c, c.chair.cookie, '/review', { scheduledAt: '2099-03-05T10:00:00Z' });
    expect(created.status).toBe(201);
    const review = created.body as MeetingDetail;
    expect(review).toMatchObject({
      status: 'scheduled',
      reference: `${c.meeting.reference}-R1`,
      scheduledAt: '2099-03-05T10:00:00.000Z',
      reviewOfMeetingId: c.meeting.id,
      reviewOf: { id: c.meeting.id, reference: c.meeting.reference, status: 'concluded' },
      myRole: 'chair',
    });
    expect(review.children.map((ch) => [ch.name, ch.dateOfBirth])).toEqual(
      c.meeting.children.map((ch) => [ch.name, ch.dateOfBirth]),
    );
    const roles = (m: MeetingDetail) => m.members.map((mem) => [mem.userId, mem.role]).sort();
    expect(roles(review)).toEqual(roles(await detail(c.meeting.id, c.chair.cookie)));
    // The review's ICPC clock still runs from the discussion that started s47.
    expect(review.clocks.find((k) => k.key === 'icpc')?.basis).toContain(c.meeting.reference);

    const original = await detail(c.meeting.id, c.police.cookie);
    expect(original.reviews).toEqual([
      { id: review.id, reference: review.reference, scheduledAt: review.scheduledAt, status: 'scheduled' },
    ]);
    expect(original.clocks.find((k) => k.key === 'review')).toMatchObject({ status: 'running', dueDate: '2099-03-05' });

    const reviewState = await c.police.client.ok('meeting:join', { meetingId: review.id });
    const carried = reviewState.actions.map((a) => a.description).sort();
    expect(carried).toEqual(['Consider an ABE interview', 'Voluntary interview']);
    const copy = reviewState.actions.find((a) => a.description === 'Voluntary interview');
    expect(copy?.childId).toBe(review.children[0]!.id);
    expect(copy?.history[0]).toMatchObject({ kind: 'created', note: `Carried over from ${c.meeting.reference}` });
    const links: { carried_from_action_id: string }[] = await ctx.app.dataSource.query(
      `SELECT carried_from_action_id FROM actions WHERE meeting_id = $1 ORDER BY carried_from_action_id`,
      [review.id],
    );
    expect(links.map((l) => l.carried_from_action_id).sort()).toEqual([open1.id, open2.id].sort());
    // The original record still shows every action as it was.
    const originalState = await c.police.client.ok('meeting:join', { meetingId: c.meeting.id });
    expect(originalState.actions.map((a) => [a.id, a.status]).sort()).toEqual(
      [
        [open1.id, 'open'],
        [open2.id, 'open'],
        [done.id, 'done'],
      ].sort(),
    );
    // Follow-up continues on the copies: the originals leave My actions.
    const mine = await ctx.app.request('GET', '/api/actions/mine', { cookie: c.police.cookie });
    expect(mine.body.actions.map((a: { meetingId: string }) => a.meetingId)).toEqual([review.id, review.id]);

    const again = await post(c, c.chair.cookie, '/review');
    expect(again.body.reference).toBe(`${c.meeting.reference}-R2`);
    const secondState = await c.police.client.ok('meeting:join', { meetingId: again.body.id });
    expect(secondState.actions).toEqual([]);
    const audit: { details: unknown }[] = await ctx.app.dataSource.query(
      `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'review.created' ORDER BY seq`,
      [c.meeting.id],
    );
    expect(audit[0]?.details).toEqual({ children: 1, members: 5, actionsCarried: 2 });
  });

  it('groups my meetings by status on the dashboard, marks overdue actions, and lists children with overdue timescales', async () => {
    const { c } = await s47Discussion();
    const scheduled = await buildMeetingCast(ctx.app, clients);
    const dashboard = async (cookie: string): Promise<DashboardResponse> =>
      (await ctx.app.request('GET', '/api/dashboard', { cookie })).body as DashboardResponse;

    const chairs = await dashboard(c.chair.cookie);
    expect(chairs.meetings.live.map((m) => m.id)).toEqual([c.meeting.id]);
    expect(chairs.meetings.scheduled).toEqual([]);
    const police = await dashboard(c.police.cookie);
    expect(police.actions.map((a) => [a.description, a.overdue])).toEqual([
      ['Consider an ABE interview', true],
      ['Voluntary interview', false],
    ]);
    expect(police.overdueActionCount).toBe(1);
    expect(police.actions[0]).toMatchObject({ meetingReference: c.meeting.reference });
    expect(chairs.overdueChildren).toEqual([]);

    await post(c, c.chair.cookie, '/conclude');
    const after = await dashboard(c.chair.cookie);
    expect(after.meetings.live).toEqual([]);
    expect(after.meetings.concluded.map((m) => [m.id, m.status])).toEqual([[c.meeting.id, 'concluded']]);
    const other = await dashboard(scheduled.chair.cookie);
    expect(other.meetings.scheduled.map((m) => m.id)).toEqual([scheduled.meeting.id]);
    expect((await ctx.app.request('GET', '/api/dashboard')).status).toBe(401);

    // Section 47 started 40 days ago and no conference has been held: the child's ICPC clock is overdue, shown to
    // those who see the child's whole record (the chair, then the LCPP named), not to the other members.
    const s = scheduled;
    await ctx.app.dataSource.query(
      `UPDATE meetings SET status = 'live', started_at = now() - interval '40 days', started_by = $2 WHERE id = $1`,
      [s.meeting.id, s.chair.user.user.id],
    );
    const child = s.meeting.children[0]!;
    const s47 = await s.chair.client.ok('decision:open', { meetingId: s.meeting.id, childIds: [child.id] });
    await s.chair.client.ok('la-decision:record', {
      meetingId: s.meeting.id,
      decisionId: s47.id,
      chosenOptions: ['s47-joint'],
      reasons: 'Injury with a disclosure',
    });
    const overdueOn = async (cookie: string) =>
      (await dashboard(cookie)).overdueChildren.map((o) => [o.child.id, o.overdueClocks.map((k) => k.key)]);
    expect((await dashboard(s.chair.cookie)).overdueChildren).toEqual([
      {
        child: expect.objectContaining({ id: child.childId, name: child.name }),
        overdueClocks: [expect.objectContaining({ key: 'icpc', status: 'overdue' })],
      },
    ]);
    expect(await overdueOn(s.police2.cookie)).toEqual([]);
    const named = await ctx.app.request('PUT', `/api/children/${child.childId}/lcpp`, {
      cookie: s.chair.cookie,
      body: { userId: s.police2.user.user.id },
    });
    expect(named.status).toBe(200);
    expect(await overdueOn(s.police2.cookie)).toEqual([[child.childId, ['icpc']]]);
    expect(await overdueOn(s.police.cookie)).toEqual([]);
  });
});
