import { randomUUID } from 'node:crypto';
import { COMPARTMENT_FRAGMENT, compartmentDocumentName, documentName } from '@roundtable/shared/realtime';
import type { SubjectAccessBundle, SubjectAccessDetail, SubjectItem } from '@roundtable/shared/subject-access';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CollabDocumentRegistry } from '../../realtime/collab/collab-document-registry';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { cookieWebSocket, eventually } from '../../../test/support/eventually';
import { signInFamilyMember } from '../../../test/support/family';
import { FamilyPlanClient } from '../../../test/support/family-plan-client';
import { buildMeetingCast, type CastMember, type MeetingCast } from '../../../test/support/meeting-cast';
import type { EventsClient } from '../../../test/support/meeting-events-client';
import { compactText, pdftotextAvailable, pdfToText } from '../../../test/support/pdf-text';
import type { TestUser } from '../../../test/support/test-app';

/**
 * The sources added to a request after the first (docs/SUBJECT-ACCESS.md "What is held about a
 * person"): conference agency reports, addenda to sealed records and information sharing decisions.
 * Each is seeded with canaries naming the parent; each must reach the right people's requests only,
 * and a redaction must take it out of both files.
 */
const PARENT = { name: 'Pat Parent', email: 'pat.sources@example.org' };
const OTHER_PARENT = { name: 'Uma Unrelated', email: 'uma.sources@example.org' };
const CANARY = {
  report: `REPORTCANARY ${PARENT.name} attended the clinic`,
  addendumKeep: `ADDENDUMKEEPCANARY ${PARENT.name} corrected the date`,
  addendumGone: 'ADDENDUMGONECANARY the referrer lives at number 4',
  sharing: `SHARINGCANARY the report about ${PARENT.name}`,
  safetyPlan: `SAFETYPLANCANARY ${PARENT.name} will collect from school`,
  restricted: `RESTRICTEDCANARY ${PARENT.name} is on police bail`,
  restrictedOwn: 'RESTRICTEDOWNCANARY an intelligence report names no one',
  protected: 'PROTECTEDCANARY Nina Neighbour',
  protectedSelf: 'PROTECTEDSELFCANARY',
  bottomLine: `BOTTOMLINECANARY ${PARENT.name} does not drive with the children`,
  support: 'SUPPORTCANARY weekly taxi to contact',
  policeScore: `SCORECANARY ${PARENT.name} not yet interviewed`,
  healthScore: 'HEALTHSCORECANARY no concerns from the GP',
  emailSubject: 'EMAILCANARY your invitation',
  emailBody: 'EMAILBODYCANARY never in a bundle',
};

describeOnOneDatabase('subject access requests: agency reports, addenda, sharing decisions', (ctx) => {
  const clients: EventsClient[] = [];
  let cast: MeetingCast;
  let unrelated: MeetingCast;
  let opener: TestUser;
  let reviewer: TestUser;
  let openerCookie: string;
  let reviewerCookie: string;
  const ids = {
    report: '',
    addendum: '',
    sharing: '',
    compartment: '',
    ownCompartment: '',
    signature: '',
    policeScore: '',
    healthScore: '',
    protected: '',
    protectedSelf: '',
    bottomLine: '',
    support: '',
    email: '',
  };

  afterAll(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** The stored state of a document, as text: what the server holds, not what a client sent. */
  const stored = async (name: string, fragment: string): Promise<string> => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await ctx.app.get(CollabDocumentRegistry).encodeState(name));
    const text = doc.getXmlFragment(fragment).toString();
    doc.destroy();
    return text;
  };

  /** Types paragraphs into a shared document through a real y-websocket provider, as `cookie`'s user; waits until stored. */
  const type = async (name: string, cookie: string, paragraphs: [fragment: string, text: string][]) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${ctx.app.wsUrl}/collab`, name, doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, ctx.app.url) as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    try {
      await new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        provider.on('sync', (synced: boolean) => synced && resolve());
      });
      doc.transact(() => {
        for (const [fragment, text] of paragraphs) {
          const paragraph = new Y.XmlElement('paragraph');
          doc.getXmlFragment(fragment).push([paragraph]);
          paragraph.insert(0, [new Y.XmlText(text)]);
        }
      });
      for (const [fragment, text] of paragraphs) {
        await eventually(async () => expect(await stored(name, fragment)).toContain(text));
      }
    } finally {
      provider.destroy();
      doc.destroy(); // stops the awareness interval
    }
  };

  /** Restricted information beside a section, created by its owner and typed into its own document; its id. */
  const writeCompartment = async (meetingId: string, owner: CastMember, sectionKey: string, text: string) => {
    const created = await owner.client.ok('compartment:create', {
      meetingId,
      sectionKey,
      audience: { kind: 'police-only', agencies: [], userIds: [] },
    });
    await type(compartmentDocumentName(meetingId, created.id), owner.cookie, [[COMPARTMENT_FRAGMENT, text]]);
    return created.id;
  };

  const api = (method: string, path: string, cookie: string, body?: unknown) =>
    ctx.app.request(method, `/api/admin/subject-access${path}`, { cookie, body });

  const open = async (subject: unknown, reference: string): Promise<SubjectAccessDetail> => {
    const res = await api('POST', '', openerCookie, { subject, reference });
    expect(res.status).toBe(201);
    return res.body as SubjectAccessDetail;
  };
  const keysOf = (detail: SubjectAccessDetail) => detail.items.map((i) => i.key);
  const expected = {
    report: () => `agency-report:${ids.report}`,
    addendum: () => `addendum:${ids.addendum}`,
    sharing: () => `sharing-decision:${ids.sharing}`,
    safetyPlan: () => `safety-plan-section:${cast.meeting.id}/1/worries`,
    signature: () => `safety-plan-signature:${ids.signature}`,
    policeScore: () => `safety-score:${ids.policeScore}`,
    healthScore: () => `safety-score:${ids.healthScore}`,
    restricted: () => `restricted:${cast.meeting.id}/1/${ids.compartment}`,
    restrictedOwn: () => `restricted:${cast.meeting.id}/1/${ids.ownCompartment}`,
    protected: () => `protected-person:${ids.protected}`,
    protectedSelf: () => `protected-person:${ids.protectedSelf}`,
    bottomLine: () => `fgdm-bottom-line:${ids.bottomLine}`,
    support: () => `fgdm-support-item:${ids.support}`,
  };
  const emailKey = () => `email:${ids.email}`;
  const allKeys = () => Object.values(expected).map((k) => k());

  beforeAll(async () => {
    cast = await buildMeetingCast(ctx.app, clients);
    unrelated = await buildMeetingCast(ctx.app, clients);
    opener = await ctx.app.createUser({ isAdmin: true, displayName: 'Ada Opener', agency: 'other' });
    reviewer = await ctx.app.createUser({ isAdmin: true, displayName: 'Rex Reviewer', agency: 'other' });
    openerCookie = await ctx.app.signIn(opener);
    reviewerCookie = await ctx.app.signIn(reviewer);
    const q = (sql: string, params: unknown[]) => ctx.app.dataSource.query(sql, params) as Promise<{ id: string }[]>;
    const meetingId = cast.meeting.id;
    expect(
      (await ctx.app.request('POST', `/api/meetings/${meetingId}/start`, { cookie: cast.chair.cookie })).status,
    ).toBe(200);
    // The parent is invited and signs in (they sign the safety plan below); the other parent is only invited.
    const parent = await signInFamilyMember(ctx.app, cast.chair.cookie, meetingId, {
      displayName: PARENT.name,
      email: PARENT.email,
      relationship: 'parent',
    });
    await q(
      `INSERT INTO family_participants (meeting_id, display_name, email, relationship, invited_by)
       VALUES ($1, $2, $3, 'parent', $4)`,
      [meetingId, OTHER_PARENT.name, OTHER_PARENT.email, cast.chair.user.user.id],
    );
    // Health's report to the conference, not shared with the parents.
    ids.report = (
      await q(
        `INSERT INTO agency_reports (meeting_id, author_id, agency, text, shared_with_parents, not_shared_reason)
         VALUES ($1, $2, 'health', $3, false, 'clinical detail') RETURNING id`,
        [cast.meeting.id, cast.health.user.user.id, CANARY.report],
      )
    )[0]!.id;
    // The chair's addendum to the record.
    ids.addendum = (
      await q(
        `INSERT INTO meeting_addenda (meeting_id, section_key, text, added_by) VALUES ($1, 'reason', $2, $3) RETURNING id`,
        [cast.meeting.id, `${CANARY.addendumKeep}. ${CANARY.addendumGone}.`, cast.chair.user.user.id],
      )
    )[0]!.id;
    // Police's decision to share.
    ids.sharing = (
      await q(
        `INSERT INTO sharing_decisions (id, meeting_id, outcome, what, with_whom, lawful_basis, reason, decided_by, decided_agency)
         VALUES ($1, $2, 'shared', $3, 'the school', 'safeguarding-children', 'to keep the child safe', $4, 'police')
         RETURNING id`,
        [randomUUID(), cast.meeting.id, CANARY.sharing, cast.police.user.user.id],
      )
    )[0]!.id;
    // The FGDM's bottom line and a support item for the parent; an email to the parent (other case).
    ids.bottomLine = (
      await q(`INSERT INTO fgdm_bottom_lines (meeting_id, text, added_by) VALUES ($1, $2, $3) RETURNING id`, [
        cast.meeting.id,
        CANARY.bottomLine,
        cast.chair.user.user.id,
      ])
    )[0]!.id;
    ids.support = (
      await q(
        `INSERT INTO fgdm_support_items (meeting_id, who, support, cost_pence, frequency, approved, added_by)
         VALUES ($1, $2, $3, 2500, 'weekly', true, $4) RETURNING id`,
        [cast.meeting.id, PARENT.name, CANARY.support, cast.chair.user.user.id],
      )
    )[0]!.id;
    ids.email = (
      await q(
        `INSERT INTO mail_outbox (to_address, subject, body_text, transport) VALUES ($1, $2, $3, 'outbox') RETURNING id`,
        [PARENT.email.toUpperCase(), CANARY.emailSubject, CANARY.emailBody],
      )
    )[0]!.id;
    // Protected persons, named through the app: a neighbour police protect, and the parent themself.
    ids.protected = (
      await cast.police.client.ok('protected-person:add', {
        meetingId,
        role: 'neighbour',
        label: 'Neighbour A',
        name: CANARY.protected,
        audience: { kind: 'police-only', agencies: [], userIds: [] },
      })
    ).id;
    ids.protectedSelf = (
      await cast.chair.client.ok('protected-person:add', {
        meetingId,
        role: 'family-member',
        label: CANARY.protectedSelf,
        name: PARENT.name,
        audience: { kind: 'named-agencies', agencies: ['childrens-social-care'], userIds: [] },
      })
    ).id;
    // The safety plan, typed by the chair; police's restricted compartments beside the record's reason,
    // typed by police: one naming the parent, one (police's own) naming no one.
    await type(documentName(meetingId, 'safety-plan'), cast.chair.cookie, [['worries', CANARY.safetyPlan]]);
    ids.compartment = await writeCompartment(meetingId, cast.police, 'reason', CANARY.restricted);
    ids.ownCompartment = await writeCompartment(meetingId, cast.police, 'reason', CANARY.restrictedOwn);
    // Safety scaling scores: police's names the parent, health's does not.
    const score = async (who: CastMember, body: { score: number; note: string }) => {
      const res = await ctx.app.request('PUT', `/api/meetings/${meetingId}/safety-plan/scores`, {
        cookie: who.cookie,
        body,
      });
      expect(res.status).toBe(200);
      const [row] = await q(
        `SELECT id FROM safety_plan_scores WHERE meeting_id = $1 AND recorded_by = $2 ORDER BY recorded_at DESC LIMIT 1`,
        [meetingId, who.user.user.id],
      );
      return row!.id;
    };
    ids.policeScore = await score(cast.police, { score: 4, note: CANARY.policeScore });
    ids.healthScore = await score(cast.health, { score: 7, note: CANARY.healthScore });
    // The parent signs the safety plan they read.
    const plan = await parent.agent.request('GET', '/api/family/safety-plan');
    expect(plan.status).toBe(200);
    const signed = await parent.agent.request('POST', '/api/family/safety-plan/signatures', {
      body: { typedName: PARENT.name, versionHash: (plan.body as { versionHash: string }).versionHash },
    });
    expect(signed.status).toBe(201);
    ids.signature = (signed.body as { id: string }).id;
    // Concluded by its chair through the app: version 1 is sealed. An addendum signed off seals version 2.
    const sealedVersions = async () =>
      (
        await q(`SELECT version AS id FROM sealed_record_exports WHERE meeting_id = $1 AND variant = 'complete'`, [
          meetingId,
        ])
      ).length;
    const concluded = await ctx.app.request('POST', `/api/meetings/${meetingId}/conclude`, {
      cookie: cast.chair.cookie,
      body: {},
    });
    expect(concluded.status).toBe(200);
    await eventually(async () => expect(await sealedVersions()).toBe(1));
    const added = await ctx.app.request('POST', `/api/meetings/${meetingId}/addenda`, {
      cookie: cast.health.cookie,
      body: { sectionKey: 'medical', text: 'The medical found nothing new.' },
    });
    expect(added.status).toBe(201);
    const addendumSigned = await ctx.app.request(
      'POST',
      `/api/meetings/${meetingId}/addenda/${(added.body as { id: string }).id}/sign-off`,
      { cookie: cast.chair.cookie },
    );
    expect(addendumSigned.status).toBe(200);
    await eventually(async () => expect(await sealedVersions()).toBe(2));
  });

  it('finds each source for the people it is about, and for no one unrelated', async () => {
    const all = [expected.report(), expected.addendum(), expected.sharing()];
    const child = await open({ kind: 'child', childId: cast.meeting.children[0]!.childId }, 'SAR-SRC-1');
    expect(keysOf(child)).toEqual(expect.arrayContaining(allKeys()));
    const byKey = new Map(child.items.map((i) => [i.key, i]));
    expect(byKey.get(expected.report())).toMatchObject({
      kind: 'agency-report',
      meetingReference: cast.meeting.reference,
    });
    expect(byKey.get(expected.report())!.text).toContain(CANARY.report);
    expect(byKey.get(expected.report())!.text).toContain('Why not shared: clinical detail');
    expect(byKey.get(expected.addendum())!.text).toContain(CANARY.addendumGone);
    expect(byKey.get(expected.sharing())!.text).toContain('With whom: the school');
    expect(byKey.get(expected.safetyPlan())!.text).toContain(CANARY.safetyPlan);
    // Sealed twice (concluded, then an addendum): the same text is one item, naming both versions.
    expect(byKey.get(expected.safetyPlan())!.title).toBe(
      'Safety plan (versions 1, 2): What are we worried about? Harm and danger statements',
    );
    expect(byKey.get(expected.restricted())!.title).toContain('(versions 1, 2)');
    for (const k of keysOf(child)) expect(k).not.toContain(`${cast.meeting.id}/2/`);
    expect(keysOf(child).filter((k) => k.includes(`${cast.meeting.id}/live/`))).toEqual([]);
    expect(byKey.get(expected.signature())).toMatchObject({ kind: 'safety-plan-signature' });
    expect(byKey.get(expected.signature())!.text).toContain(`Name typed: ${PARENT.name}`);
    expect(byKey.get(expected.policeScore())).toMatchObject({
      kind: 'safety-score',
      title: 'Safety scaling score (police)',
    });
    expect(byKey.get(expected.policeScore())!.text).toContain('Score (0–10): 4');
    expect(byKey.get(expected.healthScore())!.text).toContain(CANARY.healthScore);
    // Restricted information keeps its meaning: whose it is, and the owning agency's exemption suggested.
    expect(byKey.get(expected.restricted())).toMatchObject({ kind: 'restricted', suggested: 'crime-and-taxation' });
    expect(byKey.get(expected.restricted())!.text).toContain('Restricted by: police');
    expect(byKey.get(expected.restricted())!.text).toContain(CANARY.restricted);
    expect(byKey.get(expected.protected())).toMatchObject({ kind: 'protected-person', suggested: 'third-party' });
    expect(byKey.get(expected.protected())!.text).toContain(CANARY.protected);

    // The parent, named in each; the other parent of the same meeting, named in none.
    const parentDetail = await open({ kind: 'family-member', email: PARENT.email }, 'SAR-SRC-2');
    const parent = keysOf(parentDetail);
    const named = [
      ...all,
      expected.safetyPlan(),
      expected.signature(),
      expected.policeScore(),
      expected.restricted(),
      expected.protectedSelf(),
      expected.bottomLine(),
      expected.support(),
      emailKey(),
    ];
    expect(JSON.stringify(parentDetail.items)).toContain(CANARY.emailSubject);
    expect(JSON.stringify(parentDetail.items)).not.toContain(CANARY.emailBody);
    expect(parent).toEqual(expect.arrayContaining(named));
    expect(parent).not.toContain(expected.restrictedOwn());
    expect(parent).not.toContain(expected.protected());
    expect(parent).not.toContain(expected.healthScore());
    const other = await open({ kind: 'family-member', email: OTHER_PARENT.email }, 'SAR-SRC-3');
    for (const key of [...allKeys(), emailKey()]) expect(keysOf(other)).not.toContain(key);

    // Professionals by id: the report's author, the addendum's author, the sharing decision's maker.
    expect(keysOf(await open({ kind: 'professional', userId: cast.health.user.user.id }, 'SAR-SRC-4'))).toEqual(
      expect.arrayContaining([expected.report(), expected.healthScore()]),
    );
    expect(keysOf(await open({ kind: 'professional', userId: cast.chair.user.user.id }, 'SAR-SRC-5'))).toEqual(
      expect.arrayContaining([expected.addendum(), expected.bottomLine(), expected.support()]),
    );
    const [policeEmail] = (await ctx.app.dataSource.query(
      `INSERT INTO mail_outbox (to_address, subject, body_text, transport)
       SELECT upper(email), 'POLICEMAILCANARY reminder', 'POLICEBODYCANARY', 'outbox' FROM users WHERE id = $1
       RETURNING id`,
      [cast.police.user.user.id],
    )) as { id: string }[];
    const police = await open({ kind: 'professional', userId: cast.police.user.user.id }, 'SAR-SRC-6');
    const policeMail = police.items.find((i) => i.key === `email:${policeEmail!.id}`);
    expect(policeMail?.text).toContain('POLICEMAILCANARY');
    expect(JSON.stringify(police.items)).not.toContain('POLICEBODYCANARY');
    expect(keysOf(police)).toEqual(
      expect.arrayContaining([
        expected.sharing(),
        expected.restrictedOwn(),
        expected.protected(),
        expected.policeScore(),
      ]),
    );
    expect(keysOf(police)).not.toContain(expected.healthScore());
    expect(keysOf(police)).not.toContain(expected.signature());
    // …once each, though police is also a member of the meeting.
    expect(keysOf(police).filter((k) => k === expected.sharing())).toHaveLength(1);
    expect(keysOf(police)).not.toContain(expected.report());

    // Unrelated: a professional outside the meeting, another meeting's child and professional.
    for (const [subject, reference] of [
      [{ kind: 'professional', userId: cast.outsider.user.user.id }, 'SAR-SRC-7'],
      [{ kind: 'child', childId: unrelated.meeting.children[0]!.childId }, 'SAR-SRC-8'],
      [{ kind: 'professional', userId: unrelated.health.user.user.id }, 'SAR-SRC-9'],
    ] as const) {
      const detail = await open(subject, reference);
      const text = JSON.stringify(detail.items);
      for (const key of [...allKeys(), emailKey()]) expect(keysOf(detail)).not.toContain(key);
      expect(text).not.toContain('POLICEMAILCANARY');
      for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary.split(' ')[0]);
    }
  });

  it('redacting each removes it from the JSON and the PDF; the kept parts stay', async () => {
    const detail = await open({ kind: 'family-member', email: PARENT.email }, 'SAR-SRC-10');
    const addendum = detail.items.find((i) => i.key === expected.addendum())!;
    const start = addendum.text.indexOf(CANARY.addendumGone);
    expect(start).toBeGreaterThan(0);
    const redact = (body: unknown) => api('POST', `/${detail.id}/redactions`, openerCookie, body);
    expect(
      (await redact({ itemKey: expected.report(), exemption: 'health-serious-harm', note: 'clinician advises' }))
        .status,
    ).toBe(201);
    expect(
      (await redact({ itemKey: expected.sharing(), exemption: 'crime-and-taxation', note: 'police enquiry' })).status,
    ).toBe(201);
    expect(
      (
        await redact({
          itemKey: expected.addendum(),
          span: { start, end: start + CANARY.addendumGone.length },
          exemption: 'third-party',
          note: 'identifies the referrer',
        })
      ).status,
    ).toBe(201);
    for (const [itemKey, exemption] of [
      [expected.safetyPlan(), 'social-work-serious-harm'],
      [expected.signature(), 'third-party'],
      [expected.policeScore(), 'crime-and-taxation'],
      [expected.restricted(), 'crime-and-taxation'],
      [expected.protectedSelf(), 'third-party'],
      [expected.bottomLine(), 'social-work-serious-harm'],
      [expected.support(), 'third-party'],
      [emailKey(), 'third-party'],
    ] as const) {
      expect((await redact({ itemKey, exemption, note: 'withheld whole' })).status).toBe(201);
    }
    // The sign-off hash covers these items: signed off, the export matches it.
    const signed = await api('POST', `/${detail.id}/sign-off`, reviewerCookie);
    expect(signed.status).toBe(200);

    const gone = [
      CANARY.report,
      CANARY.sharing,
      CANARY.addendumGone,
      CANARY.safetyPlan,
      CANARY.policeScore,
      CANARY.restricted,
      CANARY.protectedSelf,
      CANARY.bottomLine,
      CANARY.support,
      CANARY.emailSubject,
      CANARY.emailBody,
      'clinician advises',
      'police enquiry',
      'withheld whole',
    ];
    const json = await api('POST', `/${detail.id}/exports`, reviewerCookie, { format: 'json' });
    expect(json.status).toBe(200);
    const bundle = json.body as SubjectAccessBundle;
    const jsonText = JSON.stringify(bundle);
    for (const canary of gone) expect(jsonText).not.toContain(canary);
    expect(jsonText).toContain(CANARY.addendumKeep);
    for (const key of [
      expected.report(),
      expected.sharing(),
      expected.safetyPlan(),
      expected.signature(),
      expected.policeScore(),
      expected.restricted(),
      expected.protectedSelf(),
      expected.bottomLine(),
      expected.support(),
      emailKey(),
    ]) {
      expect(bundle.items.find((i) => i.key === key)).toMatchObject({ title: null, text: null });
    }
    expect(bundle.items.find((i) => i.key === expected.addendum())?.text).toContain('[Redacted: ');

    const pdfRes = await fetch(`${ctx.app.url}/api/admin/subject-access/${detail.id}/exports`, {
      method: 'POST',
      headers: { cookie: reviewerCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'pdf' }),
    });
    expect(pdfRes.status).toBe(200);
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    for (const canary of gone) expect(pdf.toString('latin1')).not.toContain(canary);
    if (pdftotextAvailable()) {
      const text = compactText(await pdfToText(pdf));
      for (const canary of gone) expect(text).not.toContain(compactText(canary));
      expect(text).toContain(compactText(CANARY.addendumKeep));
      expect(text).toContain(compactText('Addendum to the record'));
    }
  });

  it('an unredacted item of each kind reaches the PDF text', async () => {
    if (!pdftotextAvailable()) return;
    const detail = await open({ kind: 'child', childId: cast.meeting.children[0]!.childId }, 'SAR-SRC-11');
    expect((await api('POST', `/${detail.id}/sign-off`, reviewerCookie)).status).toBe(200);
    const pdfRes = await fetch(`${ctx.app.url}/api/admin/subject-access/${detail.id}/exports`, {
      method: 'POST',
      headers: { cookie: reviewerCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'pdf' }),
    });
    const text = compactText(await pdfToText(Buffer.from(await pdfRes.arrayBuffer())));
    const { emailSubject, emailBody, ...held } = CANARY;
    for (const canary of Object.values(held)) expect(text).toContain(compactText(canary));
    // Emails are sent to a family member or a professional, never to a child's record.
    expect(text).not.toContain(compactText(emailSubject));
    expect(text).not.toContain(compactText(emailBody));
    const items: SubjectItem[] = detail.items;
    expect(items.filter((i) => i.kind === 'agency-report')).toHaveLength(1);
  });
  describe('live documents of a meeting not yet concluded', () => {
    const LIVE_PARENT = { name: 'Lee Liveparent', email: 'lee.live@example.org' };
    const LIVE = {
      record: `LIVERECORDCANARY ${LIVE_PARENT.name} missed the appointment`,
      recordGone: 'LIVEGONECANARY the caller was the aunt',
      otherSection: 'LIVEOTHERCANARY the medical is booked',
      safetyPlan: `LIVEPLANCANARY ${LIVE_PARENT.name} will walk Ruby to school`,
      restricted: `LIVERESTRICTEDCANARY ${LIVE_PARENT.name} is known to police`,
      later: `LIVELATERCANARY ${LIVE_PARENT.name} phoned after the sign-off`,
    };
    let live: MeetingCast;
    let compartmentId = '';
    const key = (kind: string, part: string) => `${kind}:${live.meeting.id}/live/${part}`;

    beforeAll(async () => {
      live = await buildMeetingCast(ctx.app, clients);
      const started = await ctx.app.request('POST', `/api/meetings/${live.meeting.id}/start`, {
        cookie: live.chair.cookie,
      });
      expect(started.status).toBe(200);
      await ctx.app.dataSource.query(
        `INSERT INTO family_participants (meeting_id, display_name, email, relationship, invited_by)
         VALUES ($1, $2, $3, 'parent', $4)`,
        [live.meeting.id, LIVE_PARENT.name, LIVE_PARENT.email, live.chair.user.user.id],
      );
      await type(documentName(live.meeting.id, 'record'), live.chair.cookie, [
        ['reason', `${LIVE.record}. ${LIVE.recordGone}.`],
        ['medical', LIVE.otherSection],
      ]);
      await type(documentName(live.meeting.id, 'safety-plan'), live.chair.cookie, [['worries', LIVE.safetyPlan]]);
      compartmentId = await writeCompartment(live.meeting.id, live.police, 'reason', LIVE.restricted);
    });

    it('assembles the live record, safety plan and restricted compartments, marked live, by the sealed rules', async () => {
      const child = await open({ kind: 'child', childId: live.meeting.children[0]!.childId }, 'SAR-LIVE-1');
      const byKey = new Map(child.items.map((i) => [i.key, i]));
      expect(byKey.get(key('record-section', 'reason'))).toMatchObject({
        kind: 'record-section',
        meetingReference: live.meeting.reference,
        title: 'Record (live, not sealed): Reason for the discussion and immediate action taken',
      });
      expect(byKey.get(key('record-section', 'reason'))!.text).toContain(LIVE.record);
      expect(byKey.get(key('record-section', 'medical'))!.text).toContain(LIVE.otherSection);
      expect(byKey.get(key('safety-plan-section', 'worries'))!.title).toContain('live, not sealed');
      expect(byKey.get(key('safety-plan-section', 'worries'))!.text).toContain(LIVE.safetyPlan);
      // Restricted information keeps its need-to-know meaning, live as sealed.
      expect(byKey.get(key('restricted', compartmentId))).toMatchObject({
        kind: 'restricted',
        suggested: 'crime-and-taxation',
      });
      expect(byKey.get(key('restricted', compartmentId))!.title).toContain('live, not sealed');
      expect(byKey.get(key('restricted', compartmentId))!.text).toContain('Restricted by: police');
      expect(byKey.get(key('restricted', compartmentId))!.text).toContain(LIVE.restricted);
      // Nothing sealed yet, so no sealed section of this meeting.
      expect(child.items.some((i) => i.key.includes(`${live.meeting.id}/1/`))).toBe(false);

      // The parent: the sections and compartment naming them, not the section that does not.
      const parent = keysOf(await open({ kind: 'family-member', email: LIVE_PARENT.email }, 'SAR-LIVE-2'));
      expect(parent).toEqual(
        expect.arrayContaining([
          key('record-section', 'reason'),
          key('safety-plan-section', 'worries'),
          key('restricted', compartmentId),
        ]),
      );
      expect(parent).not.toContain(key('record-section', 'medical'));
      // Police created the compartment: theirs by id though it names no police officer.
      const police = keysOf(await open({ kind: 'professional', userId: live.police.user.user.id }, 'SAR-LIVE-3'));
      expect(police).toContain(key('restricted', compartmentId));
      expect(police).not.toContain(key('record-section', 'reason'));
      // Another meeting's child: nothing of this one.
      const other = await open({ kind: 'child', childId: unrelated.meeting.children[0]!.childId }, 'SAR-LIVE-4');
      expect(JSON.stringify(other.items)).not.toContain('LIVE');
    });

    it('redacts live items out of both files, and refuses the export after a live edit since sign-off', async () => {
      const detail = await open({ kind: 'family-member', email: LIVE_PARENT.email }, 'SAR-LIVE-5');
      const section = detail.items.find((i) => i.key === key('record-section', 'reason'))!;
      const start = section.text.indexOf(LIVE.recordGone);
      expect(start).toBeGreaterThanOrEqual(0);
      const redact = (body: unknown) => api('POST', `/${detail.id}/redactions`, openerCookie, body);
      // Bad input on live items changes nothing: a span past the live text, a live key the request does not hold.
      const redactionsNow = () =>
        ctx.app.dataSource.query(`SELECT count(*)::int AS n FROM subject_access_redactions WHERE request_id = $1`, [
          detail.id,
        ]);
      for (const bad of [
        { itemKey: section.key, span: { start: 0, end: section.text.length + 1 }, exemption: 'third-party', note: 'x' },
        { itemKey: key('record-section', 'no-such-section'), exemption: 'third-party', note: 'x' },
      ]) {
        const refused = await redact(bad);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ code: 'ValidationFailed' });
      }
      expect(await redactionsNow()).toEqual([{ n: 0 }]);
      expect(
        (
          await redact({
            itemKey: section.key,
            span: { start, end: start + LIVE.recordGone.length },
            exemption: 'third-party',
            note: 'LIVENOTE names the caller',
          })
        ).status,
      ).toBe(201);
      expect(
        (await redact({ itemKey: key('restricted', compartmentId), exemption: 'crime-and-taxation', note: 'police' }))
          .status,
      ).toBe(201);
      expect((await api('POST', `/${detail.id}/sign-off`, reviewerCookie)).status).toBe(200);

      const gone = [LIVE.recordGone, LIVE.restricted, 'LIVENOTE'];
      const kept = [LIVE.record, LIVE.safetyPlan];
      const json = await api('POST', `/${detail.id}/exports`, reviewerCookie, { format: 'json' });
      expect(json.status).toBe(200);
      const jsonText = JSON.stringify(json.body);
      for (const canary of gone) expect(jsonText).not.toContain(canary);
      for (const canary of kept) expect(jsonText).toContain(canary);
      const pdfRes = await fetch(`${ctx.app.url}/api/admin/subject-access/${detail.id}/exports`, {
        method: 'POST',
        headers: { cookie: reviewerCookie, 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'pdf' }),
      });
      expect(pdfRes.status).toBe(200);
      if (pdftotextAvailable()) {
        const text = compactText(await pdfToText(Buffer.from(await pdfRes.arrayBuffer())));
        for (const canary of gone) expect(text).not.toContain(compactText(canary));
        for (const canary of kept) expect(text).toContain(compactText(canary));
        expect(text).toContain(compactText('live, not sealed'));
      }

      // A live edit after sign-off: what the reviewer signed off is no longer what is held.
      await type(documentName(live.meeting.id, 'safety-plan'), live.chair.cookie, [['worries', LIVE.later]]);
      const exportsBefore = await ctx.app.dataSource.query(`SELECT count(*)::int AS n FROM subject_access_exports`);
      const refused = await api('POST', `/${detail.id}/exports`, reviewerCookie, { format: 'json' });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).not.toContain('LIVELATERCANARY');
      expect(await ctx.app.dataSource.query(`SELECT count(*)::int AS n FROM subject_access_exports`)).toEqual(
        exportsBefore,
      );
    });

    it('assembles an FGDM family’s draft plan, live, for the child and the family member it names', async () => {
      const coordinator = await ctx.app.createUser({
        displayName: 'Cora Coordinator',
        agency: 'childrens-social-care',
      });
      const { meeting, chairCookie } = await ctx.app.createMeeting(coordinator, [], { type: 'fgdm' });
      const family = await signInFamilyMember(ctx.app, chairCookie, meeting.id, {
        displayName: 'Sam Draftwriter',
        email: 'sam.draft@example.test',
        relationship: 'parent',
      });
      for (const stage of ['information-giving', 'private-family-time']) {
        const moved = await ctx.app.request('POST', `/api/meetings/${meeting.id}/fgdm/stages`, {
          cookie: chairCookie,
          body: { stage },
        });
        expect(moved.status).toBe(201);
      }
      const draft = 'LIVEDRAFTCANARY Sam Draftwriter takes the children swimming';
      const writer = new FamilyPlanClient(ctx.app.url, family.cookie, meeting.id);
      try {
        await writer.synced();
        writer.write(draft);
        await eventually(async () => {
          const rows = (await ctx.app.dataSource.query(
            `SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1`,
            [`meetings/${meeting.id}/family-plan`],
          )) as { n: number }[];
          expect(rows[0]!.n).toBeGreaterThan(0);
        });
      } finally {
        writer.destroy();
      }
      const planKey = `family-plan:${meeting.id}/live`;
      const child = await open({ kind: 'child', childId: meeting.children[0]!.childId }, 'SAR-LIVE-6');
      const item = child.items.find((i) => i.key === planKey);
      expect(item).toMatchObject({ kind: 'family-plan', meetingReference: meeting.reference });
      expect(item!.title).toContain('live, not sealed');
      expect(item!.text).toContain(draft);
      const member = await open({ kind: 'family-member', email: 'sam.draft@example.test' }, 'SAR-LIVE-7');
      expect(keysOf(member)).toContain(planKey);
      expect((await api('POST', `/${member.id}/sign-off`, reviewerCookie)).status).toBe(200);
      const json = await api('POST', `/${member.id}/exports`, reviewerCookie, { format: 'json' });
      expect(json.status).toBe(200);
      expect(JSON.stringify(json.body)).toContain(draft);
    });
  });
});
