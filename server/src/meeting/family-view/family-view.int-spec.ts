import { FAMILY_WORDS_LEFT_OUT } from '../sealed-records/family-participation-section';
import {
  CONTINUING_WITHOUT_FAMILY,
  type FamilyMeetingResponse,
  type FamilyRecordVersions,
  type FamilySafetyPlanResponse,
  SAFETY_PLAN_CHANGED,
  TYPED_NAME_MISMATCH,
  VIEWS_CLOSED,
} from '@roundtable/shared/family-view';
import { FAMILY_PARAGRAPH_WITHHELD } from '@roundtable/shared/need-to-know';
import { COMPARTMENT_FRAGMENT, compartmentDocumentName, documentName } from '@roundtable/shared/realtime';
import { RESTRICTED_MARK, RESTRICTED_MARK_ATTRIBUTE } from '@roundtable/shared/templates';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { signInFamilyMember } from '../../../test/support/family';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { pdfToText, pdftotextAvailable } from '../../../test/support/pdf-text';

/** Professional-only canaries: one in every place the family must never reach. */
const CANARY = {
  notForFamily: 'CANARY-notforfamily the informant is the corner shop owner',
  compartment: 'CANARY-compartment covert surveillance authorised',
  unmarkedSection: 'CANARY-unmarked medical booked at the hospital',
  unmarkedPlan: 'CANARY-unmarkedplan complicating factor the uncle',
  protectedName: 'CANARY Rita Referrer',
  unsharedReport: 'CANARY-unsharedreport police intelligence from a source',
  sharingReason: 'CANARY-sharingreason not necessary for the school',
  restrictedAction: 'CANARY-restrictedaction interview the stepfather under caution',
  exclusionReason: 'CANARY-exclusionreason police disclosure about the stepfather',
};
/** Family-facing content the family must see. */
const OPEN = {
  recordPassage: 'Ruby will stay with her grandmother while enquiries are made.',
  plan: 'Ruby sleeps at her grandmother’s house every night until the review.',
  planChanged: 'Grandmother will take Ruby to nursery each morning.',
  sharedReport: 'School report: Ruby attends every day and is making friends.',
  action: 'Arrange a child protection medical',
  view: 'I want Ruby to come home. I will do whatever the plan asks.',
};
const FAMILY = { displayName: 'Pat Parent', email: 'pat.parent@example.org', relationship: 'parent' as const };

describeOnOneDatabase('the family view', (ctx) => {
  const clients: EventsClient[] = [];
  const providers: WebsocketProvider[] = [];
  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
    for (const provider of providers.splice(0)) {
      provider.destroy();
      provider.doc.destroy();
    }
  });

  /** Every byte a family client receives, for the canary check at the end. */
  const captured: Buffer[] = [];
  async function familyFetch(cookie: string, method: string, path: string, body?: unknown) {
    const res = await fetch(ctx.app.url + path, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}), origin: ctx.app.url },
      body: body ? JSON.stringify(body) : undefined,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    captured.push(bytes, Buffer.from(JSON.stringify([...res.headers.entries()])));
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { status: res.status, bytes, json: json as any };
  }
  const count = async (table: string, meetingId: string): Promise<number> =>
    Number(
      (
        (await ctx.app.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE meeting_id = $1`, [meetingId])) as {
          n: string;
        }[]
      )[0]!.n,
    );

  async function open(name: string, cookie: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, name, doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, ctx.app.url) as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    providers.push(provider);
    await new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      provider.on('sync', (synced: boolean) => synced && resolve());
    });
    return doc;
  }

  function paragraph(doc: Y.Doc, fragment: string, ...runs: [string, string?][]) {
    const element = new Y.XmlElement('paragraph');
    doc.getXmlFragment(fragment).push([element]);
    const text = new Y.XmlText();
    element.insert(0, [text]);
    let at = 0;
    for (const [value, restriction] of runs) {
      text.insert(at, value, restriction ? { [RESTRICTED_MARK]: { [RESTRICTED_MARK_ATTRIBUTE]: restriction } } : {});
      at += value.length;
    }
  }

  async function stored(name: string, fragment: string): Promise<string> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await ctx.app.get(CollabDocumentRegistry).encodeState(name));
    const text = doc.getXmlFragment(fragment).toString();
    doc.destroy();
    return text;
  }

  /** A live strategy discussion holding a canary in every professional-only place, and family-facing content. */
  async function preparedMeeting(): Promise<MeetingCast> {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    expect((await ctx.app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status).toBe(
      200,
    );
    const record = await open(documentName(meetingId, 'record'), c.chair.cookie);
    record.transact(() => {
      paragraph(record, 'reason', ['Bruising was seen at nursery. '], [CANARY.notForFamily, 'not-for-family']);
      paragraph(record, 'reason', [OPEN.recordPassage]);
      paragraph(record, 'medical', [CANARY.unmarkedSection]);
    });
    const plan = await open(documentName(meetingId, 'safety-plan'), c.chair.cookie);
    plan.transact(() => {
      paragraph(plan, 'worries', [OPEN.plan]);
      paragraph(plan, 'complicating-factors', [CANARY.unmarkedPlan]);
    });
    const compartment = await c.police.client.ok('compartment:create', {
      meetingId,
      sectionKey: 'reason',
      audience: { kind: 'police-only', agencies: [], userIds: [] },
    });
    const name = compartmentDocumentName(meetingId, compartment.id);
    const compartmentDoc = await open(name, c.police.cookie);
    const element = new Y.XmlElement('paragraph');
    compartmentDoc.getXmlFragment(COMPARTMENT_FRAGMENT).push([element]);
    element.insert(0, [new Y.XmlText(CANARY.compartment)]);
    await c.police.client.ok('protected-person:add', {
      meetingId,
      role: 'referrer',
      label: 'the referrer',
      name: CANARY.protectedName,
      audience: { kind: 'police-only', agencies: [], userIds: [] },
    });
    await c.health.client.ok('sharing-decision:record', {
      meetingId,
      outcome: 'refused',
      what: 'The mother’s health history',
      withWhom: 'The school',
      lawfulBasis: 'safeguarding-children',
      reason: CANARY.sharingReason,
    });
    const action = await c.police.client.ok('action:create', {
      meetingId,
      description: OPEN.action,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: '2026-04-01T16:00:00.000Z',
    });
    const restricted = await c.police.client.ok('action:create', {
      meetingId,
      description: CANARY.restrictedAction,
      ownerUserId: c.police2.user.user.id,
      ownerAgency: 'police',
      dueAt: '2026-04-02T09:30:00.000Z',
    });
    await c.police.client.ok('action:flag', { meetingId, actionId: restricted.id, restriction: 'not-for-family' });
    for (const item of [
      { type: 'section', id: 'reason' },
      { type: 'section', id: 'worries' },
      { type: 'action', id: action.id },
      { type: 'action', id: restricted.id },
    ]) {
      await c.chair.client.ok('family-facing:set', { meetingId, item, familyFacing: true });
    }
    // Agency reports are written over the conferences' routes; this strategy discussion takes them as rows.
    await ctx.app.dataSource.query(
      `INSERT INTO agency_reports (meeting_id, author_id, agency, text, shared_with_parents, shared_at, shared_by, not_shared_reason)
       VALUES ($1, $2, 'education', $3, true, now(), $2, ''), ($1, $4, 'police', $5, false, NULL, NULL, 'Live investigation')`,
      [meetingId, c.education.user.user.id, OPEN.sharedReport, c.police.user.user.id, CANARY.unsharedReport],
    );
    await eventually(async () => {
      expect(await stored(documentName(meetingId, 'record'), 'medical')).toContain('CANARY-unmarked');
      expect(await stored(documentName(meetingId, 'safety-plan'), 'complicating-factors')).toContain(
        'CANARY-unmarkedplan',
      );
      expect(await stored(name, COMPARTMENT_FRAGMENT)).toContain('CANARY-compartment');
    });
    return c;
  }

  it('shows the family only family-facing content, takes their views, attendance and signatures, and none of the canaries reaches them', async () => {
    const c = await preparedMeeting();
    const meetingId = c.meeting.id;
    const family = await signInFamilyMember(ctx.app, c.chair.cookie, meetingId, FAMILY);
    const get = (path: string) => familyFetch(family.cookie, 'GET', path);
    const post = (path: string, body: unknown) => familyFetch(family.cookie, 'POST', path, body);
    // The room learns of each family change with the kind alone (no text); the outsider learns nothing.
    expect(await c.outsider.client.emit('meeting:join', { meetingId })).toMatchObject({ ok: false });
    const told = (kind: string, n = 1) =>
      c.police.client.waitFor(
        (r) => r.family.filter((e) => e.kind === kind).length >= n && r.family.filter((e) => e.kind === kind),
        `family:activity ${kind}`,
        5_000,
      );

    // The meeting as the family sees it.
    const home = await get('/api/family/meeting');
    expect(home.status).toBe(200);
    const view = home.json as FamilyMeetingResponse;
    expect(view.meeting).toMatchObject({ reference: c.meeting.reference, status: 'live' });
    expect(view.children).toEqual(c.meeting.children.map((child) => child.name));
    expect(view.withoutFamily).toBe(false);
    expect(view.record.map((s) => s.key)).toEqual(['reason']);
    expect(view.record[0]!.paragraphs).toEqual([
      { text: FAMILY_PARAGRAPH_WITHHELD, withheld: true, heading: false, listItem: false },
      { text: OPEN.recordPassage, withheld: false, heading: false, listItem: false },
    ]);
    expect(view.safetyPlan.map((s) => s.key)).toEqual(['worries']);
    expect(view.actions.map((a) => a.description)).toEqual([OPEN.action]);
    expect(view.reports).toEqual([{ agency: 'Education', text: OPEN.sharedReport, sharedAt: expect.any(String) }]);
    expect(view.attendance.status).toBe('not-recorded');

    // Views: bad input changes nothing; a view is stored, audited without its text, and read by professionals.
    const views = () => count('family_views', meetingId);
    expect((await post('/api/family/views', { text: '   ' })).status).toBe(400);
    expect((await post('/api/family/views', { text: 'x', extra: 1 })).status).toBe(400);
    expect(await views()).toBe(0);
    const added = await post('/api/family/views', { text: OPEN.view });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ author: 'You', text: OPEN.view, when: 'during' });
    expect(await told('family-view')).toEqual([{ meetingId, kind: 'family-view' }]);
    const read = await ctx.app.request('GET', `/api/meetings/${meetingId}/family-views`, { cookie: c.chair.cookie });
    expect(read.status).toBe(200);
    expect((read.body as any).views).toEqual([
      expect.objectContaining({ author: FAMILY.displayName, text: OPEN.view, participantId: family.participantId }),
    ]);
    const [viewAudit] = (await ctx.app.dataSource.query(
      `SELECT actor_user_id, subject_type, subject_id, details FROM audit_events WHERE meeting_id = $1 AND type = 'family.view-submitted'`,
      [meetingId],
    )) as { actor_user_id: string | null; subject_type: string; subject_id: string; details: object }[];
    expect(viewAudit).toMatchObject({
      actor_user_id: null,
      subject_type: 'family-participant',
      subject_id: family.participantId,
    });
    expect(JSON.stringify(viewAudit!.details)).not.toContain('Ruby');

    // A part held without the parents: no live content at all, a plain sentence; no signing.
    const [part] = (await ctx.app.dataSource.query(
      `INSERT INTO meeting_parts (meeting_id, reason, started_by) VALUES ($1, 'Police disclosure', $2) RETURNING id`,
      [meetingId, c.chair.user.user.id],
    )) as { id: string }[];
    const during = (await get('/api/family/meeting')).json as FamilyMeetingResponse;
    expect(during).toMatchObject({
      withoutFamily: true,
      continuing: CONTINUING_WITHOUT_FAMILY,
      record: [],
      safetyPlan: [],
      actions: [],
      reports: [],
    });
    const hidden = await get('/api/family/safety-plan');
    expect(hidden.json).toMatchObject({ withoutFamily: true, sections: [], versionHash: null });
    expect(hidden.bytes.toString()).not.toContain(OPEN.plan);
    // Their views are still taken while they wait (docs/FAMILY.md).
    expect((await post('/api/family/views', { text: 'I am waiting outside.' })).status).toBe(201);

    // Attendance: the chair records the exclusion (part and reason required; bad input changes nothing).
    const attendance = (body: unknown, cookie = c.chair.cookie) =>
      ctx.app.request('PUT', `/api/meetings/${meetingId}/family-attendance/${family.participantId}`, { cookie, body });
    expect((await attendance({ status: 'excluded-from-part', partId: part!.id })).status).toBe(400);
    expect((await attendance({ status: 'present' }, c.police.cookie)).status).toBe(403);
    expect(await count('family_attendance', meetingId)).toBe(0);
    const excluded = await attendance({
      status: 'excluded-from-part',
      partId: part!.id,
      reason: CANARY.exclusionReason,
      interpreterLanguage: 'Polish',
      advocateName: 'Alex Advocate',
      advocateOrganisation: 'Family Rights Group',
    });
    expect(excluded.status).toBe(200);
    expect(await told('family-attendance')).toEqual([{ meetingId, kind: 'family-attendance' }]);
    expect((excluded.body as any).attendance[0]).toMatchObject({
      status: 'excluded-from-part',
      reason: CANARY.exclusionReason,
      interpreterLanguage: 'Polish',
    });
    await ctx.app.dataSource.query(`UPDATE meeting_parts SET ended_at = now(), ended_by = $2 WHERE id = $1`, [
      part!.id,
      c.chair.user.user.id,
    ]);
    const after = (await get('/api/family/meeting')).json as FamilyMeetingResponse;
    expect(after.withoutFamily).toBe(false);
    expect(after.attendance).toEqual({
      status: 'excluded-from-part',
      text: 'You are recorded as taking part, but not in one part of the meeting that was held without you.',
      interpreterLanguage: 'Polish',
      advocate: 'Alex Advocate, Family Rights Group',
    });

    // Signing the safety plan: wrong name 400, stale hash 409, then signed; a change makes it not current.
    const plan = (await get('/api/family/safety-plan')).json as FamilySafetyPlanResponse;
    expect(plan.sections.map((s) => s.paragraphs.map((p) => p.text))).toEqual([[OPEN.plan]]);
    expect(plan.versionHash).toMatch(/^[0-9a-f]{64}$/);
    const signatures = () => count('safety_plan_signatures', meetingId);
    const wrong = await post('/api/family/safety-plan/signatures', {
      typedName: 'Someone Else',
      versionHash: plan.versionHash,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.message).toContain(TYPED_NAME_MISMATCH);
    const stale = await post('/api/family/safety-plan/signatures', {
      typedName: FAMILY.displayName,
      versionHash: 'a'.repeat(64),
    });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe(SAFETY_PLAN_CHANGED);
    expect(await signatures()).toBe(0);
    const signed = await post('/api/family/safety-plan/signatures', {
      typedName: '  pat PARENT ',
      versionHash: plan.versionHash,
    });
    expect(signed.status).toBe(201);
    expect(signed.json).toMatchObject({ current: true, versionHash: plan.versionHash });
    expect(await told('safety-plan-signature')).toEqual([{ meetingId, kind: 'safety-plan-signature' }]);
    expect(c.outsider.client.received.family).toEqual([]);

    const planDoc = await open(documentName(meetingId, 'safety-plan'), c.chair.cookie);
    paragraph(planDoc, 'worries', [OPEN.planChanged]);
    let changed!: FamilySafetyPlanResponse;
    await eventually(async () => {
      changed = (await get('/api/family/safety-plan')).json as FamilySafetyPlanResponse;
      expect(changed.versionHash).not.toBe(plan.versionHash);
    });
    expect(changed.signatures).toEqual([expect.objectContaining({ current: false, versionHash: plan.versionHash })]);
    const again = await post('/api/family/safety-plan/signatures', {
      typedName: FAMILY.displayName,
      versionHash: changed.versionHash,
    });
    expect(again.status).toBe(201);
    const professional = await ctx.app.request('GET', `/api/meetings/${meetingId}/safety-plan/signatures`, {
      cookie: c.chair.cookie,
    });
    expect((professional.body as any).signatures.map((s: { current: boolean }) => s.current)).toEqual([false, true]);

    // The family cookie opens no professional route.
    for (const path of [`/api/meetings/${meetingId}`, `/api/meetings/${meetingId}/family-views`, '/api/meetings']) {
      expect((await familyFetch(family.cookie, 'GET', path)).status).toBe(401);
    }
    expect((await ctx.app.request('GET', '/api/family/meeting', { cookie: c.chair.cookie })).status).toBe(401);

    // Concluded: views closed (nothing stored); the family downloads only the family version, audited.
    for (const provider of providers.splice(0)) {
      provider.destroy();
      provider.doc.destroy();
    }
    const concluded = await ctx.app.request('POST', `/api/meetings/${meetingId}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    const closed = await post('/api/family/views', { text: 'Too late?' });
    expect(closed.status).toBe(409);
    expect(closed.json.message).toBe(VIEWS_CLOSED);
    expect(await views()).toBe(2);
    let versions!: FamilyRecordVersions;
    await eventually(async () => {
      versions = (await get('/api/family/record')).json as FamilyRecordVersions;
      expect(versions.versions).toHaveLength(1);
    });
    const html = await get('/api/family/record/versions/1/family.html');
    expect(html.status).toBe(200);
    const familyHtml = html.bytes.toString();
    for (const text of [OPEN.recordPassage, FAMILY_WORDS_LEFT_OUT, 'Excluded from part of the meeting']) {
      expect(familyHtml).toContain(text);
    }
    // Family members may be in conflict (domestic abuse): one never reads another's words in the shared download.
    expect(familyHtml).not.toContain(OPEN.view);
    expect(familyHtml).toContain(plan.versionHash!);
    expect(familyHtml).toContain('No: the plan changed after they signed');
    expect(familyHtml).toContain('Yes: this is the version they signed');
    const pdf = await get('/api/family/record/versions/1/family.pdf');
    expect(pdf.status).toBe(200);
    if (pdftotextAvailable()) captured.push(Buffer.from(await pdfToText(pdf.bytes)));
    expect((await get('/api/family/record/versions/1/complete.html')).status).toBe(404);
    expect((await get('/api/family/record/versions/x/family.html')).status).toBe(400);
    const downloads = (await ctx.app.dataSource.query(
      `SELECT actor_user_id, subject_type, details FROM audit_events WHERE meeting_id = $1 AND type = 'family.record-downloaded' ORDER BY seq`,
      [meetingId],
    )) as { actor_user_id: null; subject_type: string; details: { variant: string; format: string } }[];
    expect(downloads.map((d) => [d.actor_user_id, d.subject_type, d.details.variant, d.details.format])).toEqual([
      [null, 'family-participant', 'family', 'html'],
      [null, 'family-participant', 'family', 'pdf'],
    ]);
    // The professional version keeps the exclusion's reason.
    const complete = await ctx.app.request('GET', `/api/meetings/${meetingId}/records/1/complete.html`, {
      cookie: c.chair.cookie,
    });
    expect(String(complete.body)).toContain(CANARY.exclusionReason);

    // Every byte the family received: family-facing text yes, no canary, no professional's name.
    const all = Buffer.concat(captured).toString('utf8');
    for (const text of [OPEN.recordPassage, OPEN.plan, OPEN.sharedReport, OPEN.action, OPEN.view]) {
      expect(all).toContain(text);
    }
    for (const canary of Object.values(CANARY)) expect(all).not.toContain(canary);
    expect(all).not.toContain('CANARY');
    for (const m of [c.chair, c.police, c.police2, c.health, c.education]) {
      expect(all).not.toContain(m.user.user.displayName);
    }
  }, 180_000);
});
