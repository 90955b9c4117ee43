import { createHash } from 'node:crypto';
import type { MeetingType, PlanContentInput } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { sealedRecordHref } from '@roundtable/shared/sealed-records';
import { canonicalJson } from '../../audit';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import type { TestUser } from '../../../test/support/test-app';
import { ChildPathwayService } from './child-pathway.service';

const REASONS = 'The baby was left unfed for long periods, seen on three home visits.';
const OUTLINE: PlanContentInput = {
  outcomes: [
    {
      id: '0b7c9a52-6f7e-4d55-9b9a-2f5e1c0a0001',
      text: 'Ruby is fed regularly and gains weight',
      actions: [
        {
          id: '0b7c9a52-6f7e-4d55-9b9a-2f5e1c0a0002',
          text: 'Weekly weighing at the clinic',
          owner: 'Health visitor',
          agency: 'health',
          dueDate: '2026-04-30',
        },
      ],
    },
  ],
  contingency: 'If Ruby loses weight, a legal planning meeting is called.',
};
const v2Content = {
  ...OUTLINE,
  contingency: 'If Ruby loses weight again, the social worker calls a strategy discussion.',
};

describeOnOneDatabase('child protection plans, conference outcomes and plan reviews', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  type Person = TestUser & { cookie: string; id: string };
  const request = (method: string, path: string, who: Person, body?: unknown) =>
    ctx.app.request(method, path, { cookie: who.cookie, body });
  const audit = (type: string, meetingId?: string): Promise<{ meeting_id: string | null; details: any }[]> =>
    ctx.app.dataSource.query(
      `SELECT meeting_id, details FROM audit_events WHERE type = $1 AND ($2::uuid IS NULL OR meeting_id = $2) ORDER BY seq`,
      [type, meetingId ?? null],
    );

  /** The chair (who also chaired the strategy discussion), the lead professional, core group, observer and a stranger. */
  async function cast() {
    const person = async (displayName: string, agency: TestUser['user']['agency']): Promise<Person> => {
      const user = await ctx.app.createUser({ displayName, agency });
      return { ...user, cookie: await ctx.app.signIn(user), id: user.user.id };
    };
    return {
      chair: await person('Sam Chair', 'childrens-social-care'),
      lead: await person('Hana Health', 'health'),
      police: await person('Priya Police', 'police'),
      observer: await person('Ed Education', 'education'),
      stranger: await person('Olu Outsider', 'health'),
    };
  }
  type Cast = Awaited<ReturnType<typeof cast>>;
  // People only (signing in hashes passwords: seconds each); every test convenes its own meetings about its own child.
  let c: Cast;
  beforeAll(async () => {
    c = await cast();
  });

  async function joined(who: Person, meetingId: string): Promise<EventsClient> {
    const client = await EventsClient.connect(ctx.app.url, { cookie: who.cookie });
    clients.push(client);
    await client.ok('meeting:join', { meetingId });
    return client;
  }

  const start = async (who: Person, meetingId: string) =>
    expect((await request('POST', `/api/meetings/${meetingId}/start`, who)).status).toBe(200);
  const conclude = async (who: Person, meetingId: string) =>
    expect(await request('POST', `/api/meetings/${meetingId}/conclude`, who, {})).toMatchObject({ status: 200 });

  /** A concluded strategy discussion whose local authority decision started a joint section 47 enquiry for Ruby. */
  async function s47Discussion(c: Cast): Promise<{ meeting: MeetingDetail; childId: string }> {
    const { meeting } = await ctx.app.createMeeting(c.chair);
    const client = await joined(c.chair, meeting.id);
    const decision = await client.ok('decision:open', { meetingId: meeting.id, childIds: [meeting.children[0]!.id] });
    await client.ok('la-decision:record', {
      meetingId: meeting.id,
      decisionId: decision.id,
      chosenOptions: ['s47-joint'],
      reasons: 'Joint enquiry.',
    });
    await start(c.chair, meeting.id);
    await conclude(c.chair, meeting.id);
    return { meeting, childId: meeting.children[0]!.childId };
  }

  /** A conference or core group about the child, with the lead, police and the observer as members. */
  async function planMeeting(c: Cast, type: MeetingType, childId: string, precededBy: string): Promise<MeetingDetail> {
    const { meeting } = await ctx.app.createMeeting(
      c.chair,
      [
        { member: c.lead, role: 'participant' },
        { member: c.police, role: 'participant' },
        { member: c.observer, role: 'observer' },
      ],
      { type, precededByMeetingId: precededBy, children: [{ childId }], scheduledAt: '2026-03-20T10:00:00Z' },
    );
    return meeting;
  }

  const outcomeOf = (meetingId: string, childId: string) => `/api/meetings/${meetingId}/children/${childId}/outcome`;
  const planBody = (c: Cast) => ({
    outcome: 'child-protection-plan',
    categories: ['neglect', 'emotional'],
    leadProfessionalUserId: c.lead.id,
    coreGroupUserIds: [c.lead.id, c.police.id],
    outline: OUTLINE,
    reasons: REASONS,
  });

  /** Section 47, then a live ICPC whose outcome for Ruby is a plan. */
  async function onPlan(c: Cast) {
    const sd = await s47Discussion(c);
    const icpc = await planMeeting(c, 'icpc', sd.childId, sd.meeting.id);
    await start(c.chair, icpc.id);
    const recorded = await request('POST', outcomeOf(icpc.id, sd.childId), c.chair, planBody(c));
    expect(recorded.status).toBe(201);
    return {
      sd,
      icpc,
      childId: sd.childId,
      planId: recorded.body.planId as string,
      plan: `/api/children/${sd.childId}/plan`,
    };
  }

  it('records an ICPC’s outcome for a child, by its chair while live, matching the decision in force; a plan starts at version 1', async () => {
    const sd = await s47Discussion(c);
    const pathway = ctx.app.get(ChildPathwayService);
    expect((await pathway.summary(sd.childId)).stage).toBe('s47-enquiry');
    const icpc = await planMeeting(c, 'icpc', sd.childId, sd.meeting.id);
    const url = outcomeOf(icpc.id, sd.childId);
    const plans = () =>
      ctx.app.dataSource.query(`SELECT id FROM child_protection_plans WHERE child_id = $1`, [sd.childId]);
    const outcomes = () =>
      ctx.app.dataSource.query(`SELECT id FROM conference_outcomes WHERE meeting_id = $1`, [icpc.id]);

    expect(await request('POST', url, c.chair, planBody(c))).toMatchObject({
      status: 409,
      body: { code: 'MeetingNotLive' },
    });
    await start(c.chair, icpc.id);
    expect(await request('POST', url, c.lead, planBody(c))).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
    expect(await request('POST', url, c.stranger, planBody(c))).toMatchObject({
      status: 404,
      body: { code: 'MeetingNotFound' },
    });
    expect(
      await request('POST', url, c.chair, { outcome: 'end-plan', stepDown: 'family-help', reasons: REASONS }),
    ).toMatchObject({
      status: 400,
      body: { code: 'ValidationFailed', fields: [{ path: 'outcome' }] },
    });
    expect(
      await request('POST', url, c.chair, { ...planBody(c), leadProfessionalUserId: c.stranger.id }),
    ).toMatchObject({
      status: 400,
      body: { fields: [{ path: 'leadProfessionalUserId' }, { path: 'coreGroupUserIds' }] },
    });

    // The conference decided no plan: a plan outcome contradicts it, and nothing is written.
    const client = await joined(c.chair, icpc.id);
    const decision = await client.ok('decision:open', {
      meetingId: icpc.id,
      templateKey: 'icpc-plan',
      childIds: [icpc.children[0]!.id],
    });
    const decided = await client.ok('la-decision:record', {
      meetingId: icpc.id,
      decisionId: decision.id,
      chosenOptions: ['no-plan'],
      reasons: 'Not likely to suffer significant harm.',
    });
    const contradicted = await request('POST', url, c.chair, planBody(c));
    expect(contradicted).toMatchObject({
      status: 409,
      body: {
        code: 'Conflict',
        message:
          'The conference decided “No child protection plan” for this child; record that outcome, or correct the decision first',
      },
    });
    expect([await plans(), await outcomes()]).toEqual([[], []]);
    await client.ok('la-decision:correct', {
      meetingId: icpc.id,
      decisionId: decision.id,
      correctsId: decided.laDecisions[0]!.id,
      correctionReason: 'The chair decided a plan after hearing the parents.',
      chosenOptions: ['child-protection-plan'],
      reasons: 'Likely to suffer significant harm from neglect.',
    });

    const recorded = await request('POST', url, c.chair, planBody(c));
    expect(recorded).toMatchObject({
      status: 201,
      body: {
        meetingId: icpc.id,
        childId: sd.childId,
        outcome: 'child-protection-plan',
        categories: ['neglect', 'emotional'],
        reasons: REASONS,
        recordedBy: { userId: c.chair.id },
      },
    });
    const planId: string = recorded.body.planId;
    expect(
      await request('POST', url, c.chair, { outcome: 'no-plan', stepDown: 'child-in-need', reasons: REASONS }),
    ).toMatchObject({
      status: 409,
      body: { code: 'Conflict', message: 'The outcome for this child is already recorded at this conference' },
    });

    const listed = await request('GET', `/api/meetings/${icpc.id}/outcomes`, c.observer);
    expect(listed.body.outcomes).toEqual([recorded.body]);
    expect((await request('GET', `/api/meetings/${icpc.id}/outcomes`, c.stranger)).status).toBe(404);

    const plan = await request('GET', `/api/children/${sd.childId}/plan`, c.observer);
    expect(plan).toMatchObject({
      status: 200,
      body: {
        id: planId,
        status: 'active',
        startedByMeeting: { id: icpc.id, reference: icpc.reference },
        initialCategories: ['neglect', 'emotional'],
        latestCategories: ['neglect', 'emotional'],
        leadProfessional: { userId: c.lead.id, displayName: 'Hana Health', agency: 'health' },
        coreGroup: [{ userId: c.lead.id }, { userId: c.police.id }],
        current: {
          version: 1,
          content: { ...OUTLINE, reviewDates: [], coreGroupEveryWeeks: 6 },
          changedBy: { userId: c.chair.id },
          meeting: { id: icpc.id, type: 'icpc' },
        },
      },
    });
    const expected = createHash('sha256')
      .update(canonicalJson({ childId: sd.childId, planId, version: 1, content: plan.body.current.content }))
      .digest('hex');
    expect(plan.body.current.hash).toBe(expected);
    expect(await request('GET', `/api/children/${sd.childId}/plan`, c.stranger)).toMatchObject({
      status: 404,
      body: { code: 'NotFound' },
    });

    const [recordedEntry] = await audit('conference.outcome-recorded', icpc.id);
    expect(recordedEntry?.details).toEqual({
      childId: sd.childId,
      outcome: 'child-protection-plan',
      categories: ['neglect', 'emotional'],
      censusCode: 'MUL',
      stepDown: null,
      route: null,
      planId,
    });
    expect((await audit('plan.started', icpc.id))[0]?.details).toMatchObject({ planId, version: 1, hash: expected });
    expect(JSON.stringify(await audit('conference.outcome-recorded'))).not.toContain('unfed');

    const summary = await pathway.summary(sd.childId);
    expect(summary.stage).toBe('child-protection-plan');
    expect(summary.plan?.id).toBe(planId);
    expect(summary.clocks.map((k) => [k.key, k.status])).toEqual([
      ['icpc', 'met'],
      ['first-core-group', expect.stringMatching(/running|overdue/)],
      ['core-group', 'not-started'],
      ['first-review-conference', expect.stringMatching(/running|overdue/)],
      ['review-conference', 'not-started'],
    ]);
  });

  it('keeps each change as an attributed version, refuses a stale one with the current plan, and the conclusion records the version reviewed', async () => {
    const { sd, icpc, childId, planId, plan } = await onPlan(c);

    const changed = await request('PUT', plan, c.lead, { baseVersion: 1, meetingId: icpc.id, content: v2Content });
    expect(changed).toMatchObject({
      status: 200,
      body: {
        current: {
          version: 2,
          content: { contingency: v2Content.contingency },
          changedBy: { userId: c.lead.id },
          meeting: { id: icpc.id, reference: icpc.reference, type: 'icpc' },
        },
      },
    });
    const stale = await request('PUT', plan, c.police, { baseVersion: 1, content: OUTLINE });
    expect(stale).toMatchObject({
      status: 409,
      body: {
        code: 'StaleVersion',
        current: { id: planId, current: { version: 2, content: { contingency: v2Content.contingency } } },
      },
    });
    expect(await request('PUT', plan, c.stranger, { baseVersion: 2, content: OUTLINE })).toMatchObject({
      status: 404,
      body: { code: 'NotFound' },
    });
    expect(await request('PUT', plan, c.observer, { baseVersion: 2, content: OUTLINE })).toMatchObject({
      status: 403,
      body: { code: 'Forbidden' },
    });
    expect(
      await request('PUT', plan, c.police, { baseVersion: 2, meetingId: sd.meeting.id, content: OUTLINE }),
    ).toMatchObject({
      status: 400,
      body: { fields: [{ path: 'meetingId' }] },
    });
    // The same content again is no change.
    expect((await request('PUT', plan, c.police, { baseVersion: 2, content: v2Content })).body.current.version).toBe(2);
    const versions = await request('GET', `${plan}/versions`, c.observer);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v2Hash: string = changed.body.current.hash;
    expect(await audit('plan.changed', icpc.id)).toEqual([
      { meeting_id: icpc.id, details: { childId, planId, change: 'content', version: 2, hash: v2Hash } },
    ]);

    await conclude(c.chair, icpc.id);
    expect(
      await ctx.app.dataSource.query(`SELECT plan_id, version, hash FROM meeting_plan_reviews WHERE meeting_id = $1`, [
        icpc.id,
      ]),
    ).toEqual([{ plan_id: planId, version: 2, hash: v2Hash }]);
    expect((await audit('plan.reviewed', icpc.id)).map((e) => e.details)).toEqual([
      { meetingId: icpc.id, childId, planId, version: 2, hash: v2Hash },
    ]);
    const html = await eventually(async () => {
      const res = await fetch(ctx.app.url + sealedRecordHref(icpc.id, 1, 'complete', 'html'), {
        headers: { cookie: c.chair.cookie },
      });
      expect(res.status).toBe(200);
      return res.text();
    });
    expect(html).toContain('Neglect (NEG), Emotional abuse (EMO); census code MUL');
    expect(html).toContain(REASONS);
    expect(html).toContain(v2Hash);
  });

  it('a review conference continues the plan with new categories, a later one ends it with a step-down; the ended plan is read only', async () => {
    const { icpc, childId, planId, plan } = await onPlan(c);
    await conclude(c.chair, icpc.id);

    const first = await planMeeting(c, 'review-conference', childId, icpc.id);
    await start(c.chair, first.id);
    expect(
      await request('POST', outcomeOf(first.id, childId), c.chair, {
        outcome: 'no-plan',
        stepDown: 'family-help',
        reasons: REASONS,
      }),
    ).toMatchObject({ status: 400, body: { code: 'ValidationFailed' } });
    expect(
      await request('POST', outcomeOf(first.id, childId), c.chair, {
        outcome: 'continue-plan',
        categories: ['physical'],
        reasons: REASONS,
      }),
    ).toMatchObject({ status: 201, body: { planId, categories: ['physical'] } });
    expect((await request('GET', plan, c.lead)).body).toMatchObject({
      initialCategories: ['neglect', 'emotional'],
      latestCategories: ['physical'],
    });
    expect((await audit('plan.changed', first.id))[0]?.details).toEqual({
      childId,
      planId,
      change: 'categories',
      from: ['neglect', 'emotional'],
      to: ['physical'],
      censusCode: 'PHY',
    });
    await conclude(c.chair, first.id);

    const second = await planMeeting(c, 'review-conference', childId, first.id);
    await start(c.chair, second.id);
    expect(
      await request('POST', outcomeOf(second.id, childId), c.chair, { outcome: 'end-plan', reasons: REASONS }),
    ).toMatchObject({ status: 400, body: { fields: [{ path: 'stepDown' }] } });
    expect(
      await request('POST', outcomeOf(second.id, childId), c.chair, {
        outcome: 'end-plan',
        stepDown: 'family-help',
        reasons: REASONS,
      }),
    ).toMatchObject({ status: 201, body: { planId, stepDown: 'family-help' } });
    expect((await request('GET', plan, c.lead)).body).toMatchObject({
      status: 'ended',
      endedByMeeting: { id: second.id, reference: second.reference },
      stepDown: 'family-help',
    });
    expect(await request('PUT', plan, c.lead, { baseVersion: 1, content: v2Content })).toMatchObject({
      status: 409,
      body: { code: 'PlanEnded' },
    });
    expect((await audit('plan.ended', second.id))[0]?.details).toEqual({ childId, planId, stepDown: 'family-help' });
    const summary = await ctx.app.get(ChildPathwayService).summary(childId);
    expect([summary.stage, summary.plan?.status, summary.clocks.map((k) => k.key)]).toEqual([
      'plan-ended',
      'ended',
      ['icpc'],
    ]);

    // The conference that ended the plan reviewed it too.
    await conclude(c.chair, second.id);
    expect(
      await ctx.app.dataSource.query(`SELECT plan_id, version FROM meeting_plan_reviews WHERE meeting_id = $1`, [
        second.id,
      ]),
    ).toEqual([{ plan_id: planId, version: 1 }]);
  });
});
