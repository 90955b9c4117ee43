import { createHash } from 'node:crypto';
import { documentName } from '@roundtable/shared/realtime';
import {
  SEALED_RECORD_SHA256_HEADER,
  type SealedRecordListResponse,
  sealedRecordHref,
} from '@roundtable/shared/sealed-records';
import { RESTRICTED_MARK, RESTRICTED_MARK_ATTRIBUTE } from '@roundtable/shared/templates';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { DocumentRepository } from '../../realtime/collab/document.repository';
import { describeEachDatabase } from '../../../test/support/each-database';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import { type EventsClient } from '../../../test/support/meeting-events-client';
import { compactText, pdfToText, pdftotextAvailable } from '../../../test/support/pdf-text';
import type { TestApp } from '../../../test/support/test-app';
import { formatDateTime } from './record-text';
import { SealedRecordService } from './sealed-record.service';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const DUE_MEDICAL = '2026-04-01T16:00:00.000Z';
const DUE_INTERVIEW = '2026-04-02T09:30:00.000Z';

/** Free text that must appear in the full record and never in the family version. */
const RESTRICTED = {
  passage: 'The informant is Mrs Secretsource from the corner shop.',
  policePassage: 'Covert surveillance of the stepfather is authorised.',
  agencyInformation: 'Neighbour Nigel Nosey heard screaming on Friday night.',
  earlierView: 'Police intelligence from a covert human source.',
  action: 'Interview the stepfather under caution',
};
const OPEN = {
  passage: 'Bruising to the upper arm was seen at nursery on Monday.',
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

describeEachDatabase('the sealed record', (ctx) => {
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

  /** Types into the record through a real y-websocket provider, with restricted marks as TipTap stores them. */
  async function writeRecord(c: MeetingCast): Promise<void> {
    // An inline "police restricted" passage can no longer be typed into the record (close 4422, issue 16):
    // it is stored as a record written before then held it, before anyone opens the record.
    const before = new Y.Doc();
    const policeParagraph = new Y.XmlElement('paragraph');
    before.getXmlFragment('police-investigation').push([policeParagraph]);
    policeParagraph.insert(0, [new Y.XmlText()]);
    (policeParagraph.get(0) as Y.XmlText).insert(0, RESTRICTED.policePassage, {
      [RESTRICTED_MARK]: { [RESTRICTED_MARK_ATTRIBUTE]: 'police-restricted' },
    });
    await app()
      .get(DocumentRepository)
      .append(documentName(c.meeting.id, 'record'), [{ update: Y.encodeStateAsUpdate(before), userId: null }]);
    before.destroy();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${app().wsUrl}/collab`, documentName(c.meeting.id, 'record'), doc, {
      WebSocketPolyfill: cookieWebSocket(c.chair.cookie, app().url) as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    providers.push(provider);
    await new Promise<void>((resolve) => {
      if (provider.synced) return resolve();
      provider.on('sync', (synced: boolean) => synced && resolve());
    });
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
      paragraph('reason', [`${OPEN.passage} `], [RESTRICTED.passage, restricted('not-for-family')]);
      paragraph('agency-information', [RESTRICTED.agencyInformation]);
    });
    const registry = app().get(CollabDocumentRegistry);
    await eventually(async () => {
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await registry.encodeState(documentName(c.meeting.id, 'record')));
      expect(stored.getXmlFragment('agency-information').toString()).toContain('Nigel Nosey');
      expect(stored.getXmlFragment('reason').toString()).toContain('Secretsource');
      stored.destroy();
    });
  }

  /** A decided s47 decision with views (one earlier view flagged), dissent and an escalation step. */
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
    await c.police.client.ok('view:record', {
      ...request,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: OPEN.policeView,
    });
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
    await c.police.client.ok('action:create', {
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
  }

  /** A strategy discussion held, recorded and concluded by its chair: version 1 is sealed. */
  async function concludedMeeting(): Promise<MeetingCast> {
    const c = await buildMeetingCast(app(), clients);
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

  it('seals the full record on conclusion: PDF text with every decision, view, reason and action, and restricted entries marked', async () => {
    const c = await concludedMeeting();
    const listed = await list(c.meeting.id, c.police.cookie);
    expect(listed).toMatchObject({ meetingId: c.meeting.id, reference: c.meeting.reference, canDownload: true });
    expect(listed.versions).toEqual([
      expect.objectContaining({ version: 1, reason: 'concluded', addendumId: null, sealedAt: expect.any(String) }),
    ]);
    expect(listed.versions[0]!.files.map((f) => `${f.variant}.${f.format}`)).toEqual([
      'full.pdf',
      'full.html',
      'family.pdf',
      'family.html',
    ]);

    const pdf = await download(sealedRecordHref(c.meeting.id, 1, 'full', 'pdf'), c.police.cookie);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${c.meeting.reference}-v1-full.pdf"`);
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const html = (await download(sealedRecordHref(c.meeting.id, 1, 'full', 'html'), c.police.cookie)).bytes.toString();
    expect(html).toContain('<html lang="en-GB">');
    for (const text of [...Object.values(OPEN), ...Object.values(RESTRICTED)]) expect(html).toContain(text);
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
    expect(html).not.toContain('Invited and did not attend');
    expect(html).toContain('[NOT FOR FAMILY]');

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
      `[POLICE RESTRICTED] ${RESTRICTED.policePassage}`,
      RESTRICTED.agencyInformation,
      `Signed off by Sam Chair`,
      c.meeting.reference,
      'Ruby Testcase',
    ]) {
      expect(text).toContain(compactText(phrase));
    }
  });

  it('seals a family version with no restricted text and no professional names, saying what it leaves out', async () => {
    const c = await concludedMeeting();
    const html = (await download(sealedRecordHref(c.meeting.id, 1, 'family', 'html'), c.chair.cookie)).bytes.toString();
    const pdf = await download(sealedRecordHref(c.meeting.id, 1, 'family', 'pdf'), c.chair.cookie);
    expect(pdf.status).toBe(200);
    const texts: [string, string][] = [['html', html]];
    if (hasPdftotext) texts.push(['pdf', compactText(await pdfToText(pdf.bytes))]);
    for (const [format, text] of texts) {
      const norm = (s: string) => (format === 'pdf' ? compactText(s) : s);
      expect(text).toContain(norm('This is the family version'));
      expect(text).toContain(norm(OPEN.passage));
      expect(text).toContain(norm(OPEN.laReasons));
      expect(text).toContain(norm(OPEN.action));
      for (const restricted of Object.values(RESTRICTED)) expect(text).not.toContain(norm(restricted));
      for (const name of professionalNames(c)) expect(text).not.toContain(norm(name));
      expect(text).not.toContain(norm(OPEN.escalationNote));
      // Only named in the statement of what is left out, never as a section of its own.
      expect(text.split(norm('Information shared by each agency')).length).toBe(2);
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
    const v1 = await download(sealedRecordHref(c.meeting.id, 1, 'full', 'pdf'), c.chair.cookie);
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
    const again = await download(sealedRecordHref(c.meeting.id, 1, 'full', 'pdf'), c.chair.cookie);
    expect(again.bytes.equals(v1.bytes)).toBe(true);
    const v2html = (await download(sealedRecordHref(c.meeting.id, 2, 'full', 'html'), c.chair.cookie)).bytes.toString();
    expect(v2html).toContain('The medical on Tuesday found an older healed fracture.');
    expect(v2html).toContain('Version 2, sealed after an addendum');
    const v2family = (await download(sealedRecordHref(c.meeting.id, 2, 'family', 'html'), c.chair.cookie)).bytes;
    expect(v2family.toString()).not.toContain('older healed fracture');
    expect(v2family.toString()).toContain('Addenda are left out');

    const service = app().get(SealedRecordService);
    expect(await service.seal(c.meeting.id, { kind: 'concluded' })).toBe(1);
    expect(await service.seal(c.meeting.id, { kind: 'addendum', addendumId: added.body.id })).toBe(2);
    expect(await service.sealOutstanding()).toBe(0);
    const [{ n }] = await app().dataSource.query(
      `SELECT count(*)::int AS n FROM sealed_records WHERE meeting_id = $1`,
      [c.meeting.id],
    );
    expect(n).toBe(4);
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
    for (const variant of ['full', 'family'] as const) {
      const html = (await download(sealedRecordHref(meetingId, 1, variant, 'html'), c.chair.cookie)).bytes.toString();
      expect(html).toContain('<h4>Not reached</h4>');
      expect(html).toContain(reason);
      expect(html).toContain(
        variant === 'full' ? 'Recorded by Sam Chair' : 'Recorded by Children&#39;s social care (chair)',
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
    const href = sealedRecordHref(c.meeting.id, 1, 'full', 'pdf');

    const observerList = await list(c.meeting.id, c.education.cookie);
    expect(observerList.canDownload).toBe(false);
    const observer = await download(href, c.education.cookie);
    expect(observer.status).toBe(403);
    expect(observer.body).toMatchObject({ code: 'Forbidden', message: expect.stringMatching(/observers/i) });
    const refused = await auditEntries(c.meeting.id, 'access.refused');
    expect(refused.at(-1)).toMatchObject({
      actor_user_id: c.education.user.user.id,
      details: { reason: 'observer-cannot-export', version: 1, variant: 'full', format: 'pdf' },
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
    const exported = await auditEntries(c.meeting.id, 'record.exported');
    expect(exported).toEqual([
      expect.objectContaining({
        actor_user_id: auditor.user.id,
        details: expect.objectContaining({ version: 1, variant: 'family', format: 'html', as: 'auditor' }),
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

  it('lists no versions for a discussion that has not concluded, and refuses to seal it', async () => {
    const c = await buildMeetingCast(app(), clients);
    expect((await list(c.meeting.id, c.chair.cookie)).versions).toEqual([]);
    await expect(app().get(SealedRecordService).seal(c.meeting.id, { kind: 'concluded' })).rejects.toMatchObject({
      code: 'Conflict',
    });
  });
});
