/**
 * The whole pathway for one child on the real server (docs/PATHWAY.md):
 * strategy discussion (s47) → initial child protection conference (plan,
 * categories, core group) → core group (plan updated) → review conference
 * (plan ended), with the chronology, the plan's versions and reviews, every
 * sealed record, need-to-know on the child's page, and the bad input the
 * pathway refuses without changing anything.
 */
import type { ChildRecord, ChildProtectionPlan } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { describeOnOneDatabase } from '../support/each-database';
import { eventually } from '../support/eventually';
import { EventsClient } from '../support/meeting-events-client';
import type { TestUser } from '../support/test-app';

const NHS_NUMBER = '9434765919';

describeOnOneDatabase('the child protection pathway, from strategy discussion to the plan ended', (ctx) => {
  const clients: EventsClient[] = [];
  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const app = () => ctx.app;
  const cookies = new Map<string, string>();
  const cookie = async (user: TestUser) => {
    let value = cookies.get(user.user.id);
    if (!value) cookies.set(user.user.id, (value = await app().signIn(user)));
    return value;
  };
  const call = async (user: TestUser, method: string, path: string, body?: unknown) =>
    app().request(method, `/api${path}`, { cookie: await cookie(user), body });
  const ok = async (user: TestUser, method: string, path: string, body?: unknown, status = [200, 201]) => {
    const res = await call(user, method, path, body);
    if (!status.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const socket = async (user: TestUser, meetingId: string) => {
    const client = await EventsClient.connect(app().url, { cookie: await cookie(user) });
    clients.push(client);
    await client.ok('meeting:join', { meetingId });
    return client;
  };
  const meetingCount = async () =>
    ((await app().dataSource.query(`SELECT count(*)::int AS n FROM meetings`)) as { n: number }[])[0]!.n;
  const addMembers = async (chair: TestUser, meetingId: string, members: [TestUser, string][]) => {
    for (const [member, role] of members)
      await ok(chair, 'POST', `/meetings/${meetingId}/members`, { email: member.email, role });
  };
  /** Opens a decision for the meeting's children, records the chosen option as the LA's (or the chair's) decision. */
  const decide = async (chair: TestUser, meeting: MeetingDetail, templateKey: string, option: string) => {
    const client = await socket(chair, meeting.id);
    const decision = await client.ok('decision:open', {
      meetingId: meeting.id,
      childIds: meeting.children.map((c) => c.id),
      templateKey,
    });
    await client.ok('la-decision:record', {
      meetingId: meeting.id,
      decisionId: decision.id,
      chosenOptions: [option],
      reasons: 'Decided on the information shared',
    });
    return { client, decisionId: decision.id as string };
  };
  const conclude = async (chair: TestUser, meetingId: string) => {
    await ok(chair, 'POST', `/meetings/${meetingId}/conclude`, {});
    await eventually(async () => {
      const records = await ok(chair, 'GET', `/meetings/${meetingId}/records`);
      expect(records.versions.length).toBeGreaterThan(0);
    });
  };

  it('takes Ruby from a strategy discussion to a plan that a review conference ends, every step on her record', async () => {
    const sdChair = await app().createUser({ displayName: 'Sam Team Manager', canChair: true });
    const conferenceChair = await app().createUser({ displayName: 'Indira Independent Chair', canChair: true });
    const lcpp = await app().createUser({ displayName: 'Lee Practitioner', canChair: true });
    const police = await app().createUser({ displayName: 'DS Priya Police', agency: 'police' });
    const health = await app().createUser({ displayName: 'Hana Health Visitor', agency: 'health' });
    const teacher = await app().createUser({ displayName: 'Tess Teacher', agency: 'education' });
    const stranger = await app().createUser({ displayName: 'Olu Outsider', agency: 'health' });

    // Bad input changes nothing: an NHS number whose check digit is wrong.
    const before = await meetingCount();
    const badNhs = await call(sdChair, 'POST', '/meetings', {
      reason: 'Bruising noticed at nursery',
      scheduledAt: '2026-03-19T10:00:00Z',
      children: [{ name: 'Ruby Pathway', nhsNumber: '943 476 5918' }],
    });
    expect(badNhs.status).toBe(400);
    expect(JSON.stringify(badNhs.body)).toContain('check digit');
    expect(await meetingCount()).toBe(before);

    // 1. The strategy discussion decides on section 47 enquiries.
    const sd: MeetingDetail = await ok(sdChair, 'POST', '/meetings', {
      reason: 'Bruising noticed at nursery',
      scheduledAt: '2026-03-19T10:00:00Z',
      children: [
        { name: 'Ruby Pathway', dateOfBirth: '2021-11-14', caseSystemId: 'PW-0001', nhsNumber: '943 476 5919' },
      ],
    });
    const childId = sd.children[0]!.childId;
    await addMembers(sdChair, sd.id, [
      [police, 'participant'],
      [health, 'participant'],
      [lcpp, 'participant'],
      [conferenceChair, 'observer'],
    ]);
    await ok(sdChair, 'PUT', `/children/${childId}/lcpp`, { userId: lcpp.user.id });
    await ok(sdChair, 'POST', `/meetings/${sd.id}/start`);

    // A core group before any conference, and a conference from a discussion without s47, are refused.
    const noPlanYet = await call(lcpp, 'POST', '/meetings', {
      type: 'core-group',
      reason: 'Core group',
      scheduledAt: '2026-03-30T10:00:00Z',
      children: [{ childId }],
    });
    expect(noPlanYet.status).toBeGreaterThanOrEqual(400);
    expect(noPlanYet.status).toBeLessThan(500);
    expect(JSON.stringify(noPlanYet.body)).toMatch(/plan/i);
    const tooSoon = await call(conferenceChair, 'POST', '/meetings', {
      type: 'icpc',
      precededByMeetingId: sd.id,
      reason: 'Initial conference',
      scheduledAt: '2026-04-08T10:00:00Z',
      children: [{ childId }],
    });
    expect(tooSoon.status).toBeGreaterThanOrEqual(400);
    expect(tooSoon.status).toBeLessThan(500);
    expect(await meetingCount()).toBe(before + 1);

    await decide(sdChair, sd, 's47-threshold', 's47-joint');
    await conclude(sdChair, sd.id);
    const sdIcpcClock = async () =>
      ((await ok(police, 'GET', `/meetings/${sd.id}`)) as MeetingDetail).clocks.find((k) => k.key === 'icpc');
    expect(await sdIcpcClock()).toMatchObject({ status: 'running' });

    // 2. The initial conference, convened from that discussion by an independent chair.
    const icpc: MeetingDetail = await ok(conferenceChair, 'POST', '/meetings', {
      type: 'icpc',
      precededByMeetingId: sd.id,
      reason: 'Initial child protection conference',
      scheduledAt: '2026-04-08T10:00:00Z',
      children: [{ childId }],
    });
    expect(icpc.type).toBe('icpc');
    expect(icpc.precededBy).toMatchObject({ id: sd.id, type: 'strategy-discussion' });
    await addMembers(conferenceChair, icpc.id, [
      [police, 'participant'],
      [health, 'participant'],
      [lcpp, 'participant'],
    ]);
    await ok(police, 'POST', `/meetings/${icpc.id}/reports`, {
      text: 'Police report for conference.',
      sharedWithParents: false,
      notSharedReason: 'A live criminal investigation',
    });
    await ok(health, 'POST', `/meetings/${icpc.id}/reports`, {
      text: 'Health visitor report.',
      sharedWithParents: true,
    });
    await ok(conferenceChair, 'POST', `/meetings/${icpc.id}/start`);
    // The discussion's own ICPC clock is met once the conference about its child has started.
    expect(await sdIcpcClock()).toMatchObject({ status: 'met' });
    await decide(conferenceChair, icpc, 'icpc-plan', 'child-protection-plan');
    const outline = {
      outcomes: [
        {
          id: randomUUID(),
          text: 'Ruby is seen by her health visitor every week and her injuries are explained',
          actions: [
            {
              id: randomUUID(),
              text: 'Weekly health visitor check',
              owner: 'Hana Health Visitor',
              agency: 'health',
              dueDate: '2026-04-30',
            },
          ],
        },
      ],
      contingency: 'If Ruby is injured again, a strategy discussion the same day.',
    };
    const outcome = await ok(conferenceChair, 'POST', `/meetings/${icpc.id}/children/${childId}/outcome`, {
      outcome: 'child-protection-plan',
      categories: ['physical', 'neglect'],
      leadProfessionalUserId: lcpp.user.id,
      coreGroupUserIds: [lcpp.user.id, health.user.id],
      outline,
      reasons: 'Likely to suffer significant harm',
    });
    expect(outcome).toMatchObject({ outcome: 'child-protection-plan', categories: ['physical', 'neglect'] });
    const twice = await call(conferenceChair, 'POST', `/meetings/${icpc.id}/children/${childId}/outcome`, {
      outcome: 'no-plan',
      stepDown: 'child-in-need',
      reasons: 'Changed my mind',
    });
    expect(twice.status).toBe(409);
    await conclude(conferenceChair, icpc.id);

    const planAfterIcpc: ChildProtectionPlan = await ok(lcpp, 'GET', `/children/${childId}/plan`);
    expect(planAfterIcpc).toMatchObject({ status: 'active', initialCategories: ['physical', 'neglect'] });
    expect(planAfterIcpc.current.version).toBe(1);

    // 3. The core group: the lead professional chairs it; a teacher joins only this meeting.
    const coreGroup: MeetingDetail = await ok(lcpp, 'POST', '/meetings', {
      type: 'core-group',
      precededByMeetingId: icpc.id,
      reason: 'First core group',
      scheduledAt: '2026-04-14T10:00:00Z',
      children: [{ childId }],
    });
    await addMembers(lcpp, coreGroup.id, [
      [health, 'participant'],
      [teacher, 'participant'],
    ]);
    await ok(lcpp, 'POST', `/meetings/${coreGroup.id}/start`);
    const detailed = {
      ...outline,
      outcomes: [
        ...outline.outcomes,
        {
          id: randomUUID(),
          text: 'Ruby attends nursery every day',
          actions: [
            {
              id: randomUUID(),
              text: 'Daily attendance check',
              owner: 'Tess Teacher',
              agency: 'education',
              dueDate: '2026-05-14',
            },
          ],
        },
      ],
    };
    const v2: ChildProtectionPlan = await ok(teacher, 'PUT', `/children/${childId}/plan`, {
      baseVersion: 1,
      meetingId: coreGroup.id,
      content: detailed,
    });
    expect(v2.current).toMatchObject({ version: 2, meeting: { id: coreGroup.id } });
    const stale = await call(health, 'PUT', `/children/${childId}/plan`, { baseVersion: 1, content: outline });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.body)).toContain('Daily attendance check'); // the newer version comes back: nothing lost
    await conclude(lcpp, coreGroup.id);

    // 4. The review conference ends the plan: Ruby steps down to a child in need plan.
    const review: MeetingDetail = await ok(conferenceChair, 'POST', '/meetings', {
      type: 'review-conference',
      precededByMeetingId: icpc.id,
      reason: 'First review conference',
      scheduledAt: '2026-07-01T10:00:00Z',
      children: [{ childId }],
    });
    await addMembers(conferenceChair, review.id, [
      [lcpp, 'participant'],
      [health, 'participant'],
    ]);
    await ok(conferenceChair, 'POST', `/meetings/${review.id}/start`);
    await decide(conferenceChair, review, 'review-conference-plan', 'end-plan');
    await ok(conferenceChair, 'POST', `/meetings/${review.id}/children/${childId}/outcome`, {
      outcome: 'end-plan',
      stepDown: 'child-in-need',
      reasons: 'The worries have been addressed for six months',
    });
    await conclude(conferenceChair, review.id);
    const ended = await call(lcpp, 'PUT', `/children/${childId}/plan`, { baseVersion: 2, content: detailed });
    expect(ended.status).toBe(409);

    // The plan's versions and what each meeting reviewed, hash for hash, in the audit trail.
    const versions = (await ok(lcpp, 'GET', `/children/${childId}/plan/versions`))
      .versions as ChildProtectionPlan['current'][];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const reviewed: { meeting_id: string; version: number; hash: string }[] = await app().dataSource.query(
      `SELECT r.meeting_id, r.version, r.hash FROM meeting_plan_reviews r JOIN child_protection_plans p ON p.id = r.plan_id
        WHERE p.child_id = $1 ORDER BY r.reviewed_at`,
      [childId],
    );
    expect(reviewed.map((r) => [r.meeting_id, r.version])).toEqual([
      [icpc.id, 1],
      [coreGroup.id, 2],
      [review.id, 2],
    ]);
    expect(reviewed.map((r) => r.hash)).toEqual([versions[0]!.hash, versions[1]!.hash, versions[1]!.hash]);
    const trail: { hash: string }[] = await app().dataSource.query(
      `SELECT details->>'hash' AS hash FROM audit_events WHERE type = 'plan.reviewed' AND details->>'childId' = $1 ORDER BY seq`,
      [childId],
    );
    expect(trail.map((t) => t.hash)).toEqual(reviewed.map((r) => r.hash));
    expect(versions[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(versions[0]!.hash).not.toBe(createHash('sha256').update('').digest('hex'));

    // The child's record: everything, in order, for the LCPP.
    const record: ChildRecord = await ok(lcpp, 'GET', `/children/${childId}`);
    expect(record.scope).toBe('all');
    expect(record.child).toMatchObject({ caseSystemId: 'PW-0001', nhsNumber: NHS_NUMBER });
    expect(record.stage).toBe('plan-ended');
    expect(record.meetings.map((m) => m.type)).toEqual([
      'strategy-discussion',
      'icpc',
      'core-group',
      'review-conference',
    ]);
    const kinds = record.chronology.map((e) => e.kind);
    for (const kind of [
      'meeting-convened',
      'decision',
      'conference-outcome',
      'plan-started',
      'plan-changed',
      'plan-reviewed',
      'plan-ended',
      'record-sealed',
    ])
      expect(kinds).toContain(kind);
    expect(kinds.filter((k) => k === 'record-sealed')).toHaveLength(4);
    const times = record.chronology.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const entry of record.chronology) expect(entry.href).toMatch(/^\/(meetings|children)\//);
    expect(record.clocks.filter((c) => c.status === 'running' || c.status === 'overdue')).toEqual([]);

    // Need-to-know: the teacher, a member of the core group only, sees that meeting and nothing else.
    const teachers: ChildRecord = await ok(teacher, 'GET', `/children/${childId}`);
    expect(teachers.scope).toBe('own-meetings');
    expect(teachers.meetings.map((m) => m.id)).toEqual([coreGroup.id]);
    for (const entry of teachers.chronology) if (entry.meeting) expect(entry.meeting.id).toBe(coreGroup.id);
    expect(JSON.stringify(teachers)).not.toContain(sd.reference);
    expect(JSON.stringify(teachers)).not.toContain('Police report');
    // The plan itself and its versions (the room's plan tab, "Earlier versions") name the conferences by type only.
    const teachersPlan = await ok(teacher, 'GET', `/children/${childId}/plan`);
    const teachersVersions = await ok(teacher, 'GET', `/children/${childId}/plan/versions`);
    expect(teachersPlan.startedByMeeting.reference).toBe('Initial child protection conference');
    expect(teachersPlan.endedByMeeting.reference).toBe('Review child protection conference');
    expect(teachersVersions.versions.map((v: ChildProtectionPlan['current']) => v.meeting?.reference)).toEqual([
      'Initial child protection conference',
      coreGroup.reference,
    ]);
    for (const other of [sd, icpc, review]) {
      expect(JSON.stringify([teachersPlan, teachersVersions])).not.toContain(other.reference);
      expect(JSON.stringify(teachers)).not.toContain(other.reference);
    }
    // A stranger gets the same answer as for a child who does not exist.
    const strangers = await call(stranger, 'GET', `/children/${childId}`);
    const missing = await call(stranger, 'GET', `/children/${randomUUID()}`);
    expect(strangers.status).toBe(404);
    expect({ ...strangers.body, correlationId: null }).toEqual({ ...missing.body, correlationId: null });

    // Every meeting of the pathway has its sealed record.
    for (const meeting of [sd, icpc, coreGroup, review]) {
      const records = await ok(
        meeting === coreGroup ? lcpp : meeting === sd ? sdChair : conferenceChair,
        'GET',
        `/meetings/${meeting.id}/records`,
      );
      expect(records.versions.length).toBeGreaterThan(0);
      // Titled by the meeting's type: an ICPC's record is not a "Strategy discussion record".
      if (meeting === icpc) {
        const family = records.versions[0].files.find(
          (f: { variant: string; format: string }) => f.variant === 'family' && f.format === 'html',
        );
        const html = await app().request('GET', family.href, { cookie: await cookie(conferenceChair) });
        expect(html.body).toContain(`<h1>Initial child protection conference record ${icpc.reference}</h1>`);
      }
    }
  });
  it('counts the pathway clocks on the real server in working days, skipping Easter, across the change to BST', async () => {
    const chair = await app().createUser({ displayName: 'Casey Clock Chair', canChair: true });
    const lcpp = await app().createUser({ displayName: 'Lou Clock Practitioner' });
    /** Starts a scheduled meeting as if on `at` (the clocks run from when meetings were held). */
    const heldOn = (meetingId: string, at: string) =>
      app().dataSource.query(`UPDATE meetings SET status = 'live', started_at = $2, started_by = $3 WHERE id = $1`, [
        meetingId,
        at,
        chair.user.id,
      ]);
    // Monday 2 March 2026 (GMT): the strategy discussion starts section 47 enquiries.
    const sd: MeetingDetail = await ok(chair, 'POST', '/meetings', {
      reason: 'Clock test',
      scheduledAt: '2026-03-02T10:00:00Z',
      children: [{ name: 'Robin Clock' }],
    });
    const childId = sd.children[0]!.childId;
    await addMembers(chair, sd.id, [[lcpp, 'participant']]);
    await heldOn(sd.id, '2026-03-02T10:00:00Z');
    await decide(chair, sd, 's47-threshold', 's47-single-agency');
    await conclude(chair, sd.id);
    // Friday 20 March 2026: the ICPC is held and starts a plan (DOMAIN-PATHWAY §9.1 item 2).
    const icpc: MeetingDetail = await ok(chair, 'POST', '/meetings', {
      type: 'icpc',
      precededByMeetingId: sd.id,
      reason: 'Clock test conference',
      scheduledAt: '2026-03-20T10:00:00Z',
      children: [{ childId }],
    });
    await addMembers(chair, icpc.id, [[lcpp, 'participant']]);
    await heldOn(icpc.id, '2026-03-20T10:00:00Z');
    await decide(chair, icpc, 'icpc-plan', 'child-protection-plan');
    await ok(chair, 'POST', `/meetings/${icpc.id}/children/${childId}/outcome`, {
      outcome: 'child-protection-plan',
      categories: ['emotional'],
      leadProfessionalUserId: lcpp.user.id,
      coreGroupUserIds: [lcpp.user.id],
      reasons: 'Likely to suffer significant harm',
    });
    const record: ChildRecord = await ok(chair, 'GET', `/children/${childId}`);
    const clock = (key: string) => record.clocks.find((c) => c.key === key);
    // 15 working days from Monday 2 March: Monday 23 March, in GMT; met by the ICPC on the 20th.
    expect(clock('icpc')).toMatchObject({ dueDate: '2026-03-23', dueAt: '2026-03-23T23:59:59.999Z', status: 'met' });
    // 10 working days from Friday 20 March, Good Friday (3 April) and Easter Monday (6 April) skipped:
    // Tuesday 7 April, whose end is 23:59:59.999 BST.
    expect(clock('first-core-group')).toMatchObject({
      dueDate: '2026-04-07',
      dueAt: '2026-04-07T22:59:59.999Z',
      status: 'overdue',
    });
    // 3 months after 20 March is Saturday 20 June: the last working day before it, Friday 19 June.
    expect(clock('first-review-conference')).toMatchObject({ dueDate: '2026-06-19', status: 'overdue' });
  });
});
