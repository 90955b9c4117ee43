import { createHash } from 'node:crypto';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { FamilyMemberListResponse } from '@roundtable/shared/family';
import type {
  AgencyReportsResponse,
  CaseloadResponse,
  ChildRecord,
  ConferenceOutcomesResponse,
  MeetingPartsResponse,
} from '@roundtable/shared/pathway';
import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { AUDIT_SIGNING_KEY } from '../audit/trail/audit.tokens';
import type { AuditSigningKey } from '../audit/trail/audit-signing-key';
import { verifyAuditTrail } from '../audit/trail/audit-store';
import type { DatabaseHandle } from '../platform/database/embedded-postgres';
import { ActionsService, DecisionsService } from '../meeting';
import { signInWithEmailedCode } from '../../test/support/family';
import { TestApp } from '../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../test/support/test-database';
import { DEMO_MEETING, DEMO_PASSWORD, DEMO_STORY } from './demo-data';
import { DEMO_PATHWAY } from './demo-pathway-data';
import { DemoSeedService } from './demo-seed.service';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const { icpc: ICPC, coreGroup: CORE_GROUP, reviewConference: REVIEW } = DEMO_PATHWAY;
const [RUBY, ALFIE] = DEMO_MEETING.children.map((c) => c.caseSystemId) as [string, string];

/**
 * The demo seed (DEMO_DATA=on) tells the whole DOMAIN.md §9 story in a
 * concluded, sealed discussion, keeps SD-DEMO-001 scheduled and ready to
 * start, tells the children's pathway after the story (conference, plans,
 * core group, review conference scheduled), and seeds nothing twice when
 * the app starts again.
 */
describe('the demo seed', () => {
  let database: DatabaseHandle;
  let app: TestApp;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await startWithDemo();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  /** Starts the app with demo data and waits for the story and the pathway, told after the start. */
  async function startWithDemo(): Promise<TestApp> {
    const started = await TestApp.start(database, { DEMO_DATA: 'on' });
    await started.get(DemoSeedService).whenStoryTold();
    return started;
  }

  const signIn = (email: string) => app.signIn({ email, password: DEMO_PASSWORD });

  async function meetingsByReference(): Promise<Record<string, { id: string; status: string }>> {
    const rows: { id: string; reference: string; status: string }[] = await app.dataSource.query(
      `SELECT id, reference, status FROM meetings WHERE reference LIKE '%-DEMO-%'`,
    );
    return Object.fromEntries(rows.map((r) => [r.reference, { id: r.id, status: r.status }]));
  }

  async function get<T>(cookie: string, path: string): Promise<T> {
    const res = await app.request('GET', `/api${path}`, { cookie });
    expect(res.status).toBe(200);
    return res.body as T;
  }

  async function childId(cookie: string, caseSystemId: string): Promise<string> {
    const found = await get<{ children: { id: string }[] }>(cookie, `/children?caseSystemId=${caseSystemId}`);
    expect(found.children).toHaveLength(1);
    return found.children[0]!.id;
  }

  async function storyDecision(meetingId: string): Promise<DecisionResponse> {
    const [decision] = await app.get(DecisionsService).listForMeeting(app.dataSource.manager, meetingId);
    return decision!;
  }

  it('keeps SD-DEMO-001 scheduled, ready to start, and concludes the §9 story in its own discussion', async () => {
    const meetings = await meetingsByReference();
    expect(meetings['SD-DEMO-001']?.status).toBe('scheduled');
    expect(meetings[DEMO_STORY.meeting.reference]?.status).toBe('concluded');
    const chair = await signIn('sam.demo@example.org');
    const list = await app.request('GET', '/api/meetings', { cookie: chair });
    expect(list.body.meetings.map((m: { reference: string }) => m.reference).sort()).toEqual([
      DEMO_STORY.meeting.reference,
      'SD-DEMO-001',
    ]);
  });

  it('holds the views, the LA decision, and police dissent from relying on the voluntary safety plan', async () => {
    const { id } = (await meetingsByReference())[DEMO_STORY.meeting.reference]!;
    const decision = await storyDecision(id);
    expect(decision.status).toBe('decided');
    expect(decision.childIds).toHaveLength(2);
    expect(decision.currentViews.map((v) => [v.agency, v.recommendedOption])).toEqual([
      ['childrens-social-care', 's47-joint'],
      ['police', 's47-joint'],
      ['health', 's47-joint'],
      ['education', 's47-joint'],
    ]);
    expect(decision.laDecisions).toEqual([
      expect.objectContaining({
        chosenOptions: ['s47-joint'],
        protectiveActions: expect.arrayContaining(['s20-or-safety-plan']),
        recordedBy: expect.objectContaining({ displayName: 'Sam Demo' }),
      }),
    ]);
    // Police agreed with the joint s47 and still dissented: about relying on the voluntary plan.
    expect(decision.dissents).toEqual([
      expect.objectContaining({
        agency: 'police',
        part: 'voluntary-safety-plan',
        reasons: DEMO_STORY.dissent.reasons,
        recordedBy: expect.objectContaining({ displayName: 'DS Jordan Mock' }),
        escalation: expect.objectContaining({ status: 'open', stage: 'practitioner' }),
      }),
    ]);
    expect(decision.dissents[0]!.escalation.steps.map((s) => s.note)).toEqual([
      DEMO_STORY.dissent.reasons,
      DEMO_STORY.dissent.escalationNote,
    ]);
  });

  it('holds the actions, the safety plan scores, and an audit trail that verifies', async () => {
    const { id } = (await meetingsByReference())[DEMO_STORY.meeting.reference]!;
    const police = await signIn('jordan.mock@example.org');
    const actions = await app.get(ActionsService).listForMeeting(app.dataSource.manager, id);
    expect(actions).toHaveLength(DEMO_STORY.actions.length);
    expect(actions.map((a) => a.description)).toContain('Voluntary interview of Dean; decide on bail or conditions');
    const scores = await app.request('GET', `/api/meetings/${id}/safety-plan/scores`, { cookie: police });
    expect(scores.status).toBe(200);
    expect(scores.body.current.map((s: { agency: string; score: number }) => [s.agency, s.score])).toEqual([
      ['childrens-social-care', 3],
      ['police', 2],
      ['health', 4],
      ['education', 3],
    ]);
    const types: { type: string }[] = await app.dataSource.query(
      `SELECT DISTINCT type FROM audit_events WHERE meeting_id = $1`,
      [id],
    );
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        'meeting.created',
        'meeting.started',
        'la-decision.recorded',
        'dissent.recorded',
        'action.created',
        'safety-plan.scored',
        'meeting.concluded',
        'record.sealed',
      ]),
    );
    const key = app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    const report = await verifyAuditTrail((sql, params) => app.dataSource.query(sql, params), key.publicKey);
    expect(report.firstBroken).toBeNull();
  });

  it('has a sealed record whose files match their hashes and tell the story', async () => {
    const { id } = (await meetingsByReference())[DEMO_STORY.meeting.reference]!;
    const chair = await signIn('sam.demo@example.org');
    const listed = (await app.request('GET', `/api/meetings/${id}/records`, { cookie: chair }))
      .body as SealedRecordListResponse;
    expect(listed.versions).toHaveLength(1);
    const [sealed]: { details: { files: Record<string, Record<string, string>> } }[] = await app.dataSource.query(
      `SELECT details FROM audit_events WHERE meeting_id = $1 AND type = 'record.sealed'`,
      [id],
    );
    for (const file of listed.versions[0]!.files) {
      const res = await fetch(app.url + file.href, { headers: { cookie: chair } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(sha256(bytes)).toBe(file.sha256);
      expect(sealed!.details.files[file.variant]![file.format === 'pdf' ? 'pdfSha256' : 'htmlSha256']).toBe(
        file.sha256,
      );
      if (file.variant === 'family' && file.format === 'html') {
        const html = bytes.toString('utf8');
        // Only what the chair marked for the family: the decision's reasons and the safety plan, not the police plan.
        expect(html).toContain('Joint section 47 enquiry for Ruby and Alfie');
        expect(html).toContain('Dean is not at the address.');
        expect(html).toContain('Arrange CP medicals for both children');
        expect(html).not.toContain('Voluntary interview of Dean');
        expect(html).not.toContain('Crime report raised');
        expect(html).not.toContain('Dean is told nothing');
      }
      if (file.variant === 'complete' && file.format === 'html') {
        const html = bytes.toString('utf8');
        for (const text of [
          'Dissent: Police',
          'Relying on a voluntary safety plan',
          'Section 47 enquiry: joint with police',
          'DS Jordan Mock',
          'Dean stays away from the home',
          'Danger statement',
          'Arrange CP medicals for both children',
        ]) {
          expect(html).toContain(text);
        }
      }
    }
  });

  it('holds the initial conference: reports, a part without the parents, the agencies’ views, a plan for each child', async () => {
    const { id } = (await meetingsByReference())[ICPC.meeting.reference]!;
    const chair = await signIn(DEMO_PATHWAY.conferenceChair);
    const { reports } = await get<AgencyReportsResponse>(chair, `/meetings/${id}/reports`);
    expect(reports.map((r) => [r.agency, r.sharedWithParents, r.notSharedReason !== ''])).toEqual(
      expect.arrayContaining([
        ['police', false, true],
        ['health', true, false],
      ]),
    );
    const { parts } = await get<MeetingPartsResponse>(chair, `/meetings/${id}/parts`);
    expect(parts).toEqual([expect.objectContaining({ reason: ICPC.partWithoutParents, endedAt: expect.any(String) })]);
    const [decision] = await app.get(DecisionsService).listForMeeting(app.dataSource.manager, id);
    expect(decision).toMatchObject({ templateKey: 'icpc-plan', status: 'decided' });
    expect(decision!.currentViews.map((v) => v.recommendedOption)).toEqual(
      ICPC.views.map(() => 'child-protection-plan'),
    );
    expect(decision!.laDecisions.map((d) => d.chosenOptions)).toEqual([['child-protection-plan']]);
    const { outcomes } = await get<ConferenceOutcomesResponse>(chair, `/meetings/${id}/outcomes`);
    expect(outcomes.map((o) => [o.outcome, o.categories])).toEqual([
      ['child-protection-plan', ['physical']],
      ['child-protection-plan', ['neglect', 'emotional']],
    ]);
  });

  it('invites Jo Parent to the initial conference, who signs in with the code from the administrator’s outbox', async () => {
    const { id } = (await meetingsByReference())[ICPC.meeting.reference]!;
    const chair = await signIn(DEMO_PATHWAY.conferenceChair);
    const { familyMembers } = await get<FamilyMemberListResponse>(chair, `/meetings/${id}/family-members`);
    expect(familyMembers.map((m) => [m.displayName, m.email, m.relationship, m.status])).toEqual([
      ['Jo Parent', 'jo.parent@example.org', 'parent', 'invited'],
    ]);
    // The conference has concluded: access lasts FAMILY_ACCESS_DAYS_AFTER_CONCLUSION days more.
    expect(familyMembers[0]!.accessEndsAt).not.toBeNull();
    const cookie = await signInWithEmailedCode(app, ICPC.meeting.reference, 'jo.parent@example.org');
    const session = await app.request('GET', '/api/family/session', { cookie });
    expect(session.body.meeting).toMatchObject({ id, reference: ICPC.meeting.reference, status: 'concluded' });
  });

  it('gives the LCPP Ruby’s whole pathway: plan version 2 from the core group, the review conference scheduled', async () => {
    const lcpp = await signIn(DEMO_PATHWAY.lcpp);
    const ruby = await get<ChildRecord>(lcpp, `/children/${await childId(lcpp, RUBY)}`);
    expect(ruby).toMatchObject({ scope: 'all', stage: 'child-protection-plan', lcpp: { displayName: 'Alex Example' } });
    expect(ruby.meetings.map((m) => [m.type, m.status])).toEqual([
      ['strategy-discussion', expect.any(String)], // SD-DEMO-000 and SD-DEMO-001, at the same time
      ['strategy-discussion', expect.any(String)],
      ['icpc', 'concluded'],
      ['core-group', 'concluded'],
      ['review-conference', 'scheduled'],
    ]);
    expect(ruby.plan).toMatchObject({
      status: 'active',
      initialCategories: ['physical'],
      leadProfessional: { displayName: 'Alex Example' },
      startedByMeeting: { reference: ICPC.meeting.reference },
      current: { version: 2, meeting: { reference: CORE_GROUP.meeting.reference, type: 'core-group' } },
    });
    // The core group recorded progress on an action and added one.
    const [safe, school] = ruby.plan!.current.content.outcomes;
    expect(school!.actions[0]!.progress).not.toBe('');
    expect(safe!.actions.map((a) => a.agency)).toEqual([
      'childrens-social-care',
      'family',
      'police',
      'childrens-social-care',
    ]);
    expect(ruby.plan!.current.content.contingency).toContain('strategy discussion the same day');
    const reviewed = ruby.chronology.filter((e) => e.kind === 'plan-reviewed');
    expect(reviewed.map((e) => [e.meeting?.reference, e.title])).toEqual([
      [ICPC.meeting.reference, 'Plan reviewed (version 1)'],
      [CORE_GROUP.meeting.reference, 'Plan reviewed (version 2)'],
    ]);
    const kinds = ruby.chronology.map((e) => e.kind);
    for (const kind of ['plan-started', 'plan-changed', 'conference-outcome', 'record-sealed'] as const) {
      expect(kinds).toContain(kind);
    }
    // The story's discussion, the conference and the core group.
    expect(kinds.filter((k) => k === 'record-sealed')).toHaveLength(3);

    // The caseload: both children on plans, the next meeting the soonest still to be held. SD-DEMO-001,
    // the story's discussion ready to start, is dated as the story was, so it comes before the review.
    const scheduled = ruby.meetings.filter((m) => m.status === 'scheduled').map((m) => m.reference);
    expect(scheduled).toEqual(['SD-DEMO-001', REVIEW.meeting.reference]);
    const caseload = await get<CaseloadResponse>(lcpp, '/caseload');
    expect(caseload.scope).toBe('lcpp');
    const entries = [...caseload.entries].sort((a, b) => a.child.caseSystemId!.localeCompare(b.child.caseSystemId!));
    expect(entries.map((e) => [e.child.caseSystemId, e.stage, e.categories, e.nextMeeting?.reference])).toEqual([
      [RUBY, 'child-protection-plan', ['physical'], scheduled[0]],
      [ALFIE, 'child-protection-plan', ['neglect', 'emotional'], scheduled[0]],
    ]);
    const team = await get<CaseloadResponse>(await signIn(DEMO_PATHWAY.teamManager), '/caseload');
    expect(team.scope).toBe('team');
    expect(team.entries.map((e) => e.child.caseSystemId).sort()).toEqual([RUBY, ALFIE]);
  });

  it('seeds nothing twice when the app starts again', async () => {
    const count = async (sql: string): Promise<number> => Number((await app.dataSource.query(sql))[0].n);
    const meetingEvents = `SELECT count(*) AS n FROM audit_events WHERE meeting_id IS NOT NULL`;
    const before = await count(meetingEvents);
    const sealedRows = await count(`SELECT count(*) AS n FROM sealed_records`);
    // Complete, shared and family at least (one row each, HTML and PDF in each).
    expect(sealedRows).toBeGreaterThanOrEqual(3);
    await app.close();
    app = await startWithDemo();
    expect(Object.keys(await meetingsByReference()).sort()).toEqual(
      [
        DEMO_STORY.meeting.reference,
        'SD-DEMO-001',
        ICPC.meeting.reference,
        CORE_GROUP.meeting.reference,
        REVIEW.meeting.reference,
      ].sort(),
    );
    expect(await count(meetingEvents)).toBe(before);
    // The story's s47 decision and the conference's plan decision.
    expect(await count(`SELECT count(*) AS n FROM decisions`)).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM plan_versions`)).toBe(4);
    expect(await count(`SELECT count(*) AS n FROM sealed_records`)).toBe(sealedRows);
  });
});
