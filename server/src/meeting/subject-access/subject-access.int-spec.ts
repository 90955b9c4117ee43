import { createHash, randomUUID } from 'node:crypto';
import { documentName } from '@roundtable/shared/realtime';
import type { SubjectAccessBundle, SubjectAccessDetail } from '@roundtable/shared/subject-access';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { buildMeetingCast, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { compactText, itWithPdftotext, pdftotextAvailable, pdfToText } from '../../../test/support/pdf-text';
import type { TestUser } from '../../../test/support/test-app';

/** Content that must reach the subject. */
const KEEP = {
  viewReasons: 'KEEPCANARYVIEWREASONS bruising seen at school',
  action: 'KEEPCANARYACTION arrange a medical',
  parentView: 'KEEPCANARYPARENTVIEW we want Ruby home',
};
/** Content the admin redacts: it must appear in no exported byte. */
const GONE = {
  uncle: 'GONECANARYUNCLE Thirdparty',
  health: 'GONECANARYHEALTH diagnosis of the mother',
  neighbour: 'GONECANARYNEIGHBOUR Nextdoor',
};
const PARENT_EMAIL = 'pat.parent@example.org';

/** Raw bytes and text both: a canary must not be in either (compressed streams would hide it from the bytes alone). */
function expectAbsent(haystack: string, canaries: readonly string[]): void {
  for (const canary of canaries) {
    expect(haystack).not.toContain(canary);
    expect(compactText(haystack)).not.toContain(compactText(canary));
  }
}

describeOnOneDatabase('subject access requests (assemble, redact, sign off, export)', (ctx) => {
  const clients: EventsClient[] = [];
  let cast: MeetingCast;
  let opener: TestUser;
  let reviewer: TestUser;
  let openerCookie: string;
  let reviewerCookie: string;
  let childId: string;

  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const api = (method: string, path: string, cookie: string, body?: unknown) =>
    ctx.app.request(method, `/api/admin/subject-access${path}`, { cookie, body });

  const sarAudit = async () =>
    (await ctx.app.dataSource.query(
      `SELECT seq, type, outcome, actor_user_id, subject_type, subject_id, details FROM audit_events
        WHERE type LIKE 'subject-access.%' OR (type = 'access.refused' AND subject_type = 'subject-access-request')
        ORDER BY seq`,
    )) as { seq: string; type: string; outcome: string; actor_user_id: string; subject_id: string; details: any }[];

  const counts = async () => {
    const [row] = (await ctx.app.dataSource.query(
      `SELECT (SELECT count(*)::int FROM subject_access_requests) AS requests,
              (SELECT count(*)::int FROM subject_access_redactions) AS redactions,
              (SELECT count(*)::int FROM subject_access_exports) AS exports,
              (SELECT count(*)::int FROM audit_events WHERE type LIKE 'subject-access.%') AS audit`,
    )) as { requests: number; redactions: number; exports: number; audit: number }[];
    return row!;
  };

  beforeAll(async () => {
    cast = await buildMeetingCast(ctx.app, clients);
    opener = await ctx.app.createUser({ isAdmin: true, displayName: 'Ada Opener', agency: 'other' });
    reviewer = await ctx.app.createUser({ isAdmin: true, displayName: 'Rex Reviewer', agency: 'other' });
    openerCookie = await ctx.app.signIn(opener);
    reviewerCookie = await ctx.app.signIn(reviewer);
    const meetingChild = cast.meeting.children[0]!;
    childId = meetingChild.childId;
    // A decision about the child with police's view (its key information is health detail to withhold).
    const opened = await cast.chair.client.ok('decision:open', {
      meetingId: cast.meeting.id,
      childIds: [meetingChild.id],
    });
    await cast.police.client.ok('view:record', {
      meetingId: cast.meeting.id,
      decisionId: opened.id,
      harm: 'yes',
      recommendedOption: 's47-joint',
      reasons: KEEP.viewReasons,
      keyInformation: `GP letter: ${GONE.health}.`,
    });
    await cast.police.client.ok('action:create', {
      meetingId: cast.meeting.id,
      description: KEEP.action,
      ownerUserId: cast.health.user.user.id,
      ownerAgency: 'health',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    // Another adult in the child's household (third-party information for the child's request).
    await ctx.app.dataSource.query(
      `INSERT INTO household_members (household_id, position, name, relationship, parental_responsibility)
       SELECT household_id, 1, $2, 'uncle', false FROM children WHERE id = $1`,
      [childId, GONE.uncle],
    );
    // A parent invited to the meeting, whose view names a neighbour (third-party information for the parent).
    const [participant] = (await ctx.app.dataSource.query(
      `INSERT INTO family_participants (meeting_id, display_name, email, relationship, invited_by)
       VALUES ($1, 'Pat Parent', $2, 'parent', $3) RETURNING id`,
      [cast.meeting.id, PARENT_EMAIL, cast.chair.user.user.id],
    )) as { id: string }[];
    await ctx.app.dataSource.query(
      `INSERT INTO family_views (meeting_id, participant_id, family_session_id, text, meeting_status)
       VALUES ($1, $2, $3, $4, 'scheduled')`,
      [cast.meeting.id, participant!.id, randomUUID(), `${KEEP.parentView}. ${GONE.neighbour} saw what happened.`],
    );
  });

  it('refuses anyone but an administrator, audited, and changes nothing', async () => {
    const before = await counts();
    const chairCookie = cast.chair.cookie;
    expect((await api('GET', '', chairCookie)).status).toBe(403);
    const refused = await api('POST', '', chairCookie, { subject: { kind: 'child', childId }, reference: 'SAR-1' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'Forbidden' });
    expect((await ctx.app.request('GET', '/api/admin/subject-access')).status).toBe(401);
    expect(await counts()).toEqual(before);
    const refusals = (await ctx.app.dataSource.query(
      `SELECT details FROM audit_events WHERE type = 'access.refused' AND actor_user_id = $1
          AND subject_type = 'user-administration' AND subject_id LIKE '/api/admin/subject-access%'`,
      [cast.chair.user.user.id],
    )) as { details: { reason: string } }[];
    expect(refusals.map((r) => r.details.reason)).toEqual(['not-an-administrator', 'not-an-administrator']);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const before = await counts();
    const cases: [unknown, number, string][] = [
      [{ subject: { kind: 'child', childId: randomUUID() }, reference: 'SAR-2' }, 404, 'NotFound'],
      [{ subject: { kind: 'professional', userId: randomUUID() }, reference: 'SAR-2' }, 404, 'NotFound'],
      [{ subject: { kind: 'family-member', email: 'nobody@example.org' }, reference: 'SAR-2' }, 404, 'NotFound'],
      [{ subject: { kind: 'child', childId: 'not-an-id' }, reference: 'SAR-2' }, 400, 'ValidationFailed'],
      [{ subject: { kind: 'pet', childId }, reference: 'SAR-2' }, 400, 'ValidationFailed'],
      [{ subject: { kind: 'child', childId }, reference: '' }, 400, 'ValidationFailed'],
      [{ subject: { kind: 'child', childId }, reference: 'SAR 2 <script>' }, 400, 'ValidationFailed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await api('POST', '', openerCookie, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      expect(typeof res.body.message).toBe('string');
    }
    expect((await api('GET', `/${randomUUID()}`, openerCookie)).status).toBe(404);
    expect((await api('POST', `/${randomUUID()}/sign-off`, reviewerCookie)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("a child's request: redacted and third-party canaries never reach the PDF or the JSON; the bundle hash is in the trail", async () => {
    const opened = await api('POST', '', openerCookie, {
      subject: { kind: 'child', childId },
      reference: 'SAR-2026-001',
    });
    expect(opened.status).toBe(201);
    const detail = opened.body as SubjectAccessDetail;
    expect(detail).toMatchObject({ subjectKind: 'child', subjectName: cast.meeting.children[0]!.name, status: 'open' });
    const kinds = new Set(detail.items.map((i) => i.kind));
    for (const kind of [
      'child-record',
      'household-member',
      'meeting',
      'decision',
      'agency-view',
      'action',
      'audit-entry',
    ]) {
      expect(kinds).toContain(kind);
    }
    const uncle = detail.items.find((i) => i.kind === 'household-member' && i.text.includes(GONE.uncle))!;
    expect(uncle.suggested).toBe('third-party');
    const view = detail.items.find((i) => i.kind === 'agency-view')!;
    expect(view.text).toContain(KEEP.viewReasons);
    const id = detail.id;

    const read = await api('GET', `/${id}`, reviewerCookie);
    expect(read.status).toBe(200);
    expect((read.body as SubjectAccessDetail).items).toEqual(detail.items);

    // No export before sign-off.
    const early = await api('POST', `/${id}/exports`, openerCookie, { format: 'pdf' });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'Conflict' });

    // Bad redactions: clear errors, nothing stored.
    const before = await counts();
    const bad: [unknown, number][] = [
      [{ itemKey: 'action:00000000-0000-4000-8000-000000000000', exemption: 'third-party', note: 'x' }, 400],
      [{ itemKey: view.key, exemption: 'because', note: 'x' }, 400],
      [{ itemKey: view.key, exemption: 'third-party', note: '' }, 400],
      [{ itemKey: view.key, span: { start: 5, end: 2 }, exemption: 'third-party', note: 'x' }, 400],
      [{ itemKey: view.key, span: { start: 0, end: view.text.length + 1 }, exemption: 'third-party', note: 'x' }, 400],
    ];
    for (const [body, status] of bad) {
      const res = await api('POST', `/${id}/redactions`, openerCookie, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code: 'ValidationFailed' });
    }
    expect(await counts()).toEqual(before);

    // The opener redacts the uncle whole (third party) and a span of police's view (health data).
    const start = view.text.indexOf(GONE.health);
    expect(start).toBeGreaterThan(0);
    const whole = await api('POST', `/${id}/redactions`, openerCookie, {
      itemKey: uncle.key,
      exemption: 'third-party',
      note: 'Names another adult in the household',
    });
    expect(whole.status).toBe(201);
    const span = await api('POST', `/${id}/redactions`, openerCookie, {
      itemKey: view.key,
      span: { start, end: start + GONE.health.length },
      exemption: 'health-serious-harm',
      note: 'The GP advises disclosure would cause serious harm',
    });
    expect(span.status).toBe(201);
    expect((span.body as SubjectAccessDetail).redactions).toHaveLength(2);

    // The same administrator cannot sign off their own redactions (refused, audited); a second one can.
    const own = await api('POST', `/${id}/sign-off`, openerCookie);
    expect({ status: own.status, code: own.body.code }).toEqual({ status: 403, code: 'Forbidden' });
    const signed = await api('POST', `/${id}/sign-off`, reviewerCookie);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed-off', signedOffBy: { userId: reviewer.user.id } });
    expect(signed.body.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await api('POST', `/${id}/sign-off`, reviewerCookie)).status).toBe(409);
    const late = await api('POST', `/${id}/redactions`, reviewerCookie, {
      itemKey: view.key,
      exemption: 'third-party',
      note: 'too late',
    });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'Conflict' });

    // Export: JSON and PDF.
    const json = await api('POST', `/${id}/exports`, openerCookie, { format: 'json' });
    expect(json.status).toBe(200);
    const jsonText = JSON.stringify(json.body);
    expect(jsonText).toContain(KEEP.viewReasons);
    expect(jsonText).toContain(KEEP.action);
    expectAbsent(jsonText, [GONE.uncle, GONE.health, 'Names another adult', 'The GP advises']);
    const bundle = json.body as SubjectAccessBundle;
    expect(bundle.items.find((i) => i.key === uncle.key)).toMatchObject({
      title: null,
      text: null,
      redactions: ['third-party'],
    });
    expect(bundle.items.find((i) => i.key === view.key)?.text).toContain('[Redacted: Health data');

    const pdfRes = await fetch(`${ctx.app.url}/api/admin/subject-access/${id}/exports`, {
      method: 'POST',
      headers: { cookie: openerCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'pdf' }),
    });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const pdfSha = createHash('sha256').update(pdf).digest('hex');
    expect(pdfRes.headers.get('x-bundle-sha256')).toBe(pdfSha);
    expectAbsent(pdf.toString('latin1'), [GONE.uncle, GONE.health]);
    if (pdftotextAvailable()) {
      const text = await pdfToText(pdf);
      expect(compactText(text)).toContain(compactText(KEEP.viewReasons));
      expect(compactText(text)).toContain(compactText(KEEP.action));
      expect(compactText(text)).toContain(compactText('[Redacted: Health data: serious harm test'));
      expectAbsent(text, [GONE.uncle, GONE.health, 'Names another adult', 'The GP advises']);
    }

    // Every step in the trail, ids and codes only; each export's SHA-256 is the file's.
    const trail = (await sarAudit()).filter((e) => e.subject_id === id);
    expect(trail.map((e) => `${e.type}:${e.outcome}`)).toEqual([
      'subject-access.opened:success',
      'subject-access.viewed:success',
      'subject-access.redacted:success',
      'subject-access.redacted:success',
      'access.refused:refused',
      'subject-access.signed-off:success',
      'subject-access.exported:success',
      'subject-access.exported:success',
    ]);
    const exported = trail.filter((e) => e.type === 'subject-access.exported');
    expect(exported.map((e) => e.details.format)).toEqual(['json', 'pdf']);
    expect(exported[1]!.details.sha256).toBe(pdfSha);
    expect(exported[0]!.details.sha256).toBe(json.headers.get('x-bundle-sha256'));
    expect(trail.find((e) => e.type === 'subject-access.opened')!.details).toEqual({
      subjectKind: 'child',
      childId,
      itemCount: detail.items.length,
    });
    expectAbsent(JSON.stringify(trail), [
      ...Object.values(GONE),
      ...Object.values(KEEP),
      'Names another adult',
      'The GP advises',
    ]);

    // The same signed-off request renders to the same bytes.
    const again = await api('POST', `/${id}/exports`, reviewerCookie, { format: 'json' });
    expect(again.headers.get('x-bundle-sha256')).toBe(json.headers.get('x-bundle-sha256'));

    // Something new about the child after sign-off: export is refused, nothing exported or audited.
    await cast.police.client.ok('action:create', {
      meetingId: cast.meeting.id,
      description: 'A later action nobody reviewed',
      ownerUserId: cast.health.user.user.id,
      ownerAgency: 'health',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const beforeChanged = await counts();
    const changed = await api('POST', `/${id}/exports`, openerCookie, { format: 'json' });
    expect({ status: changed.status, code: changed.body.code }).toEqual({ status: 409, code: 'Conflict' });
    expect(await counts()).toEqual(beforeChanged);
  });

  itWithPdftotext()('the PDF text holds what is kept and none of what is redacted', async () => {
    const opened = await api('POST', '', reviewerCookie, {
      subject: { kind: 'family-member', email: PARENT_EMAIL.toUpperCase() },
      reference: 'SAR-2026-002',
    });
    expect(opened.status).toBe(201);
    const detail = opened.body as SubjectAccessDetail;
    expect(detail.subjectName).toBe('Pat Parent');
    const view = detail.items.find((i) => i.kind === 'family-view')!;
    expect(view.text).toContain(KEEP.parentView);
    const start = view.text.indexOf(GONE.neighbour);
    expect(
      (
        await api('POST', `/${detail.id}/redactions`, reviewerCookie, {
          itemKey: view.key,
          span: { start, end: start + GONE.neighbour.length },
          exemption: 'third-party',
          note: 'Identifies the neighbour',
        })
      ).status,
    ).toBe(201);
    expect((await api('POST', `/${detail.id}/sign-off`, openerCookie)).status).toBe(200);
    const pdfRes = await fetch(`${ctx.app.url}/api/admin/subject-access/${detail.id}/exports`, {
      method: 'POST',
      headers: { cookie: reviewerCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'pdf' }),
    });
    expect(pdfRes.status).toBe(200);
    const text = await pdfToText(Buffer.from(await pdfRes.arrayBuffer()));
    expect(compactText(text)).toContain(compactText(KEEP.parentView));
    expect(compactText(text)).toContain(compactText('[Redacted: Information about another person'));
    expectAbsent(text, [GONE.neighbour, 'Identifies the neighbour']);
    const json = await api('POST', `/${detail.id}/exports`, reviewerCookie, { format: 'json' });
    expect(JSON.stringify(json.body)).toContain(KEEP.parentView);
    expectAbsent(JSON.stringify(json.body), [GONE.neighbour, 'Identifies the neighbour']);
  });

  it("a professional's request holds their account, their views and the trail's entries about them", async () => {
    const opened = await api('POST', '', openerCookie, {
      subject: { kind: 'professional', userId: cast.police.user.user.id },
      reference: 'SAR-2026-003',
    });
    expect(opened.status).toBe(201);
    const detail = opened.body as SubjectAccessDetail;
    expect(detail.subjectName).toBe('Priya Police');
    const kinds = new Set(detail.items.map((i) => i.kind));
    for (const kind of ['account', 'membership', 'agency-view', 'audit-entry']) expect(kinds).toContain(kind);
    expect(detail.items.find((i) => i.kind === 'agency-view')?.text).toContain(KEEP.viewReasons);
    // Not about yourself: neither opened nor signed off by its subject.
    const police = await ctx.app.createUser({ isAdmin: true, displayName: 'Ida Itself', agency: 'police' });
    const policeCookie = await ctx.app.signIn(police);
    const self = await api('POST', '', policeCookie, {
      subject: { kind: 'professional', userId: police.user.id },
      reference: 'SAR-SELF',
    });
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 403, code: 'Forbidden' });
    const aboutPolice = await api('POST', '', openerCookie, {
      subject: { kind: 'professional', userId: police.user.id },
      reference: 'SAR-2026-006',
    });
    expect((await api('POST', `/${aboutPolice.body.id}/sign-off`, policeCookie)).status).toBe(403);
    // The trail moves on after opening (the subject signs in, the reviewer signs off): export still works,
    // because a request holds the audit entries up to its opening.
    await ctx.app.signIn(police);
    expect((await api('POST', `/${aboutPolice.body.id}/sign-off`, reviewerCookie)).status).toBe(200);
    await ctx.app.signIn(police);
    const exported = await api('POST', `/${aboutPolice.body.id}/exports`, reviewerCookie, { format: 'json' });
    expect(exported.status).toBe(200);
    expect((exported.body as SubjectAccessBundle).items.filter((i) => i.kind === 'audit-entry').length).toBe(
      (aboutPolice.body as SubjectAccessDetail).items.filter((i) => i.kind === 'audit-entry').length,
    );
    const list = await api('GET', '', reviewerCookie);
    expect(list.status).toBe(200);
    expect(list.body.requests.map((r: { reference: string }) => r.reference)).toEqual(
      expect.arrayContaining(['SAR-2026-001', 'SAR-2026-002', 'SAR-2026-003']),
    );
  });

  it("finds sealed record sections: every one for the meeting's child, only those naming a professional for them", async () => {
    const c = await buildMeetingCast(ctx.app, clients);
    const meetingId = c.meeting.id;
    expect((await ctx.app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: c.chair.cookie })).status).toBe(
      200,
    );
    const name = documentName(meetingId, 'record');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, name, doc, {
      WebSocketPolyfill: cookieWebSocket(c.chair.cookie, ctx.app.url) as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    try {
      await new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        provider.on('sync', (synced: boolean) => synced && resolve());
      });
      const paragraph = (fragment: string, text: string) => {
        const element = new Y.XmlElement('paragraph');
        doc.getXmlFragment(fragment).push([element]);
        element.insert(0, [new Y.XmlText(text)]);
      };
      doc.transact(() => {
        paragraph('reason', 'SECTIONCANARYONE: Sam Chair spoke to the school.');
        paragraph('medical', 'SECTIONCANARYTWO: a medical was arranged.');
      });
      await eventually(async () => {
        const stored = new Y.Doc();
        Y.applyUpdate(stored, await ctx.app.get(CollabDocumentRegistry).encodeState(name));
        expect(stored.getXmlFragment('medical').toString()).toContain('SECTIONCANARYTWO');
        stored.destroy();
      });
    } finally {
      provider.destroy();
      doc.destroy();
    }
    expect(
      (await ctx.app.request('POST', `/api/meetings/${meetingId}/conclude`, { cookie: c.chair.cookie, body: {} }))
        .status,
    ).toBe(200);
    await eventually(async () => {
      const rows = (await ctx.app.dataSource.query(
        `SELECT 1 FROM sealed_record_exports WHERE meeting_id = $1 AND variant = 'complete'`,
        [meetingId],
      )) as unknown[];
      expect(rows).toHaveLength(1);
    });
    const sections = async (subject: unknown, reference: string) => {
      const res = await api('POST', '', openerCookie, { subject, reference });
      expect(res.status).toBe(201);
      return (res.body as SubjectAccessDetail).items
        .filter((i) => i.kind === 'record-section')
        .map((i) => i.text)
        .join('\n');
    };
    const child = await sections({ kind: 'child', childId: c.meeting.children[0]!.childId }, 'SAR-2026-004');
    expect(child).toContain('SECTIONCANARYONE');
    expect(child).toContain('SECTIONCANARYTWO');
    const chair = await sections({ kind: 'professional', userId: c.chair.user.user.id }, 'SAR-2026-005');
    expect(chair).toContain('SECTIONCANARYONE');
    expect(chair).not.toContain('SECTIONCANARYTWO');
  });

  it('needs step-up', async () => {
    const stale = await ctx.app.createUser({ isAdmin: true, agency: 'other' });
    const cookie = await ctx.app.signIn(stale);
    await ctx.app.dataSource.query(
      `UPDATE sessions SET authenticated_at = now() - interval '1 day' WHERE user_id = $1`,
      [stale.user.id],
    );
    const res = await api('POST', '', cookie, { subject: { kind: 'child', childId }, reference: 'SAR-9' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'StepUpRequired' });
  });
});
