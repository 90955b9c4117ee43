import type { AgencyReport, MeetingPart, MeetingTypeDefinition } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { buildMeeting, TestApp, type TestUser } from '../../../test/support/test-app';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describeOnOneDatabase('meeting types and conferences', (ctx) => {
  const clients: EventsClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const api = (method: string, path: string, cookie: string, body?: unknown) =>
    ctx.app.request(method, `/api${path}`, { cookie, body });
  const count = async (table: string): Promise<number> =>
    Number(((await ctx.app.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0]!.n);
  const auditRows = (type: string, meetingId: string) =>
    ctx.app.dataSource.query(
      `SELECT subject_id, details FROM audit_events WHERE type = $1 AND meeting_id = $2 ORDER BY seq`,
      [type, meetingId],
    ) as Promise<{ subject_id: string; details: Record<string, unknown> }[]>;

  interface Person {
    user: TestUser;
    cookie: string;
  }
  const person = async (agency: TestUser['user']['agency'] = 'childrens-social-care'): Promise<Person> => {
    const user = await ctx.app.createUser({ agency });
    return { user, cookie: await ctx.app.signIn(user) };
  };
  const addMember = async (meetingId: string, chair: Person, member: Person, role: string) => {
    const added = await api('POST', `/meetings/${meetingId}/members`, chair.cookie, { email: member.user.email, role });
    expect(added.status).toBe(201);
  };

  /** A live strategy discussion about one new child; with `decide`, its LA decision in force chose `decide`. */
  async function strategyDiscussion(decide?: string) {
    const user = await ctx.app.createUser();
    const { meeting, chairCookie } = await ctx.app.createMeeting(user);
    const chair: Person = { user, cookie: chairCookie };
    if (decide) {
      expect((await api('POST', `/meetings/${meeting.id}/start`, chair.cookie)).status).toBe(200);
      const client = await EventsClient.connect(ctx.app.url, { cookie: chair.cookie });
      clients.push(client);
      const decision = await client.ok('decision:open', {
        meetingId: meeting.id,
        childIds: [meeting.children[0]!.id],
      });
      await client.ok('la-decision:record', {
        meetingId: meeting.id,
        decisionId: decision.id,
        chosenOptions: [decide],
        reasons: 'Injury with a disclosure',
      });
    }
    return { sd: meeting, chair, childId: meeting.children[0]!.childId };
  }

  const convene = (convener: Person, body: Record<string, unknown>) =>
    api('POST', '/meetings', convener.cookie, buildMeeting({ reason: 'Conference', ...body }));

  /** An initial conference convened by `chair` from a strategy discussion that started s47 enquiries. */
  async function initialConference() {
    const { sd, chair, childId } = await strategyDiscussion('s47-joint');
    const icpc = await convene(chair, { type: 'icpc', precededByMeetingId: sd.id, children: [{ childId }] });
    expect(icpc.status).toBe(201);
    return { sd, chair, childId, icpc: icpc.body as MeetingDetail };
  }

  /** An active plan for the child, as the plan's own path would start it (the plan helper builds that path). */
  async function activePlan(childId: string, startedByMeetingId: string, leadProfessionalUserId: string | null = null) {
    await ctx.app.dataSource.query(
      `INSERT INTO child_protection_plans (child_id, started_by_meeting_id, initial_categories, latest_categories, lead_professional_user_id)
       VALUES ($1, $2, '{neglect}', '{neglect}', $3)`,
      [childId, startedByMeetingId, leadProfessionalUserId],
    );
  }

  it('serves each meeting type as the deployment runs it, to signed-in users only', async () => {
    const someone = await person();
    expect((await ctx.app.request('GET', '/api/meeting-types')).status).toBe(401);
    const res = await api('GET', '/meeting-types', someone.cookie);
    expect(res.status).toBe(200);
    const types = res.body.meetingTypes as MeetingTypeDefinition[];
    expect(types.map((t) => [t.type, t.decisionTemplateKeys, t.independentChair, t.convenedFrom])).toEqual([
      ['strategy-discussion', ['s47-threshold'], false, 'nothing'],
      ['icpc', ['icpc-plan'], true, 'strategy-discussion'],
      ['core-group', [], false, 'child-protection-plan'],
      ['review-conference', ['review-conference-plan'], true, 'child-protection-plan'],
      ['fgdm', [], true, 'nothing'],
    ]);
    expect(types[1]!.recordSections.map((s) => s.key)).toContain('agency-reports');
  });

  it('refuses an initial conference that does not follow a strategy discussion which started s47 enquiries, creating nothing', async () => {
    const { sd, chair, childId } = await strategyDiscussion();
    const [meetings, children] = [await count('meetings'), await count('children')];

    const unnamed = await convene(chair, { type: 'icpc', children: [{ childId }] });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.fields).toEqual([expect.objectContaining({ path: 'precededByMeetingId' })]);

    const noS47 = await convene(chair, {
      type: 'icpc',
      precededByMeetingId: sd.id,
      children: [{ childId }, { name: 'A new baby' }],
    });
    expect(noS47.status).toBe(409);
    expect(noS47.body.message).toBe(
      `An initial child protection conference follows a strategy discussion whose decision started section 47 enquiries: ${sd.reference} did not`,
    );

    const strangers = await convene(await person(), {
      type: 'icpc',
      precededByMeetingId: sd.id,
      children: [{ name: 'X' }],
    });
    expect(strangers.status).toBe(400);
    expect(strangers.body.message).toMatch(/^No meeting with that id is known to you/);
    expect([await count('meetings'), await count('children')]).toEqual([meetings, children]);
  });

  it('convenes an initial conference from the s47 discussion, with its own record; a child on a plan needs a review instead', async () => {
    const { sd, chair, childId, icpc } = await initialConference();
    expect(icpc).toMatchObject({ type: 'icpc', precededBy: { id: sd.id, type: 'strategy-discussion' } });
    expect(icpc.reference).toMatch(/^ICPC-\d{8}-[0-9A-F]{4}$/);
    const types = (await api('GET', '/meeting-types', chair.cookie)).body.meetingTypes as MeetingTypeDefinition[];
    const record = icpc.templates.find((t) => t.kind === 'record')!;
    expect(record.sections).toEqual(types.find((t) => t.type === 'icpc')!.recordSections);
    expect(icpc.templates.find((t) => t.kind === 'safety-plan')!.sections.map((s) => s.key)).toContain('worries');

    const notDiscussed = await convene(chair, {
      type: 'icpc',
      precededByMeetingId: sd.id,
      children: [{ childId }, { name: 'A new baby' }],
    });
    expect(notDiscussed.status).toBe(409);
    expect(notDiscussed.body.message).toBe(
      `A new baby was not a child of ${sd.reference}: name each child of the conference from that discussion`,
    );

    await activePlan(childId, icpc.id);
    const again = await convene(chair, { type: 'icpc', precededByMeetingId: sd.id, children: [{ childId }] });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Ruby Testcase is already on a child protection plan: convene a review conference');
  });

  it('refuses a core group or review conference before the child has a plan, and convenes them once they do', async () => {
    const { chair, childId, icpc } = await initialConference();
    const before = await count('meetings');
    const coreGroup = await convene(chair, { type: 'core-group', children: [{ childId }] });
    expect(coreGroup.status).toBe(409);
    expect(coreGroup.body.message).toBe(
      'A core group works a child protection plan: Ruby Testcase has none yet (hold the initial conference first)',
    );
    const review = await convene(chair, { type: 'review-conference', children: [{ childId }] });
    expect(review.status).toBe(409);
    expect(await count('meetings')).toBe(before);

    await activePlan(childId, icpc.id);
    const held = await convene(chair, { type: 'core-group', precededByMeetingId: icpc.id, children: [{ childId }] });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ type: 'core-group', precededBy: { id: icpc.id } });
    expect((held.body as MeetingDetail).templates[0]!.sections[0]!.key).toBe('visits');
    const fromCoreGroup = await convene(chair, {
      type: 'review-conference',
      precededByMeetingId: held.body.id,
      children: [{ childId }],
    });
    expect(fromCoreGroup.status).toBe(400);
    expect(fromCoreGroup.body.message).toMatch(
      /^A review conference follows the initial conference or an earlier review: CG-.* is a core group meeting$/,
    );
    expect(
      (await convene(chair, { type: 'review-conference', precededByMeetingId: icpc.id, children: [{ childId }] }))
        .status,
    ).toBe(201);
  });

  it('keeps the conference chair independent of the case: not the LCPP, nor the plan’s lead professional', async () => {
    const { sd, chair: lcpp, childId } = await strategyDiscussion('s47-single-agency');
    await ctx.app.dataSource.query(`UPDATE children SET lcpp_user_id = $1 WHERE id = $2`, [lcpp.user.user.id, childId]);
    const refused = await convene(lcpp, { type: 'icpc', precededByMeetingId: sd.id, children: [{ childId }] });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      'The chair of a conference must be independent of the case: you are the lead child protection practitioner for a child in it. Ask an independent chair to convene it',
    );

    const independent = await person();
    await addMember(sd.id, lcpp, independent, 'participant');
    const icpc = await convene(independent, { type: 'icpc', precededByMeetingId: sd.id, children: [{ childId }] });
    expect(icpc.status).toBe(201);
    const asChair = await api('POST', `/meetings/${icpc.body.id}/members`, independent.cookie, {
      email: lcpp.user.email,
      role: 'chair',
    });
    expect(asChair.status).toBe(403);
    expect(asChair.body.message).toBe(
      'The chair of a conference must be independent of the case: this person is the lead child protection practitioner for a child in it',
    );

    const lead = await person('health');
    await addMember(icpc.body.id, independent, lead, 'participant');
    await activePlan(childId, icpc.body.id, lead.user.user.id);
    const promoted = await api('PATCH', `/meetings/${icpc.body.id}/members/${lead.user.user.id}`, independent.cookie, {
      role: 'chair',
    });
    expect(promoted.status).toBe(403);
    expect(promoted.body.message).toMatch(/this person is the lead professional of a child’s child protection plan/);
    // A strategy discussion's chair need not be independent.
    expect(
      (await api('PATCH', `/meetings/${sd.id}/members/${independent.user.user.id}`, lcpp.cookie, { role: 'chair' }))
        .status,
    ).toBe(200);
  });

  it('keeps the chair independent when the child’s LCPP is named or a child is added to the conference', async () => {
    const { chair, childId, icpc } = await initialConference();
    const lcppOf = async (id: string) =>
      (
        (await ctx.app.dataSource.query(`SELECT lcpp_user_id FROM children WHERE id = $1`, [id])) as {
          lcpp_user_id: string | null;
        }[]
      )[0]!.lcpp_user_id;

    const named = await api('PUT', `/children/${childId}/lcpp`, chair.cookie, { userId: chair.user.user.id });
    expect(named.status).toBe(403);
    expect(named.body.message).toBe(
      'The chair of a conference must be independent of the case: this person chairs a conference about this child that has not concluded, so cannot be their lead child protection practitioner',
    );
    expect(await lcppOf(childId)).toBeNull();

    // A child whose LCPP is the conference's chair is not added to it.
    const other = await strategyDiscussion();
    await ctx.app.dataSource.query(`UPDATE children SET lcpp_user_id = $1 WHERE id = $2`, [
      chair.user.user.id,
      other.childId,
    ]);
    const children = await count('meeting_children');
    const added = await api('POST', `/meetings/${icpc.id}/children`, chair.cookie, { childId: other.childId });
    expect(added.status).toBe(403);
    expect(added.body.message).toBe(
      'The chair of a conference must be independent of the case: its chair is the lead child protection practitioner for this child. Ask an independent chair to chair it first',
    );
    expect(await count('meeting_children')).toBe(children);
    expect(await auditRows('meeting.child-added', icpc.id)).toEqual([]);
  });

  it('takes one report per author before the conference, shared with the parents as the agency decides', async () => {
    const { chair, icpc } = await initialConference();
    const [police, health, observer, outsider] = [
      await person('police'),
      await person('health'),
      await person('education'),
      await person('police'),
    ];
    await addMember(icpc.id, chair, police, 'participant');
    await addMember(icpc.id, chair, health, 'participant');
    await addMember(icpc.id, chair, observer, 'observer');
    const reports = `/meetings/${icpc.id}/reports`;

    const noReason = await api('POST', reports, police.cookie, { text: 'Police report', sharedWithParents: false });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields).toEqual([expect.objectContaining({ path: 'notSharedReason' })]);
    expect((await api('POST', reports, observer.cookie, { text: 'Mine', sharedWithParents: true })).status).toBe(403);
    expect((await api('POST', reports, outsider.cookie, { text: 'Mine', sharedWithParents: true })).status).toBe(404);

    const first = await api('POST', reports, police.cookie, {
      text: 'Police report',
      sharedWithParents: false,
      notSharedReason: 'Interview under caution pending',
    });
    expect(first.status).toBe(201);
    const replaced = await api('POST', reports, police.cookie, {
      text: 'Police report, updated',
      sharedWithParents: false,
      notSharedReason: 'Interview under caution pending',
    });
    expect(replaced.body).toMatchObject({ id: first.body.id, agency: 'police', text: 'Police report, updated' });

    const sharing = `${reports}/${first.body.id}/sharing`;
    expect((await api('PUT', sharing, health.cookie, { sharedWithParents: true })).status).toBe(403);
    const shared = await api('PUT', sharing, chair.cookie, { sharedWithParents: true });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({
      sharedWithParents: true,
      sharedBy: { userId: chair.user.user.id },
      notSharedReason: '',
    });
    expect(shared.body.sharedAt).toEqual(expect.any(String));

    const read = await api('GET', reports, observer.cookie);
    expect((read.body.reports as AgencyReport[]).map((r) => [r.agency, r.text, r.sharedWithParents])).toEqual([
      ['police', 'Police report, updated', true],
    ]);
    expect((await api('GET', reports, outsider.cookie)).status).toBe(404);

    const submitted = await auditRows('report.submitted', icpc.id);
    expect(submitted.map((r) => r.details)).toEqual([
      { agency: 'police', shared: false, replaced: false },
      { agency: 'police', shared: false, replaced: true },
    ]);
    expect(submitted[0]!.subject_id).toBe(first.body.id);
    expect((await auditRows('report.sharing-changed', icpc.id)).map((r) => r.details)).toEqual([
      { agency: 'police', shared: true },
    ]);

    const sd = await strategyDiscussion();
    const notConference = await api('POST', `/meetings/${sd.sd.id}/reports`, sd.chair.cookie, {
      text: 'Report',
      sharedWithParents: true,
    });
    expect(notConference.status).toBe(409);
    expect(notConference.body.message).toBe(
      'Agency reports are for child protection conferences: this is a strategy discussion',
    );
  });

  it('holds parts without the parents one at a time while live, ends one on conclusion, and opens only the conference’s decisions', async () => {
    const { chair, icpc } = await initialConference();
    const participant = await person('health');
    await addMember(icpc.id, chair, participant, 'participant');
    const parts = `/meetings/${icpc.id}/parts`;
    const reason = { reason: 'Police intelligence the parents cannot hear' };

    expect((await api('POST', parts, chair.cookie, reason)).body.code).toBe('MeetingNotLive');
    expect((await api('POST', `/meetings/${icpc.id}/start`, chair.cookie)).status).toBe(200);
    expect((await api('POST', parts, participant.cookie, reason)).status).toBe(403);
    const first = await api('POST', parts, chair.cookie, reason);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      withoutParents: true,
      endedAt: null,
      startedBy: { userId: chair.user.user.id },
    });
    const second = await api('POST', parts, chair.cookie, reason);
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(
      /^A part without the parents has been under way since .+: end it before starting another$/,
    );
    const ended = await api('POST', `${parts}/${first.body.id}/end`, chair.cookie);
    expect(ended.status).toBe(200);
    expect(ended.body.endedAt).toEqual(expect.any(String));
    expect((await api('POST', `${parts}/${first.body.id}/end`, chair.cookie)).status).toBe(409);
    const open = await api('POST', parts, chair.cookie, reason);
    expect(open.status).toBe(201);

    const client = await EventsClient.connect(ctx.app.url, { cookie: chair.cookie });
    clients.push(client);
    const child = icpc.children[0]!.id;
    const s47 = await client.emit('decision:open', {
      meetingId: icpc.id,
      childIds: [child],
      templateKey: 's47-threshold',
    });
    expect(s47).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'templateKey' }] } });
    if (!s47.ok) {
      expect(s47.error.message).toBe(
        'An initial child protection conference does not open “Section 47 threshold decision”: choose “Child protection plan decision”',
      );
    }
    const plan = await client.ok('decision:open', { meetingId: icpc.id, childIds: [child], templateKey: 'icpc-plan' });
    await client.ok('la-decision:record', {
      meetingId: icpc.id,
      decisionId: plan.id,
      chosenOptions: ['child-protection-plan'],
      reasons: 'Likely to suffer significant harm',
    });

    expect((await api('POST', `/meetings/${icpc.id}/conclude`, chair.cookie, {})).status).toBe(200);
    const held = (await api('GET', parts, participant.cookie)).body.parts as MeetingPart[];
    expect(held.map((p) => [p.id, p.endedAt !== null, p.reason])).toEqual([
      [first.body.id, true, reason.reason],
      [open.body.id, true, reason.reason],
    ]);
    expect((await auditRows('meeting.part-started', icpc.id)).map((r) => r.details)).toEqual([{}, {}]);
    expect((await auditRows('meeting.part-ended', icpc.id)).map((r) => [r.subject_id, r.details])).toEqual([
      [first.body.id, { onConclusion: false }],
      [open.body.id, { onConclusion: true }],
    ]);
  });
  it('offers only the roles the deployment gives a meeting type (MEETING_TYPES_FILE), and refuses another clearly', async () => {
    const file = path.join(tmpdir(), `roundtable-meeting-types-${randomUUID()}.json`);
    const roles = ['chair', 'participant', 'observer'];
    await writeFile(file, JSON.stringify({ meetingTypes: [{ type: 'strategy-discussion', roles }] }));
    const app = await TestApp.start(ctx.database, { MEETING_TYPES_FILE: file });
    try {
      const chair = await app.createUser({ canChair: true });
      const other = await app.createUser({ agency: 'health' });
      const { meeting, chairCookie } = await app.createMeeting(chair);
      const types = await app.request('GET', '/api/meeting-types', { cookie: chairCookie });
      const byType = new Map((types.body.meetingTypes as MeetingTypeDefinition[]).map((t) => [t.type, t.roles]));
      expect(byType.get('strategy-discussion')).toEqual(roles);
      expect(byType.get('icpc')).toEqual(['chair', 'participant', 'minute-taker', 'observer']);

      const refused = await app.request('POST', `/api/meetings/${meeting.id}/members`, {
        cookie: chairCookie,
        body: { email: other.email, role: 'minute-taker' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toBe(
        'A strategy discussion has no minute taker role here: choose one of chair, participant, observer (read only)',
      );
      const members: { n: number }[] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM meeting_members WHERE meeting_id = $1`,
        [meeting.id],
      );
      expect(members[0]!.n).toBe(1);
      const added = await app.request('POST', `/api/meetings/${meeting.id}/members`, {
        cookie: chairCookie,
        body: { email: other.email, role: 'participant' },
      });
      expect(added.status).toBe(201);
      const changed = await app.request('PATCH', `/api/meetings/${meeting.id}/members/${other.user.id}`, {
        cookie: chairCookie,
        body: { role: 'minute-taker' },
      });
      expect(changed.status).toBe(400);
    } finally {
      await app.close();
    }
  });
});
