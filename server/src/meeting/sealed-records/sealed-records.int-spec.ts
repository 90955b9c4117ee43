import { createHash, randomUUID } from 'node:crypto';
import { FAMILY_PARAGRAPH_WITHHELD } from '@roundtable/shared/need-to-know';
import { COMPARTMENT_FRAGMENT, compartmentDocumentName, documentName } from '@roundtable/shared/realtime';
import {
  SEALED_RECORD_SHA256_HEADER,
  type SealedRecordListResponse,
  sealedRecordHref,
} from '@roundtable/shared/sealed-records';
import { RESTRICTED_MARK, RESTRICTED_MARK_ATTRIBUTE } from '@roundtable/shared/templates';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type CastMember, type MeetingCast } from '../../../test/support/meeting-cast';
import { type EventsClient } from '../../../test/support/meeting-events-client';
import { compactText, pdfToText, pdftotextAvailable } from '../../../test/support/pdf-text';
import type { TestApp } from '../../../test/support/test-app';
import { formatDateTime } from './record-text';
import { SealedRecordsPerReader1766531000000 } from '../../platform/database/migrations/1766531000000-sealed-records-per-reader';
import { SealedRecordService } from './sealed-record.service';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DUE_MEDICAL = '2026-04-01T16:00:00.000Z';
const DUE_INTERVIEW = '2026-04-02T09:30:00.000Z';

/** Free text that must appear in the complete record and never in the family version. */
const RESTRICTED = {
  passage: 'The informant is Mrs Secretsource from the corner shop.',
  // The police canary: in a police-only compartment.
  policePassage: 'Covert surveillance of the stepfather is authorised.',
  healthPassage: 'Mother is under the perinatal mental health team.',
  protectedName: 'Rita Referrer',
  agencyInformation: 'Neighbour Nigel Nosey heard screaming on Friday night.',
  earlierView: 'Police intelligence from a covert human source.',
  action: 'Interview the stepfather under caution',
};
const OPEN = {
  passage: 'Bruising to the upper arm was seen at nursery on Monday.',
  familyPassage: 'Ruby will stay with her grandmother while enquiries are made.',
  unmarkedSection: 'The medical is booked at the children’s hospital.',
  policeView: 'Police view: the disclosure matches the injury pattern.',
  healthView: 'Health view: no previous concerns recorded by the GP.',
  laReasons: 'LA decision: a joint enquiry is needed because the accounts agree.',
  dissent: 'Health dissents: the threshold for section 47 is not met.',
  escalationNote: 'Line managers agreed to meet on Wednesday.',
  action: 'Arrange a child protection medical',
};

interface Download {
  status: number;
  bytes: Buffer;
  headers: Headers;
  body: unknown;
}

describeOnOneDatabase('the sealed record', (ctx) => {
  const clients: EventsClient[] = [];
  const providers: WebsocketProvider[] = [];
  const hasPdftotext = pdftotextAvailable();

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    for (const provider of providers.splice(0)) {
      provider.destroy();
      provider.doc.destroy(); // stops the awareness interval
    }
  });

  const app = (): TestApp => ctx.app;

  async function download(path: string, cookie: string): Promise<Download> {
    const res = await fetch(app().url + path, { headers: { cookie } });
    const bytes = Buffer.from(await res.arrayBuffer());
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      body = undefined;
    }
    return { status: res.status, bytes, headers: res.headers, body };
  }

  async function list(meetingId: string, cookie: string): Promise<SealedRecordListResponse> {
    const res = await app().request('GET', `/api/meetings/${meetingId}/records`, { cookie });
    expect(res.status).toBe(200);
    return res.body as SealedRecordListResponse;
  }

  async function auditEntries(
    meetingId: string,
    type: string,
  ): Promise<{ details: any; actor_user_id: string | null }[]> {
    return app().dataSource.query(
      `SELECT details, actor_user_id, outcome FROM audit_events WHERE meeting_id = $1 AND type = $2 ORDER BY seq`,
      [meetingId, type],
    );
  }

  /** A synced y-websocket provider on one document, as `cookie`'s user. */
  async function open(name: string, cookie: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${app().wsUrl}/collab`, name, doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, app().url) as never,
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

  /** Restricted information beside a section, typed by its owner into its own document. */
  async function writeCompartment(
    c: MeetingCast,
    owner: CastMember,
    kind: 'police-only' | 'health-only',
    text: string,
  ) {
    const created = await owner.client.ok('compartment:create', {
      meetingId: c.meeting.id,
      sectionKey: 'reason',
      audience: { kind, agencies: [], userIds: [] },
    });
    const name = compartmentDocumentName(c.meeting.id, created.id);
    const doc = await open(name, owner.cookie);
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment(COMPARTMENT_FRAGMENT).push([paragraph]);
    paragraph.insert(0, [new Y.XmlText(text)]);
    await eventually(async () => {
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await app().get(CollabDocumentRegistry).encodeState(name));
      expect(stored.getXmlFragment(COMPARTMENT_FRAGMENT).toString()).toContain(text);
      stored.destroy();
    });
  }

  /** Types into the record through a real y-websocket provider, with restricted marks as TipTap stores them. */
  async function writeRecord(c: MeetingCast): Promise<void> {
    const doc = await open(documentName(c.meeting.id, 'record'), c.chair.cookie);
    const restricted = (kind: string) => ({ [RESTRICTED_MARK]: { [RESTRICTED_MARK_ATTRIBUTE]: kind } });
    const paragraph = (fragment: string, ...runs: [string, Record<string, unknown>?][]) => {
      const element = new Y.XmlElement('paragraph');
      doc.getXmlFragment(fragment).push([element]);
      const text = new Y.XmlText();
      element.insert(0, [text]);
      let at = 0;
      for (const [value, attributes] of runs) {
        text.insert(at, value, attributes ?? {});
        at += value.length;
      }
    };
    doc.transact(() => {
      // A partly flagged paragraph: withheld whole from the family version.
      paragraph('reason', [`${OPEN.passage} `], [RESTRICTED.passage, restricted('not-for-family')]);
      paragraph('reason', [OPEN.familyPassage]);
      paragraph('medical', [OPEN.unmarkedSection]);
      paragraph('agency-information', [RESTRICTED.agencyInformation]);
    });
    await writeCompartment(c, c.police, 'police-only', RESTRICTED.policePassage);
    await c.police.client.ok('protected-person:add', {
      meetingId: c.meeting.id,
      role: 'referrer',
      label: 'the referrer',
      name: RESTRICTED.protectedName,
      audience: { kind: 'police-only', agencies: [], userIds: [] },
    });
    await app().dataSource.query(`UPDATE users SET organisation = 'Testshire Police' WHERE id = $1`, [
      c.police.user.user.id,
    ]);
    await writeCompartment(c, c.health, 'health-only', RESTRICTED.healthPassage);
    const registry = app().get(CollabDocumentRegistry);
    await eventually(async () => {
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await registry.encodeState(documentName(c.meeting.id, 'record')));
      expect(stored.getXmlFragment('agency-information').toString()).toContain('Nigel Nosey');
      expect(stored.getXmlFragment('reason').toString()).toContain('Secretsource');
      stored.destroy();
    });
  }

  /**
   * A decided s47 decision with views (one earlier view flagged police restricted), dissent and an
   * escalation step. The chair marks for the family: the reason section, the police view and the first action.
   */
  async function decide(c: MeetingCast): Promise<void> {
    const meetingId = c.meeting.id;
    const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
    const request = { meetingId, decisionId: opened.id };
    const earlier = await c.police.client.ok('view:record', {
      ...request,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: RESTRICTED.earlierView,
    });
    const current = await c.police.client.ok('view:record', {
      ...request,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: OPEN.policeView,
    });
    for (const item of [
      { type: 'section', id: 'reason' },
      { type: 'view', id: current.currentViews.find((v) => v.agency === 'police')!.id },
    ]) {
      await c.chair.client.ok('family-facing:set', { meetingId, item, familyFacing: true });
    }
    // Flagged once superseded, so the current view (which would keep its agency's flag) stays unflagged.
    await c.police.client.ok('view:flag', {
      ...request,
      viewId: earlier.currentViews[0]!.id,
      restriction: 'police-restricted',
    });
    await c.health.client.ok('view:record', {
      ...request,
      harm: 'no',
      recommendedOption: 'nfa',
      reasons: OPEN.healthView,
    });
    await c.chair.client.ok('decision:close', request);
    await c.chair.client.ok('la-decision:record', {
      ...request,
      chosenOptions: ['s47-joint'],
      reasons: OPEN.laReasons,
    });
    const dissented = await c.health.client.ok('dissent:record', {
      ...request,
      part: 'options',
      reasons: OPEN.dissent,
    });
    await c.health.client.ok('escalation:add-step', {
      meetingId,
      dissentId: dissented.dissents[0]!.id,
      stage: 'line-manager',
      note: OPEN.escalationNote,
    });
  }

  async function recordActions(c: MeetingCast): Promise<void> {
    const meetingId = c.meeting.id;
    const medical = await c.police.client.ok('action:create', {
      meetingId,
      description: OPEN.action,
      ownerUserId: c.health.user.user.id,
      ownerAgency: 'health',
      dueAt: DUE_MEDICAL,
    });
    const flagged = await c.police.client.ok('action:create', {
      meetingId,
      description: RESTRICTED.action,
      ownerUserId: c.police2.user.user.id,
      ownerAgency: 'police',
      dueAt: DUE_INTERVIEW,
    });
    await c.police.client.ok('action:flag', { meetingId, actionId: flagged.id, restriction: 'not-for-family' });
    // Marked, but flagged not for the family: the flag wins.
    for (const id of [medical.id, flagged.id]) {
      await c.chair.client.ok('family-facing:set', { meetingId, item: { type: 'action', id }, familyFacing: true });
    }
  }

  /** A strategy discussion held, recorded and concluded by its chair: version 1 is sealed. */
  async function concludedMeeting(): Promise<MeetingCast & { educator: CastMember }> {
    const base = await buildMeetingCast(app(), clients);
    // An education participant: in no audience, so their version has no restricted content.
    const educatorUser = await app().createUser({ displayName: 'Eve Educator', agency: 'education' });
    const added = await app().request('POST', `/api/meetings/${base.meeting.id}/members`, {
      cookie: base.chair.cookie,
      body: { email: educatorUser.email, role: 'participant' },
    });
    expect(added.status).toBe(201);
    const c = {
      ...base,
      educator: { user: educatorUser, cookie: await app().signIn(educatorUser), client: base.chair.client },
    };
    const started = await app().request('POST', `/api/meetings/${c.meeting.id}/start`, { cookie: c.chair.cookie });
    expect(started.status).toBe(200);
    await writeRecord(c);
    await decide(c);
    await recordActions(c);
    const concluded = await app().request('POST', `/api/meetings/${c.meeting.id}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    await eventually(async () => expect((await list(c.meeting.id, c.chair.cookie)).versions).toHaveLength(1));
    return c;
  }

  const professionalNames = (c: MeetingCast) =>
    [c.chair, c.police, c.police2, c.health, c.education].map((m) => m.user.user.displayName);

  it('seals the complete record on conclusion: PDF text with every decision, view, reason and action, restricted content marked', async () => {
    const c = await concludedMeeting();
    const listed = await list(c.meeting.id, c.chair.cookie);
    expect(listed).toMatchObject({ meetingId: c.meeting.id, reference: c.meeting.reference, canDownload: true });
    expect(listed.versions).toEqual([
      expect.objectContaining({ version: 1, reason: 'concluded', addendumId: null, sealedAt: expect.any(String) }),
    ]);
    // The chair is shown every version: one per audience that exists, and the family version.
    expect(listed.versions[0]!.files.filter((f) => f.format === 'pdf').map((f) => [f.variant, f.label])).toEqual([
      ['complete', 'Complete record'],
      ['audience-health', 'Record for health readers'],
      ['audience-police', 'Record for police readers'],
      ['shared', 'Record without restricted information'],
      ['family', 'Family version'],
    ]);

    const pdf = await download(sealedRecordHref(c.meeting.id, 1, 'complete', 'pdf'), c.chair.cookie);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(
      `attachment; filename="${c.meeting.reference}-v1-complete.pdf"`,
    );
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Links from before per-reader records (full.*) reach the complete record.
    const old = await download(`/api/meetings/${c.meeting.id}/records/1/full.pdf`, c.chair.cookie);
    expect(old.bytes.equals(pdf.bytes)).toBe(true);

    const html = (
      await download(sealedRecordHref(c.meeting.id, 1, 'complete', 'html'), c.chair.cookie)
    ).bytes.toString();
    expect(html).toContain('<html lang="en-GB">');
    for (const text of [...Object.values(OPEN), ...Object.values(RESTRICTED)]) expect(html).toContain(text);
    expect(html).toContain('Restricted: Police only (controlled by Police');
    // Organisations beside names where the account has one.
    expect(html).toContain('Priya Police, Practitioner, Testshire Police (Police)');
    expect(html).toContain('[POLICE RESTRICTED]');
    // Everyone joined the room before the start and stayed: all attended, the chair first.
    const attended = html.slice(
      html.indexOf('<caption>Attended</caption>'),
      html.indexOf('</table>', html.indexOf('<caption>Attended</caption>')),
    );
    expect(attended).toContain(
      '<th scope="row">Sam Chair, Practitioner</th><td>Children&#39;s social care</td><td>Chair</td>',
    );
    for (const name of professionalNames(c)) expect(attended).toContain(name);
    expect(html).toContain('[NOT FOR FAMILY]');
    expect(html).not.toContain('Information withheld');

    if (!hasPdftotext) return;
    const text = compactText(await pdfToText(pdf.bytes));
    for (const phrase of [
      'Section 47 threshold decision',
      `Police Yes Section 47 enquiry: joint with police ${OPEN.policeView}`,
      `Health No No further action ${OPEN.healthView}`,
      OPEN.laReasons,
      OPEN.dissent,
      OPEN.escalationNote,
      `${OPEN.action} Hana Health, Practitioner (Health) Health ${formatDateTime(DUE_MEDICAL)} Open`,
      `${RESTRICTED.action} [NOT FOR FAMILY] Dan Detective, Practitioner (Police) Police ${formatDateTime(DUE_INTERVIEW)}`,
      `[NOT FOR FAMILY] ${RESTRICTED.passage}`,
      RESTRICTED.policePassage,
      RESTRICTED.healthPassage,
      RESTRICTED.earlierView,
      RESTRICTED.agencyInformation,
      `Signed off by Sam Chair`,
      c.meeting.reference,
      'Ruby Testcase',
    ]) {
      expect(text).toContain(compactText(phrase));
    }
  });

  it('seals a version per reader: police content for police, withheld in words from education, never in the family version', async () => {
    const c = await concludedMeeting();
    const meetingId = c.meeting.id;
    const files = async (cookie: string) =>
      (await list(meetingId, cookie)).versions[0]!.files.filter((f) => f.format === 'pdf').map((f) => f.variant);
    expect(await files(c.police.cookie)).toEqual(['audience-police', 'family']);
    expect(await files(c.police2.cookie)).toEqual(['audience-police', 'family']);
    expect(await files(c.health.cookie)).toEqual(['audience-health', 'family']);
    expect(await files(c.educator.cookie)).toEqual(['shared', 'family']);

    const text = async (variant: string, cookie: string) => {
      const got = await download(sealedRecordHref(meetingId, 1, variant, 'pdf'), cookie);
      expect([variant, got.status]).toEqual([variant, 200]);
      const html = (await download(sealedRecordHref(meetingId, 1, variant, 'html'), cookie)).bytes.toString();
      return { html, pdf: hasPdftotext ? compactText(await pdfToText(got.bytes)) : null };
    };
    const police = await text('audience-police', c.police.cookie);
    const education = await text('shared', c.educator.cookie);
    const family = await text('family', c.educator.cookie);
    const police_ = [RESTRICTED.policePassage, RESTRICTED.earlierView, RESTRICTED.protectedName];
    expect(education.html).toContain(
      '<th scope="row">the referrer</th><td>referrer</td><td><strong>Identity withheld</strong></td>',
    );
    for (const canary of police_) {
      expect(police.html).toContain(canary);
      expect(education.html).not.toContain(canary);
      expect(family.html).not.toContain(canary);
    }
    expect(police.html).not.toContain(RESTRICTED.healthPassage);
    expect(police.html).toContain('Information withheld: health restricted');
    expect(education.html).not.toContain(RESTRICTED.healthPassage);
    expect(education.html).toContain('What this version leaves out');
    // Where each thing was: the police compartment, then the police restricted view.
    expect(education.html.split('<strong>Information withheld: police restricted</strong>').length).toBe(3);
    if (police.pdf !== null && education.pdf !== null && family.pdf !== null) {
      for (const canary of police_) {
        expect(police.pdf).toContain(compactText(canary));
        expect(education.pdf).not.toContain(compactText(canary));
        expect(family.pdf).not.toContain(compactText(canary));
      }
      expect(education.pdf).toContain(compactText('Information withheld: police restricted'));
      expect(education.pdf).toContain(compactText('Information withheld: health restricted'));
    }

    // Education cannot download the police version, nor the complete one: refused and audited.
    for (const variant of ['audience-police', 'complete']) {
      const refused = await download(sealedRecordHref(meetingId, 1, variant, 'pdf'), c.educator.cookie);
      expect([variant, refused.status, (refused.body as { code: string }).code]).toEqual([variant, 403, 'Forbidden']);
    }
    expect((await auditEntries(meetingId, 'access.refused')).at(-1)).toMatchObject({
      actor_user_id: c.educator.user.user.id,
      details: { reason: 'not-own-version', variant: 'complete' },
    });
    // Each version is stored with the members it was sealed for, and its hashes, in the trail.
    const [sealed] = await auditEntries(meetingId, 'record.sealed');
    expect(Object.keys(sealed!.details.files).sort()).toEqual(
      ['audience-health', 'audience-police', 'complete', 'family', 'shared'].sort(),
    );
    expect(sealed!.details.files['audience-police'].readers.sort()).toEqual(
      [c.police.user.user.id, c.police2.user.user.id].sort(),
    );
    expect(sealed!.details.files.shared.readers).toEqual(
      expect.arrayContaining([c.educator.user.user.id, c.education.user.user.id]),
    );
  });

  it('takes family-facing marks from the chair only, for items of the meeting; the room is told and the join state has them', async () => {
    const c = await buildMeetingCast(app(), clients);
    const meetingId = c.meeting.id;
    const heard: unknown[] = [];
    c.health.client.socket.on('family-facing:changed', (event) => heard.push(event));
    const item = { type: 'section', id: 'reason' };
    const refused = await c.police.client.emit('family-facing:set', { meetingId, item, familyFacing: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect((await auditEntries(meetingId, 'access.refused')).at(-1)).toMatchObject({
      actor_user_id: c.police.user.user.id,
      details: { event: 'family-facing:set', code: 'Forbidden' },
    });
    for (const bad of [
      { type: 'section', id: 'no-such-section' },
      { type: 'view', id: 'not-an-id' },
      { type: 'action', id: randomUUID() },
    ]) {
      const res = await c.chair.client.emit('family-facing:set', { meetingId, item: bad, familyFacing: true });
      expect(res).toMatchObject({ ok: false, error: { code: 'ValidationFailed', fields: [{ path: 'item.id' }] } });
    }
    const badType = await c.chair.client.emit('family-facing:set', {
      meetingId,
      item: { type: 'everything', id: 'x' },
      familyFacing: true,
    });
    expect(badType).toMatchObject({ ok: false, error: { code: 'ValidationFailed' } });
    expect(await auditEntries(meetingId, 'family-facing.set')).toEqual([]);

    expect(await c.chair.client.ok('family-facing:set', { meetingId, item, familyFacing: true })).toEqual([item]);
    await eventually(async () => expect(heard).toEqual([expect.objectContaining({ meetingId, items: [item] })]));
    expect((await c.health.client.ok('meeting:join', { meetingId })).familyFacing).toEqual([item]);
    expect(await c.chair.client.ok('family-facing:set', { meetingId, item, familyFacing: false })).toEqual([]);
    expect((await auditEntries(meetingId, 'family-facing.set')).map((e) => e.details)).toEqual([
      expect.objectContaining({ itemType: 'section', itemId: 'reason', familyFacing: true, changed: true }),
      expect.objectContaining({ itemType: 'section', itemId: 'reason', familyFacing: false, changed: true }),
    ]);
  });

  it('seals a family version with only what is marked for the family, no restricted text and no names', async () => {
    const c = await concludedMeeting();
    const html = (await download(sealedRecordHref(c.meeting.id, 1, 'family', 'html'), c.chair.cookie)).bytes.toString();
    const pdf = await download(sealedRecordHref(c.meeting.id, 1, 'family', 'pdf'), c.chair.cookie);
    expect(pdf.status).toBe(200);
    const texts: [string, string][] = [['html', html]];
    if (hasPdftotext) texts.push(['pdf', compactText(await pdfToText(pdf.bytes))]);
    for (const [format, text] of texts) {
      const norm = (s: string) => (format === 'pdf' ? compactText(s) : s);
      expect(text).toContain(norm('This is the family version'));
      // The marked section, the marked view and the marked action.
      expect(text).toContain(norm(OPEN.familyPassage));
      expect(text).toContain(norm(OPEN.policeView));
      expect(text).toContain(norm(OPEN.action));
      // The partly flagged paragraph is withheld whole, with the marker.
      expect(text).not.toContain(norm(OPEN.passage));
      expect(text).toContain(norm(FAMILY_PARAGRAPH_WITHHELD));
      // Unmarked: the medical section, the health view, the decision's reasons, the dissent.
      for (const unmarked of [OPEN.unmarkedSection, OPEN.healthView, OPEN.laReasons, OPEN.dissent]) {
        expect(text).not.toContain(norm(unmarked));
      }
      for (const restricted of Object.values(RESTRICTED)) expect(text).not.toContain(norm(restricted));
      for (const name of professionalNames(c)) expect(text).not.toContain(norm(name));
      expect(text).not.toContain(norm(OPEN.escalationNote));
      expect(text).not.toContain(norm('Information withheld'));
      expect(text).toContain(norm('Police (participant)'));
    }
  });

  it('stores SHA-256 hashes that match the bytes downloaded, the header and the record.sealed audit entry', async () => {
    const c = await concludedMeeting();
    const [sealed] = await auditEntries(c.meeting.id, 'record.sealed');
    expect(sealed).toMatchObject({
      actor_user_id: null,
      details: { version: 1, reason: 'concluded', addendumId: null },
    });
    const listed = await list(c.meeting.id, c.chair.cookie);
    for (const file of listed.versions[0]!.files) {
      const got = await download(file.href, c.chair.cookie);
      expect(got.status).toBe(200);
      expect(sha256(got.bytes)).toBe(file.sha256);
      expect(got.headers.get(SEALED_RECORD_SHA256_HEADER.toLowerCase())).toBe(file.sha256);
      expect(got.bytes.length).toBe(file.bytes);
      const key = file.format === 'pdf' ? 'pdfSha256' : 'htmlSha256';
      expect(sealed!.details.files[file.variant][key]).toBe(file.sha256);
    }
    // The audit entry holds hashes and sizes, never content.
    expect(JSON.stringify(sealed!.details)).not.toMatch(/Secretsource|Ruby|Bruising/);
    const exported = await auditEntries(c.meeting.id, 'record.exported');
    expect(exported.map((e) => [e.details.version, e.details.variant, e.details.format, e.details.sha256])).toEqual(
      listed.versions[0]!.files.map((f) => [1, f.variant, f.format, f.sha256]),
    );
    expect(exported.every((e) => e.actor_user_id === c.chair.user.user.id)).toBe(true);
  });

  it('seals version 2 after an addendum is signed off, keeps version 1 unchanged, and seals each trigger once', async () => {
    const c = await concludedMeeting();
    const v1 = await download(sealedRecordHref(c.meeting.id, 1, 'complete', 'pdf'), c.chair.cookie);
    // Marks may change after the conclusion; the next version's family version uses them.
    await c.chair.client.ok('family-facing:set', {
      meetingId: c.meeting.id,
      item: { type: 'section', id: 'medical' },
      familyFacing: true,
    });
    const added = await app().request('POST', `/api/meetings/${c.meeting.id}/addenda`, {
      cookie: c.health.cookie,
      body: { sectionKey: 'medical', text: 'The medical on Tuesday found an older healed fracture.' },
    });
    expect(added.status).toBe(201);
    const signed = await app().request('POST', `/api/meetings/${c.meeting.id}/addenda/${added.body.id}/sign-off`, {
      cookie: c.chair.cookie,
    });
    expect(signed.status).toBe(200);
    await eventually(async () => expect((await list(c.meeting.id, c.chair.cookie)).versions).toHaveLength(2));

    const listed = await list(c.meeting.id, c.chair.cookie);
    expect(listed.versions.map((v) => [v.version, v.reason, v.addendumId])).toEqual([
      [2, 'addendum', added.body.id],
      [1, 'concluded', null],
    ]);
    const [v2, first] = listed.versions;
    for (const file of v2!.files) {
      const before = first!.files.find((f) => f.variant === file.variant && f.format === file.format)!;
      expect(file.sha256).not.toBe(before.sha256);
    }
    const again = await download(sealedRecordHref(c.meeting.id, 1, 'complete', 'pdf'), c.chair.cookie);
    expect(again.bytes.equals(v1.bytes)).toBe(true);
    const v2html = (
      await download(sealedRecordHref(c.meeting.id, 2, 'complete', 'html'), c.chair.cookie)
    ).bytes.toString();
    expect(v2html).toContain('The medical on Tuesday found an older healed fracture.');
    expect(v2html).toContain('Version 2, sealed after an addendum');
    const v2family = (await download(sealedRecordHref(c.meeting.id, 2, 'family', 'html'), c.chair.cookie)).bytes;
    expect(v2family.toString()).not.toContain('older healed fracture');
    expect(v2family.toString()).toContain('addenda are left out');
    expect(v2family.toString()).toContain(OPEN.unmarkedSection);
    const v1family = await download(sealedRecordHref(c.meeting.id, 1, 'family', 'html'), c.chair.cookie);
    expect(v1family.bytes.toString()).not.toContain(OPEN.unmarkedSection);

    const service = app().get(SealedRecordService);
    expect(await service.seal(c.meeting.id, { kind: 'concluded' })).toBe(1);
    expect(await service.seal(c.meeting.id, { kind: 'addendum', addendumId: added.body.id })).toBe(2);
    expect(await service.sealOutstanding()).toBe(0);
    const [{ n }] = await app().dataSource.query(
      `SELECT count(*)::int AS n FROM sealed_records WHERE meeting_id = $1`,
      [c.meeting.id],
    );
    expect(n).toBe(10);
    expect(await auditEntries(c.meeting.id, 'record.sealed')).toHaveLength(2);
  });

  it('records a decision not reached at conclusion with the chair’s reason', async () => {
    const c = await buildMeetingCast(app(), clients);
    const meetingId = c.meeting.id;
    expect((await app().request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status).toBe(
      200,
    );
    const opened = await c.chair.client.ok('decision:open', { meetingId, childIds: [c.meeting.children[0]!.id] });
    const reason = 'The paediatrician’s opinion is needed before deciding.';
    const concluded = await app().request('POST', `/api/meetings/${meetingId}/conclude`, {
      cookie: c.chair.cookie,
      body: { notReached: [{ decisionId: opened.id, reason }] },
    });
    expect(concluded.status).toBe(200);
    await eventually(async () => expect((await list(meetingId, c.chair.cookie)).versions).toHaveLength(1));
    for (const variant of ['complete', 'family'] as const) {
      const html = (await download(sealedRecordHref(meetingId, 1, variant, 'html'), c.chair.cookie)).bytes.toString();
      expect(html).toContain('<h4>Not reached</h4>');
      // The reason is free text: in the family version only when the chair marks the decision's reasons.
      expect(html).toContain(variant === 'complete' ? reason : 'Left out of this version');
      expect(html).toContain(
        variant === 'complete' ? 'Recorded by Sam Chair' : 'Recorded by Children&#39;s social care (chair)',
      );
    }
  });

  it('never changes or deletes a sealed file', async () => {
    const c = await concludedMeeting();
    await expect(
      app().dataSource.query(`UPDATE sealed_records SET html = 'x'::bytea WHERE meeting_id = $1`, [c.meeting.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      app().dataSource.query(`DELETE FROM sealed_records WHERE meeting_id = $1`, [c.meeting.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('lets auditors download, refuses observers (audited) and tells outsiders nothing', async () => {
    const c = await concludedMeeting();
    const href = sealedRecordHref(c.meeting.id, 1, 'complete', 'pdf');

    const observerList = await list(c.meeting.id, c.education.cookie);
    expect(observerList.canDownload).toBe(false);
    const observer = await download(href, c.education.cookie);
    expect(observer.status).toBe(403);
    expect(observer.body).toMatchObject({ code: 'Forbidden', message: expect.stringMatching(/observers/i) });
    const refused = await auditEntries(c.meeting.id, 'access.refused');
    expect(refused.at(-1)).toMatchObject({
      actor_user_id: c.education.user.user.id,
      details: { reason: 'observer-cannot-export', version: 1, variant: 'complete', format: 'pdf' },
    });

    const outsider = await download(href, c.outsider.cookie);
    expect(outsider.status).toBe(404);
    expect(outsider.body).toMatchObject({ code: 'MeetingNotFound' });
    expect(
      (await app().request('GET', `/api/meetings/${c.meeting.id}/records`, { cookie: c.outsider.cookie })).status,
    ).toBe(404);

    const auditor = await app().createUser({ isAuditor: true, agency: 'other' });
    const auditorCookie = await app().signIn(auditor);
    expect((await list(c.meeting.id, auditorCookie)).canDownload).toBe(true);
    const got = await download(sealedRecordHref(c.meeting.id, 1, 'family', 'html'), auditorCookie);
    expect(got.status).toBe(200);
    // Restricted content only through justified access: a version holding it needs the reviewer's reason.
    const unjustified = await download(href, auditorCookie);
    expect(unjustified.status).toBe(400);
    expect(unjustified.body).toMatchObject({ code: 'ValidationFailed', fields: [{ path: 'reason' }] });
    const justified = await download(
      `${href}?reason=${encodeURIComponent('Multi-agency case audit 2027-03')}`,
      auditorCookie,
    );
    expect(justified.status).toBe(200);
    const exported = await auditEntries(c.meeting.id, 'record.exported');
    expect(exported).toEqual([
      expect.objectContaining({
        actor_user_id: auditor.user.id,
        details: expect.objectContaining({ version: 1, variant: 'family', format: 'html', as: 'auditor' }),
      }),
      expect.objectContaining({
        actor_user_id: auditor.user.id,
        details: expect.objectContaining({
          variant: 'complete',
          as: 'auditor',
          reason: 'Multi-agency case audit 2027-03',
        }),
      }),
    ]);
  });

  it('answers bad paths with a clear error and audits nothing', async () => {
    const c = await concludedMeeting();
    const base = `/api/meetings/${c.meeting.id}/records`;
    const before = (await auditEntries(c.meeting.id, 'record.exported')).length;
    const cases: [string, number, string, string][] = [
      [`${base}/0/full.pdf`, 400, 'ValidationFailed', 'version'],
      [`${base}/one/full.pdf`, 400, 'ValidationFailed', 'version'],
      [`${base}/1/secret.pdf`, 400, 'ValidationFailed', 'file'],
      [`${base}/1/full.docx`, 400, 'ValidationFailed', 'file'],
    ];
    for (const [path, status, code, field] of cases) {
      const res = await app().request('GET', path, { cookie: c.chair.cookie });
      expect([path, res.status, res.body.code, res.body.fields?.[0]?.path]).toEqual([path, status, code, field]);
    }
    const missing = await app().request('GET', `${base}/7/full.pdf`, { cookie: c.chair.cookie });
    expect(missing).toMatchObject({
      status: 404,
      body: { code: 'NotFound', message: expect.stringContaining('version 7') },
    });
    expect((await app().request('GET', `/api/meetings/not-a-uuid/records`, { cookie: c.chair.cookie })).status).toBe(
      404,
    );
    expect(await auditEntries(c.meeting.id, 'record.exported')).toHaveLength(before);
  });

  it('migrates records sealed before per-reader versions: full becomes complete, for the chair and auditors only', async () => {
    const c = await buildMeetingCast(app(), clients);
    expect(
      (await app().request('POST', `/api/meetings/${c.meeting.id}/start`, { cookie: c.chair.cookie })).status,
    ).toBe(200);
    const concluded = await app().request('POST', `/api/meetings/${c.meeting.id}/conclude`, {
      cookie: c.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    await eventually(async () => expect((await list(c.meeting.id, c.chair.cookie)).versions).toHaveLength(1));
    const runner = app().dataSource.createQueryRunner();
    const migration = new SealedRecordsPerReader1766531000000();
    const variants = async () =>
      (
        (await app().dataSource.query(`SELECT variant FROM sealed_records WHERE meeting_id = $1 ORDER BY 1`, [
          c.meeting.id,
        ])) as { variant: string }[]
      ).map((r) => r.variant);
    try {
      // Back to the model before: full and family only (per-reader rows cannot be expressed there).
      await migration.down(runner);
      expect(await variants()).toEqual(['family', 'full']);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await variants()).toEqual(['complete', 'family']);
    // Nobody was sealed a version of their own then: a participant is given the family version only.
    expect((await list(c.meeting.id, c.police.cookie)).versions[0]!.files.map((f) => f.variant)).toEqual([
      'family',
      'family',
    ]);
    expect((await download(sealedRecordHref(c.meeting.id, 1, 'complete', 'pdf'), c.police.cookie)).status).toBe(403);
    expect((await download(sealedRecordHref(c.meeting.id, 1, 'complete', 'pdf'), c.chair.cookie)).status).toBe(200);
    // Still append-only.
    await expect(
      app().dataSource.query(`UPDATE sealed_records SET variant = 'full' WHERE meeting_id = $1`, [c.meeting.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('lists no versions for a discussion that has not concluded, and refuses to seal it', async () => {
    const c = await buildMeetingCast(app(), clients);
    expect((await list(c.meeting.id, c.chair.cookie)).versions).toEqual([]);
    await expect(app().get(SealedRecordService).seal(c.meeting.id, { kind: 'concluded' })).rejects.toMatchObject({
      code: 'Conflict',
    });
  });
});
