import type { FamilyFgdmState, FgdmState } from '@roundtable/shared/fgdm';
import type { MeetingTypeDefinition } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import type { ChildRecord } from '@roundtable/shared/pathway';
import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { signInFamilyMember } from '../../../test/support/family';
import { FamilyPlanClient } from '../../../test/support/family-plan-client';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { compactText, pdftotextAvailable, pdfToText } from '../../../test/support/pdf-text';
import { buildMeeting, type TestUser } from '../../../test/support/test-app';

describeOnOneDatabase('family group decision-making', (ctx) => {
  const clients: EventsClient[] = [];
  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
  });
  const api = (method: string, path: string, cookie: string, body?: unknown) =>
    ctx.app.request(method, `/api${path}`, { cookie, body });
  const count = async (table: string): Promise<number> =>
    Number(((await ctx.app.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0]!.n);

  interface Person {
    user: TestUser;
    cookie: string;
  }
  const person = async (agency: TestUser['user']['agency'] = 'childrens-social-care'): Promise<Person> => {
    const user = await ctx.app.createUser({ agency });
    return { user, cookie: await ctx.app.signIn(user) };
  };
  const convene = (convener: Person, body: Record<string, unknown>) =>
    api('POST', '/meetings', convener.cookie, buildMeeting({ reason: 'Family group decision-making', ...body }));

  it('is a meeting type with an independent coordinator: the LCPP cannot convene it; a review FGDM follows an FGDM', async () => {
    const lcpp = await person();
    const types = (await api('GET', '/meeting-types', lcpp.cookie)).body.meetingTypes as MeetingTypeDefinition[];
    expect(types.find((t) => t.type === 'fgdm')).toMatchObject({
      label: 'Family group decision-making meeting',
      referencePrefix: 'FGDM',
      decisionTemplateKeys: [],
      independentChair: true,
      convenedFrom: 'nothing',
    });

    const { meeting: sd } = await ctx.app.createMeeting(lcpp.user);
    const childId = sd.children[0]!.childId;
    await ctx.app.dataSource.query(`UPDATE children SET lcpp_user_id = $1 WHERE id = $2`, [lcpp.user.user.id, childId]);
    const meetings = await count('meetings');
    const refused = await convene(lcpp, { type: 'fgdm', children: [{ childId }] });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(
      'The coordinator of a family group decision-making meeting must be independent of the case: you are the lead child protection practitioner for a child in it. Ask an independent coordinator to convene it',
    );
    expect(await count('meetings')).toBe(meetings);

    const coordinator = await person('other');
    await api('POST', `/meetings/${sd.id}/members`, lcpp.cookie, {
      email: coordinator.user.email,
      role: 'participant',
    });
    const first = await convene(coordinator, { type: 'fgdm', children: [{ childId }] });
    expect(first.status).toBe(201);
    const fgdm = first.body as MeetingDetail;
    expect(fgdm.reference).toMatch(/^FGDM-/);
    expect(fgdm.templates.find((t) => t.kind === 'record')!.sections.map((s) => s.key)).toEqual([
      'information-given',
      'professionals-response',
      'support-package',
      'next-steps',
    ]);
    // The LCPP cannot be made its coordinator either.
    const asChair = await api('POST', `/meetings/${fgdm.id}/members`, coordinator.cookie, {
      email: lcpp.user.email,
      role: 'chair',
    });
    expect(asChair.status).toBe(403);

    const review = await convene(coordinator, { type: 'fgdm', precededByMeetingId: fgdm.id, children: [{ childId }] });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({ type: 'fgdm', precededBy: { id: fgdm.id, type: 'fgdm' } });
    const fromDiscussion = await convene(coordinator, {
      type: 'fgdm',
      precededByMeetingId: sd.id,
      children: [{ childId }],
    });
    expect(fromDiscussion.status).toBe(400);
    expect(fromDiscussion.body.message).toMatch(
      /^A review family group decision-making meeting follows an earlier one/,
    );
  });

  it('runs the meeting: stages by the coordinator in order, bottom lines, the presented plan, the response and the support package', async () => {
    const coordinator = await person('other');
    const socialWorker = await person('childrens-social-care');
    const police = await person('police');
    const { meeting } = await ctx.app.createMeeting(
      coordinator.user,
      [
        { member: socialWorker.user, role: 'participant' },
        { member: police.user, role: 'participant' },
      ],
      { type: 'fgdm' },
    );
    const id = meeting.id;
    const family = await signInFamilyMember(ctx.app, coordinator.cookie, id, {
      displayName: 'Sam Family',
      email: 'sam.family@example.test',
      relationship: 'parent',
    });
    const stage = (who: Person, next: string) =>
      api('POST', `/meetings/${id}/fgdm/stages`, who.cookie, { stage: next });

    // Stages: only the coordinator, one at a time.
    expect((await api('GET', `/meetings/${id}/fgdm`, police.cookie)).body).toMatchObject({
      stage: 'preparation',
      canCoordinate: false,
      canAddBottomLines: false,
    });
    const notCoordinator = await stage(police, 'information-giving');
    expect(notCoordinator.status).toBe(403);
    expect(notCoordinator.body.message).toBe('Only the coordinator can move the meeting on to its next stage');
    const skipped = await stage(coordinator, 'private-family-time');
    expect(skipped.status).toBe(409);
    expect(skipped.body.message).toBe(
      'Stages go in order, one at a time: the meeting is at “Preparation”, so the next stage is “Information-giving”',
    );
    expect((await stage(coordinator, 'sideways')).status).toBe(400);
    expect((await stage(coordinator, 'information-giving')).status).toBe(201);

    // Bottom lines: the coordinator or a social worker, early on; visible to the family.
    const line = 'The children do not have unsupervised contact with Mr X';
    expect((await api('POST', `/meetings/${id}/fgdm/bottom-lines`, police.cookie, { text: line })).status).toBe(403);
    const empty = await api('POST', `/meetings/${id}/fgdm/bottom-lines`, socialWorker.cookie, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/Enter the bottom line/);
    expect((await api('POST', `/meetings/${id}/fgdm/bottom-lines`, socialWorker.cookie, { text: line })).status).toBe(
      201,
    );
    expect((await stage(coordinator, 'private-family-time')).status).toBe(201);
    expect((await api('POST', `/meetings/${id}/fgdm/bottom-lines`, coordinator.cookie, { text: 'Late' })).status).toBe(
      409,
    );

    // The family reads its state: no professional's name.
    const familyView = await family.agent.request('GET', '/api/family/fgdm');
    expect(familyView.status).toBe(200);
    const familyState = familyView.body as FamilyFgdmState;
    expect(familyState).toMatchObject({ stage: 'private-family-time', canEditPlan: true, canPresent: true });
    expect(familyState.bottomLines).toEqual([
      expect.objectContaining({ text: line, addedBy: { agency: 'childrens-social-care', role: 'participant' } }),
    ]);
    expect(familyState.privateFamilyTime).toEqual([{ startedAt: expect.any(String), endedAt: null }]);
    for (const p of [coordinator, socialWorker, police]) {
      expect(JSON.stringify(familyView.body)).not.toContain(p.user.user.displayName);
    }

    // The room is told of each FGDM change, the family's presentation included, by kind alone (no text).
    const room = await EventsClient.connect(ctx.app.url, { cookie: police.cookie });
    clients.push(room);
    await room.ok('meeting:join', { meetingId: id });

    // Presenting: an empty draft is refused; then the draft as written.
    const nothing = await family.agent.request('POST', '/api/family/fgdm/plan/presentations', { body: {} });
    expect(nothing.status).toBe(400);
    expect(nothing.body.message).toBe('Write the plan before presenting it: it is empty');
    const writer = new FamilyPlanClient(ctx.app.url, family.cookie, id);
    try {
      await writer.synced();
      writer.write('Grandma Jo stays with us every weeknight.');
      await eventually(async () => {
        const rows = (await ctx.app.dataSource.query(
          `SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1`,
          [`meetings/${id}/family-plan`],
        )) as { n: number }[];
        expect(rows[0]!.n).toBeGreaterThan(0);
      });
    } finally {
      writer.destroy();
    }
    const presented = await family.agent.request('POST', '/api/family/fgdm/plan/presentations', { body: {} });
    expect(presented.status).toBe(201);
    const presentation = (presented.body as FamilyFgdmState).presentations[0]!;
    // One event: the refused empty presentation told nobody anything.
    await room.waitFor((r) => r.family.length > 0, 'family:activity fgdm', 5_000);
    expect(room.received.family).toEqual([{ meetingId: id, kind: 'fgdm' }]);
    expect(presentation).toMatchObject({
      version: 1,
      text: 'Grandma Jo stays with us every weeknight.',
      presentedByParticipantId: family.participantId,
    });
    expect(presentation.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [audited] = (await ctx.app.dataSource.query(
      `SELECT actor_user_id, subject_type, subject_id, details FROM audit_events WHERE type = 'fgdm.plan-presented' AND meeting_id = $1`,
      [id],
    )) as { actor_user_id: string | null; subject_type: string; subject_id: string; details: object }[];
    expect(audited).toMatchObject({
      actor_user_id: null,
      subject_type: 'family-participant',
      subject_id: family.participantId,
    });
    expect(JSON.stringify(audited!.details)).not.toContain('Grandma');

    // The response: the coordinator, at the response stage; reasons when not safe.
    const respond = (who: Person, body: unknown) =>
      api('POST', `/meetings/${id}/fgdm/presentations/${presentation.id}/responses`, who.cookie, body);
    expect((await respond(coordinator, { keepsChildSafe: true, outcome: 'agreed' })).status).toBe(409);
    expect((await stage(coordinator, 'plan-presentation')).status).toBe(201);
    expect((await stage(coordinator, 'response')).status).toBe(201);
    expect((await respond(police, { keepsChildSafe: true, outcome: 'agreed' })).status).toBe(403);
    const noReasons = await respond(coordinator, { keepsChildSafe: false, outcome: 'not-agreed' });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.message).toMatch(/Give the reasons the plan does not keep the child safe/);
    const unsafeAgreed = await respond(coordinator, { keepsChildSafe: false, reasons: 'Nights', outcome: 'agreed' });
    expect(unsafeAgreed.status).toBe(400);
    expect(await count('family_plan_responses')).toBe(0);
    const responded = await respond(coordinator, {
      keepsChildSafe: false,
      reasons: 'Weekends are not covered',
      outcome: 'amended',
    });
    expect(responded.status).toBe(201);
    expect((responded.body as FgdmState).responses).toEqual([
      expect.objectContaining({ keepsChildSafe: false, outcome: 'amended', reasons: 'Weekends are not covered' }),
    ]);
    expect((await respond(coordinator, { keepsChildSafe: true, outcome: 'agreed' })).status).toBe(409);

    // The support package: bad input changes nothing; a withdrawal is recorded, not a deletion.
    const item = {
      who: 'Grandmother',
      support: 'Bus pass',
      costPence: 6500,
      frequency: 'Monthly for 6 months',
      approved: true,
    };
    const items = await count('fgdm_support_items');
    for (const bad of [
      { ...item, costPence: -1 },
      { ...item, costPence: 12.5 },
      { ...item, who: '' },
      { ...item, extra: 1 },
    ]) {
      const res = await api('POST', `/meetings/${id}/fgdm/support-items`, coordinator.cookie, bad);
      expect(res.status).toBe(400);
    }
    expect((await api('POST', `/meetings/${id}/fgdm/support-items`, police.cookie, item)).status).toBe(403);
    expect(await count('fgdm_support_items')).toBe(items);
    const added = await api('POST', `/meetings/${id}/fgdm/support-items`, coordinator.cookie, item);
    expect(added.status).toBe(201);
    const itemId = (added.body as FgdmState).supportItems[0]!.id;
    const noReason = await api(
      'POST',
      `/meetings/${id}/fgdm/support-items/${itemId}/withdrawals`,
      coordinator.cookie,
      {},
    );
    expect(noReason.status).toBe(400);
    const withdrawn = await api(
      'POST',
      `/meetings/${id}/fgdm/support-items/${itemId}/withdrawals`,
      coordinator.cookie,
      {
        reason: 'Paid by the school instead',
      },
    );
    expect(withdrawn.status).toBe(201);
    expect((withdrawn.body as FgdmState).supportItems).toEqual([
      expect.objectContaining({
        ...item,
        withdrawnReason: 'Paid by the school instead',
        withdrawnAt: expect.any(String),
      }),
    ]);
    const familyItems = (await family.agent.request('GET', '/api/family/fgdm')).body as FamilyFgdmState;
    expect(familyItems.supportItems).toHaveLength(1);
    expect(familyItems.responses[0]!.recordedBy).toEqual({ agency: 'other', role: 'chair' });

    // Recorded facts are never changed.
    await expect(
      ctx.app.dataSource.query(`UPDATE family_plan_presentations SET text = 'changed' WHERE meeting_id = $1`, [id]),
    ).rejects.toThrow();
    await expect(ctx.app.dataSource.query(`DELETE FROM fgdm_support_items WHERE id = $1`, [itemId])).rejects.toThrow();

    // A family session never passes a professional route, nor a professional session a family route.
    expect((await family.agent.request('GET', `/api/meetings/${id}/fgdm`)).status).toBe(401);
    expect(
      (await family.agent.request('POST', `/api/meetings/${id}/fgdm/stages`, { body: { stage: 'closed' } })).status,
    ).toBe(401);
    expect((await api('GET', '/family/fgdm', coordinator.cookie)).status).toBe(401);
    expect((await api('POST', '/family/fgdm/plan/presentations', coordinator.cookie, {})).status).toBe(401);

    // Closing ends the family's writing.
    expect((await stage(coordinator, 'closed')).status).toBe(201);
    expect(((await family.agent.request('GET', '/api/family/fgdm')).body as FamilyFgdmState).canEditPlan).toBe(false);
    expect((await stage(coordinator, 'closed')).status).toBe(409);
  });

  it('seals the FGDM in its record (the plan, its hash, the response, the support) and puts it in the child’s chronology', async () => {
    const coordinator = await person('other');
    const police = await person('police');
    const { meeting } = await ctx.app.createMeeting(coordinator.user, [{ member: police.user, role: 'participant' }], {
      type: 'fgdm',
    });
    const id = meeting.id;
    const childId = meeting.children[0]!.childId;
    const family = await signInFamilyMember(ctx.app, coordinator.cookie, id, {
      displayName: 'Robin Family',
      email: 'robin.family@example.test',
      relationship: 'parent',
    });
    const stage = (next: string) => api('POST', `/meetings/${id}/fgdm/stages`, coordinator.cookie, { stage: next });
    const line = 'No contact with Mr Y after 6pm';
    expect((await api('POST', `/meetings/${id}/fgdm/bottom-lines`, coordinator.cookie, { text: line })).status).toBe(
      201,
    );
    expect((await stage('information-giving')).status).toBe(201);
    expect((await stage('private-family-time')).status).toBe(201);
    const planText = 'Uncle Max collects the children from school every day.';
    const writer = new FamilyPlanClient(ctx.app.url, family.cookie, id);
    try {
      await writer.synced();
      writer.write(planText);
      await eventually(async () => {
        const rows = (await ctx.app.dataSource.query(
          `SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1`,
          [`meetings/${id}/family-plan`],
        )) as { n: number }[];
        expect(rows[0]!.n).toBeGreaterThan(0);
      });
    } finally {
      writer.destroy();
    }
    const presented = await family.agent.request('POST', '/api/family/fgdm/plan/presentations', { body: {} });
    expect(presented.status).toBe(201);
    const presentation = (presented.body as FamilyFgdmState).presentations[0]!;
    expect((await stage('plan-presentation')).status).toBe(201);
    expect((await stage('response')).status).toBe(201);
    const reasons = 'Holidays need a second carer';
    expect(
      (
        await api('POST', `/meetings/${id}/fgdm/presentations/${presentation.id}/responses`, coordinator.cookie, {
          keepsChildSafe: true,
          reasons,
          outcome: 'agreed',
        })
      ).status,
    ).toBe(201);
    const item = { who: 'Uncle Max', support: 'Petrol money', costPence: 4250, frequency: 'Weekly', approved: true };
    expect((await api('POST', `/meetings/${id}/fgdm/support-items`, coordinator.cookie, item)).status).toBe(201);
    expect((await stage('closed')).status).toBe(201);

    expect((await api('POST', `/meetings/${id}/start`, coordinator.cookie)).status).toBe(200);
    const concluded = await api('POST', `/meetings/${id}/conclude`, coordinator.cookie, {});
    expect(concluded.status).toBe(200);
    let listed: SealedRecordListResponse | undefined;
    await eventually(async () => {
      listed = (await api('GET', `/meetings/${id}/records`, police.cookie)).body as SealedRecordListResponse;
      expect(listed.versions).toHaveLength(1);
    });
    const files = listed!.versions[0]!.files;
    const fetchFile = async (variant: string, format: 'html' | 'pdf') => {
      const file = files.find((f) => f.variant === variant && f.format === format)!;
      const res = await fetch(ctx.app.url + file.href, { headers: { cookie: police.cookie } });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    // An FGDM holds no restricted item, so every member's own version is the complete record.
    const own = files.find((f) => f.variant !== 'family')!.variant;
    expect(own).toBe('complete');
    const professional = (await fetchFile(own, 'html')).toString('utf8');
    const familyHtml = (await fetchFile('family', 'html')).toString('utf8');
    for (const html of [professional, familyHtml]) {
      for (const text of [planText, presentation.sha256, line, reasons, 'Petrol money', '£42.50', 'Robin Family']) {
        expect(html).toContain(text);
      }
      expect(html).toContain('<td>Yes</td><td>Holidays need a second carer</td><td>Agreed</td>');
    }
    expect(professional).toContain(coordinator.user.user.displayName);
    for (const p of [coordinator, police]) expect(familyHtml).not.toContain(p.user.user.displayName);
    if (pdftotextAvailable()) {
      const pdf = compactText(await pdfToText(await fetchFile(own, 'pdf')));
      for (const text of [planText, presentation.sha256, 'Petrol money']) expect(pdf).toContain(compactText(text));
    }

    // The child's chronology: the meeting, the presented plan, the response and the approved support.
    const child = (await api('GET', `/children/${childId}`, coordinator.cookie)).body as ChildRecord;
    expect(child.chronology.filter((e) => e.meeting?.id === id).map((e) => [e.kind, e.title])).toEqual([
      ['meeting-convened', 'Family group decision-making meeting convened'],
      ['family-plan-presented', 'Family plan presented (version 1)'],
      ['family-plan-response', 'Response to the family plan (version 1): agreed'],
      ['support-approved', 'Family network support approved'],
      ['meeting-concluded', 'Family group decision-making meeting concluded'],
      ['record-sealed', 'Record sealed (version 1)'],
    ]);
  });
});
