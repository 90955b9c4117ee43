import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { documentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { TestApp } from '../../../test/support/test-app';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';

const VIEW = {
  harm: 'yes',
  recommendedOption: 's47-joint',
  reasons: 'Disclosure to the school nurse; bruising consistent with the account.',
};

describeOnOneDatabase('decisions over /meetings', (ctx) => {
  const clients: EventsClient[] = [];
  const providers: WebsocketProvider[] = [];

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    for (const provider of providers.splice(0)) {
      provider.destroy();
      provider.doc.destroy(); // stops the awareness interval
    }
  });

  const cast = () => buildMeetingCast(ctx.app, clients);

  async function openDecision(c: MeetingCast): Promise<DecisionResponse> {
    return c.chair.client.ok('decision:open', { meetingId: c.meeting.id, childIds: [c.meeting.children[0]!.id] });
  }

  /** The decision rows as the database has them (not through the app's mappers). */
  async function countRows(table: string, decisionId: string): Promise<number> {
    const rows: { n: string }[] = await ctx.app.dataSource.query(
      `SELECT count(*) AS n FROM ${table} WHERE decision_id = $1`,
      [decisionId],
    );
    return Number(rows[0]?.n);
  }

  it('shows each agency view to every member as it is recorded, with the live summary', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    expect(opened).toMatchObject({ status: 'open', revision: 1, templateKey: 's47-threshold', currentViews: [] });
    expect(opened.summary.missingMinimumAgencies).toEqual(['childrens-social-care', 'police', 'health']);
    for (const client of c.members) await client.waitForDecision(opened.id, 1);

    const afterPolice = await c.police.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
    });
    for (const client of c.members) {
      const { decision, activity } = await client.waitForDecision(opened.id, afterPolice.revision);
      expect(activity).toEqual({ kind: 'view-recorded', actor: 'Priya Police', agency: 'police' });
      expect(decision.currentViews).toEqual([
        expect.objectContaining({
          agency: 'police',
          harm: 'yes',
          recommendedOption: 's47-joint',
          recordedBy: { userId: c.police.user.user.id, displayName: 'Priya Police', agency: 'police' },
          supersedesId: null,
        }),
      ]);
    }

    const afterHealth = await c.health.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      harm: 'unsure',
      recommendedOption: 's17-assessment',
      reasons: 'No health concerns recorded before this referral.',
      conditions: 'A paediatric assessment within 48 hours',
    });
    const { decision } = await c.education.client.waitForDecision(opened.id, afterHealth.revision);
    expect(decision.summary.byAgency).toEqual([
      { agency: 'police', harm: 'yes', recommendedOption: 's47-joint' },
      { agency: 'health', harm: 'unsure', recommendedOption: 's17-assessment' },
    ]);
    expect(decision.summary.byOption.find((o) => o.option === 's47-joint')?.agencies).toEqual(['police']);
    expect(decision.summary.byOption.find((o) => o.option === 's17-assessment')?.agencies).toEqual(['health']);
    expect(decision.summary.byOption.find((o) => o.option === 'nfa')?.agencies).toEqual([]);
    expect(decision.summary.byHarm).toEqual({ yes: ['police'], no: [], unsure: ['health'] });
    expect(decision.summary.missingMinimumAgencies).toEqual(['childrens-social-care']);
    expect(decision.currentViews[1]).toMatchObject({ conditions: 'A paediatric assessment within 48 hours' });
  });

  it('records a change of view as a new entry: one current view, both in the history', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    const first = await c.police.client.ok('view:record', { ...request, ...VIEW });
    const second = await c.police.client.ok('view:record', {
      ...request,
      ...VIEW,
      recommendedOption: 'police-only',
      reasons: 'Parents are protective; harm was outside the home.',
    });
    const { activity } = await c.health.client.waitForDecision(opened.id, second.revision);
    expect(activity.kind).toBe('view-changed');
    const [before, after] = second.viewHistory;
    expect(second.currentViews).toEqual([after]);
    expect(before).toEqual(first.currentViews[0]);
    expect(after).toMatchObject({ recommendedOption: 'police-only', supersedesId: before!.id });
    expect(before).toMatchObject({ recommendedOption: 's47-joint', recordedBy: { displayName: 'Priya Police' } });
    expect(Date.parse(after!.recordedAt)).toBeGreaterThanOrEqual(Date.parse(before!.recordedAt));
    expect(await countRows('agency_views', opened.id)).toBe(2);
  });

  it('serialises two views sent at once by the same agency: one current, both in the history', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id, harm: 'yes', reasons: 'Recorded at once' };
    const [a, b] = await Promise.all([
      c.police.client.ok('view:record', { ...request, recommendedOption: 's47-joint' }),
      c.police2.client.ok('view:record', { ...request, recommendedOption: 'police-only' }),
    ]);
    expect(new Set([a.revision, b.revision]).size).toBe(2);
    const latest = a.revision > b.revision ? a : b;
    expect(latest.currentViews).toHaveLength(1);
    expect(latest.viewHistory).toHaveLength(2);
    expect(latest.viewHistory.map((v) => v.recordedBy.displayName).sort()).toEqual(['Dan Detective', 'Priya Police']);
    expect(latest.currentViews[0]!.supersedesId).toBe(latest.viewHistory[0]!.id);
    const current: unknown[] = await ctx.app.dataSource.query(
      `SELECT id FROM agency_views v WHERE decision_id = $1
          AND NOT EXISTS (SELECT 1 FROM agency_views s WHERE s.supersedes_id = v.id)`,
      [opened.id],
    );
    expect(current).toHaveLength(1);
  });

  it('takes the agency from the account: a police officer cannot record a view for another agency', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const spoofed = await c.police.client.emit('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
      agency: 'health',
    });
    expect(spoofed).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'agency' }] } });
    const recorded = await c.police.client.ok('view:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      ...VIEW,
    });
    expect(recorded.currentViews.map((v) => v.agency)).toEqual(['police']);
  });

  it("refuses an observer's view and a non-member's, changes nothing, and tells the outsider nothing", async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id, ...VIEW };
    const observer = await c.education.client.emit('view:record', request);
    expect(observer).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    if (!observer.ok) expect(observer.error.message).toMatch(/only the chair and participants/i);
    const outsider = await c.outsider.client.emit('view:record', request);
    expect(outsider).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });
    const outsiderJoin = await c.outsider.client.emit('meeting:join', { meetingId: c.meeting.id });
    expect(outsiderJoin).toMatchObject({ ok: false, error: { code: 'MeetingNotFound' } });
    expect(await countRows('agency_views', opened.id)).toBe(0);

    // A later change reaching a member fences the refused ones: the outsider saw none of it.
    const recorded = await c.police.client.ok('view:record', request);
    await c.education.client.waitForDecision(opened.id, recorded.revision);
    expect(recorded.revision).toBe(2);
    expect(c.outsider.client.received.decisions).toEqual([]);
  });

  it('lets only the chair open and close a decision, and refuses views once it is closed', async () => {
    const c = await cast();
    const policeOpen = await c.police.client.emit('decision:open', {
      meetingId: c.meeting.id,
      childIds: [c.meeting.children[0]!.id],
    });
    expect(policeOpen).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    expect(await c.police.client.emit('decision:close', request)).toMatchObject({ error: { code: 'Forbidden' } });
    const closed = await c.chair.client.ok('decision:close', request);
    expect(closed).toMatchObject({ status: 'closed', closedBy: { displayName: 'Sam Chair' }, revision: 2 });
    expect(closed.closedAt).toEqual(expect.any(String));
    expect(await c.police.client.emit('view:record', { ...request, ...VIEW })).toMatchObject({
      error: { code: 'DecisionNotOpen' },
    });
    expect(await c.chair.client.emit('decision:close', request)).toMatchObject({ error: { code: 'DecisionNotOpen' } });
    expect(
      await c.police.client.emit('la-decision:record', { ...request, chosenOptions: ['nfa'], reasons: 'Not ours' }),
    ).toMatchObject({ error: { code: 'Forbidden' } });
  });

  it('opens decisions only for the meeting’s own children and known templates, copying the template', async () => {
    const c = await cast();
    const other = await buildMeetingCast(ctx.app, clients);
    const foreignChild = await c.chair.client.emit('decision:open', {
      meetingId: c.meeting.id,
      childIds: [other.meeting.children[0]!.id],
    });
    expect(foreignChild).toMatchObject({ error: { code: 'ValidationFailed', fields: [{ path: 'childIds' }] } });
    const unknownTemplate = await c.chair.client.emit('decision:open', {
      meetingId: c.meeting.id,
      childIds: [c.meeting.children[0]!.id],
      templateKey: 'no-such-template',
    });
    expect(unknownTemplate).toMatchObject({ error: { code: 'ValidationFailed', fields: [{ path: 'templateKey' }] } });
    const opened = await c.chair.client.ok('decision:open', {
      meetingId: c.meeting.id,
      childIds: [c.meeting.children[0]!.id],
      question: 'Should section 47 enquiries start for Ruby?',
    });
    const templates = await ctx.app.request('GET', '/api/decision-templates', { cookie: c.police.cookie });
    expect(templates.status).toBe(200);
    const template = templates.body.templates[0];
    expect(opened).toMatchObject({
      title: template.title,
      question: 'Should section 47 enquiries start for Ruby?',
      options: template.options,
      protectiveActionOptions: template.protectiveActions,
      childIds: [c.meeting.children[0]!.id],
    });
    expect((await ctx.app.request('GET', '/api/decision-templates')).status).toBe(401);
  });

  it("keeps an opened decision as it was when the deployment's templates change", async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const local = {
      key: 's47-threshold',
      title: 'Local threshold decision',
      question: 'Does the threshold for section 47 apply?',
      options: [
        { key: 'yes', label: 'Yes' },
        { key: 'no', label: 'No' },
      ],
      protectiveActions: [],
    };
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'roundtable-templates-')), 'templates.json');
    writeFileSync(file, JSON.stringify({ templates: [local, { ...local, key: 'lado', title: 'Refer to the LADO' }] }));
    const app = await TestApp.start(ctx.database, { DECISION_TEMPLATES_FILE: file });
    try {
      const cookie = await app.signIn(c.chair.user);
      const templates = await app.request('GET', '/api/decision-templates', { cookie });
      expect(templates.body.templates.map((t: { key: string }) => t.key)).toEqual(['s47-threshold', 'lado']);
      const client = await EventsClient.connect(app.url, { cookie });
      clients.push(client);
      const state = await client.ok('meeting:join', { meetingId: c.meeting.id });
      expect(state.decisions).toEqual([opened]);
      const reopened = await client.ok('decision:open', {
        meetingId: c.meeting.id,
        childIds: [c.meeting.children[0]!.id],
      });
      expect(reopened).toMatchObject({ title: 'Local threshold decision', options: local.options });
    } finally {
      await app.close();
    }
  });

  it("refuses the local authority's decision from a chair outside children's social care", async () => {
    const c = await cast();
    await ctx.app.request('PATCH', `/api/meetings/${c.meeting.id}/members/${c.police.user.user.id}`, {
      cookie: c.chair.cookie,
      body: { role: 'chair' },
    });
    await c.police.client.waitFor((r) => r.access.find((a) => a.role === 'chair'), 'role change');
    const opened = await openDecision(c);
    const refused = await c.police.client.emit('la-decision:record', {
      meetingId: c.meeting.id,
      decisionId: opened.id,
      chosenOptions: ['police-only'],
      reasons: 'Police-led',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/children's social care/);
    expect(await countRows('la_decisions', opened.id)).toBe(0);
  });

  it('binds the local authority decision to the record as stored and to the views current then', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    await c.police.client.ok('view:record', { ...request, ...VIEW, recommendedOption: 'nfa' });
    const changed = await c.police.client.ok('view:record', { ...request, ...VIEW });
    const health = await c.health.client.ok('view:record', { ...request, ...VIEW, recommendedOption: 'nfa' });

    // Someone types in the record, through the real collab endpoint; the LA decision follows once it is stored.
    const name = documentName(c.meeting.id, 'record');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, name, doc, {
      WebSocketPolyfill: cookieWebSocket(c.health.cookie, ctx.app.url) as never,
      disableBc: true,
    });
    providers.push(provider);
    doc.getXmlFragment('decision-rationale').insert(0, [new Y.XmlText('Joint enquiry agreed; police lead.')]);
    await eventually(async () => expect(await storedRecord(name)).toContain('Joint enquiry agreed'));

    const wrongOption = await c.chair.client.emit('la-decision:record', {
      ...request,
      chosenOptions: ['s47-joint', 'not-an-option'],
      reasons: 'Joint enquiry',
    });
    expect(wrongOption).toMatchObject({ error: { code: 'ValidationFailed', fields: [{ path: 'chosenOptions' }] } });
    const decided = await c.chair.client.ok('la-decision:record', {
      ...request,
      chosenOptions: ['s47-joint'],
      reasons: 'Joint enquiry: disclosure and injuries.',
      protectiveActions: ['urgent-medical'],
      protectiveActionDetails: 'Medical today at the hospital',
    });
    expect(decided.status).toBe('decided');
    const [entry] = decided.laDecisions;
    expect(entry).toMatchObject({
      chosenOptions: ['s47-joint'],
      protectiveActions: ['urgent-medical'],
      recordedBy: { displayName: 'Sam Chair', agency: 'childrens-social-care' },
      correctsId: null,
    });
    expect(entry!.basisViewIds.sort()).toEqual([changed.currentViews[0]!.id, health.currentViews[1]!.id].sort());

    const expected = createHash('sha256')
      .update(await storedState(name))
      .digest('hex');
    expect(entry!.recordStateSha256).toBe(expected);
    const [row] = (await ctx.app.dataSource.query(`SELECT record_state FROM la_decisions WHERE id = $1`, [
      entry!.id,
    ])) as { record_state: Buffer }[];
    expect(createHash('sha256').update(row!.record_state).digest('hex')).toBe(expected);
    expect(fragmentText(row!.record_state, 'decision-rationale')).toBe('Joint enquiry agreed; police lead.');

    expect(
      await c.chair.client.emit('la-decision:record', { ...request, chosenOptions: ['nfa'], reasons: 'x' }),
    ).toMatchObject({ error: { code: 'DecisionAlreadyDecided' } });
    expect(await c.police.client.emit('view:record', { ...request, ...VIEW })).toMatchObject({
      error: { code: 'DecisionNotOpen' },
    });
  });

  it('corrects the decision in force with a linked entry and leaves the original as it was', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    const notDecided = await c.chair.client.emit('la-decision:correct', {
      ...request,
      correctsId: opened.id,
      chosenOptions: ['nfa'],
      reasons: 'x',
      correctionReason: 'y',
    });
    expect(notDecided).toMatchObject({ error: { code: 'DecisionNotDecided' } });
    const decided = await c.chair.client.ok('la-decision:record', {
      ...request,
      chosenOptions: ['s47-single-agency'],
      reasons: 'Single-agency enquiry',
    });
    const original = decided.laDecisions[0]!;
    const corrected = await c.chair.client.ok('la-decision:correct', {
      ...request,
      correctsId: original.id,
      chosenOptions: ['s47-joint'],
      reasons: 'Joint enquiry with police',
      correctionReason: 'The police investigation was agreed in the meeting but left out',
    });
    const { activity } = await c.police.client.waitForDecision(opened.id, corrected.revision);
    expect(activity.kind).toBe('la-decision-corrected');
    expect(corrected.laDecisions).toHaveLength(2);
    expect(corrected.laDecisions[0]).toEqual(original);
    expect(corrected.laDecisions[1]).toMatchObject({
      correctsId: original.id,
      chosenOptions: ['s47-joint'],
      correctionReason: 'The police investigation was agreed in the meeting but left out',
    });
    const again = await c.chair.client.emit('la-decision:correct', {
      ...request,
      correctsId: original.id,
      chosenOptions: ['nfa'],
      reasons: 'No',
      correctionReason: 'Correcting a superseded entry',
    });
    expect(again).toMatchObject({ error: { code: 'ValidationFailed', fields: [{ path: 'correctsId' }] } });
    expect(
      await c.police.client.emit('la-decision:correct', {
        ...request,
        correctsId: corrected.laDecisions[1]!.id,
        chosenOptions: ['nfa'],
        reasons: 'No',
        correctionReason: 'Not the chair',
      }),
    ).toMatchObject({ error: { code: 'Forbidden' } });
  });

  it('lets an agency dissent from the decision once it is recorded, once per part', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    await c.police.client.ok('view:record', { ...request, ...VIEW });
    await c.health.client.ok('view:record', { ...request, ...VIEW, recommendedOption: 'nfa' });
    const dissent = { ...request, part: 'options', reasons: 'We see no significant harm.' };
    expect(await c.health.client.emit('dissent:record', dissent)).toMatchObject({
      error: { code: 'DecisionNotDecided' },
    });
    await c.chair.client.ok('la-decision:record', { ...request, chosenOptions: ['s47-joint'], reasons: 'Joint' });

    expect(await c.chair.client.emit('dissent:record', dissent)).toMatchObject({
      error: { code: 'DissentNotAllowed' },
    });
    expect(await c.education.client.emit('dissent:record', dissent)).toMatchObject({ error: { code: 'Forbidden' } });
    const recorded = await c.health.client.ok('dissent:record', dissent);
    const { activity } = await c.chair.client.waitForDecision(opened.id, recorded.revision);
    expect(activity).toEqual({ kind: 'dissent-recorded', actor: 'Hana Health', agency: 'health' });
    expect(recorded.dissents).toEqual([
      expect.objectContaining({
        agency: 'health',
        part: 'options',
        laDecisionId: recorded.laDecisions[0]!.id,
        reasons: 'We see no significant harm.',
        escalation: expect.objectContaining({
          status: 'open',
          stage: 'practitioner',
          steps: [expect.objectContaining({ stage: 'practitioner', note: 'We see no significant harm.' })],
          outcome: null,
        }),
      }),
    ]);
    expect(await c.health.client.emit('dissent:record', dissent)).toMatchObject({
      error: { code: 'DissentAlreadyRecorded' },
    });
  });

  it('escalates up, never down, jumps stages when needed, then resolves and accepts nothing more', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    await c.health.client.ok('view:record', { ...request, ...VIEW, recommendedOption: 'nfa' });
    await c.chair.client.ok('la-decision:record', { ...request, chosenOptions: ['s47-joint'], reasons: 'Joint' });
    const dissented = await c.health.client.ok('dissent:record', {
      ...request,
      part: 'options',
      reasons: 'Threshold not met',
      stage: 'line-manager',
    });
    const dissentId = dissented.dissents[0]!.id;
    const step = (stage: string, note = 'Discussed with the named nurse') => ({
      meetingId: c.meeting.id,
      dissentId,
      stage,
      note,
    });

    expect(await c.health.client.emit('escalation:add-step', step('practitioner'))).toMatchObject({
      error: { code: 'ValidationFailed', fields: [{ path: 'stage' }] },
    });
    expect(await c.police.client.emit('escalation:add-step', step('senior-manager'))).toMatchObject({
      error: { code: 'Forbidden' },
    });
    await c.health.client.ok('escalation:add-step', step('line-manager', 'Managers met'));
    const jumped = await c.health.client.ok('escalation:add-step', step('partnership', 'Child in immediate danger'));
    expect(jumped.dissents[0]!.escalation.stage).toBe('partnership');
    const byChair = await c.chair.client.ok('escalation:add-step', step('partnership', 'Chair referred it on'));
    expect(byChair.dissents[0]!.escalation.steps.map((s) => [s.stage, s.recordedBy.displayName])).toEqual([
      ['line-manager', 'Hana Health'],
      ['line-manager', 'Hana Health'],
      ['partnership', 'Hana Health'],
      ['partnership', 'Sam Chair'],
    ]);

    const resolve = { meetingId: c.meeting.id, dissentId, outcome: 'Partnership agreed the joint enquiry stands' };
    expect(await c.police.client.emit('escalation:resolve', resolve)).toMatchObject({ error: { code: 'Forbidden' } });
    const resolved = await c.health.client.ok('escalation:resolve', resolve);
    const { decision, activity } = await c.education.client.waitForDecision(opened.id, resolved.revision);
    expect(activity.kind).toBe('escalation-resolved');
    expect(decision.dissents[0]!.escalation).toMatchObject({
      status: 'resolved',
      outcome: 'Partnership agreed the joint enquiry stands',
      resolvedBy: { displayName: 'Hana Health' },
      resolvedAt: expect.any(String),
    });
    expect(await c.health.client.emit('escalation:add-step', step('partnership'))).toMatchObject({
      error: { code: 'EscalationResolved' },
    });
    expect(await c.chair.client.emit('escalation:resolve', resolve)).toMatchObject({
      error: { code: 'EscalationResolved' },
    });
    const other = await buildMeetingCast(ctx.app, clients);
    expect(
      await other.chair.client.emit('escalation:add-step', { ...step('partnership'), meetingId: other.meeting.id }),
    ).toMatchObject({ error: { code: 'NotFound' } });
  });

  it('keeps recorded views, decisions, dissents and escalation steps immutable in the database', async () => {
    const c = await cast();
    const opened = await openDecision(c);
    const request = { meetingId: c.meeting.id, decisionId: opened.id };
    await c.health.client.ok('view:record', { ...request, ...VIEW, recommendedOption: 'nfa' });
    await c.chair.client.ok('la-decision:record', { ...request, chosenOptions: ['s47-joint'], reasons: 'Joint' });
    const dissented = await c.health.client.ok('dissent:record', {
      ...request,
      part: 'options',
      reasons: 'Threshold not met',
    });
    const dissentId = dissented.dissents[0]!.id;
    await c.health.client.ok('escalation:resolve', { meetingId: c.meeting.id, dissentId, outcome: 'Agreed' });

    const refused = async (sql: string, params: unknown[]) =>
      expect(ctx.app.dataSource.query(sql, params)).rejects.toThrow(/append-only|recorded fact|cannot be deleted/);
    await refused(`UPDATE agency_views SET recommended_option = 's47-joint' WHERE decision_id = $1`, [opened.id]);
    await refused(`DELETE FROM agency_views WHERE decision_id = $1`, [opened.id]);
    await refused(`UPDATE la_decisions SET chosen_options = '{nfa}' WHERE decision_id = $1`, [opened.id]);
    await refused(`DELETE FROM la_decisions WHERE decision_id = $1`, [opened.id]);
    await refused(`UPDATE dissents SET reasons = 'changed' WHERE id = $1`, [dissentId]);
    await refused(`DELETE FROM escalation_steps WHERE dissent_id = $1`, [dissentId]);
    await refused(`UPDATE escalations SET outcome = 'rewritten' WHERE dissent_id = $1`, [dissentId]);
    await refused(`UPDATE decisions SET title = 'Another question' WHERE id = $1`, [opened.id]);
    await refused(`DELETE FROM decisions WHERE id = $1`, [opened.id]);
    await expect(
      ctx.app.dataSource.query(`UPDATE decisions SET status = 'open', revision = revision + 1 WHERE id = $1`, [
        opened.id,
      ]),
    ).rejects.toThrow(/cannot go from decided to open/);
    await expect(
      ctx.app.dataSource.query(`UPDATE la_decisions SET record_state_sha256 = repeat('0', 64) WHERE decision_id = $1`, [
        opened.id,
      ]),
    ).rejects.toThrow();
  });

  /** `Y.encodeStateAsUpdate` of the record as PostgreSQL stores it (snapshot, then the log in order). */
  async function storedState(name: string): Promise<Uint8Array> {
    const rows: { update: Buffer }[] = await ctx.app.dataSource.query(
      `SELECT 0::bigint AS id, state AS update FROM document_snapshots WHERE document_name = $1
       UNION ALL
       SELECT id, update FROM document_updates
        WHERE document_name = $1
          AND id > COALESCE((SELECT last_update_id FROM document_snapshots WHERE document_name = $1), 0)
       ORDER BY id`,
      [name],
    );
    const doc = new Y.Doc({ gc: true });
    for (const row of rows) Y.applyUpdate(doc, row.update);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return state;
  }

  async function storedRecord(name: string): Promise<string> {
    return fragmentText(Buffer.from(await storedState(name)), 'decision-rationale');
  }
});

function fragmentText(state: Uint8Array, field: string): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc
    .getXmlFragment(field)
    .toArray()
    .map((node) => (node instanceof Y.XmlText ? node.toString() : ''))
    .join('');
  doc.destroy();
  return text;
}
