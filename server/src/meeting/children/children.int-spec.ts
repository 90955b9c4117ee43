import { randomBytes } from 'node:crypto';
import type { CaseloadResponse, ChildRecord } from '@roundtable/shared/pathway';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { CreateMeetingRequest, CreateUserRequest, MeetingDetail } from '@roundtable/shared/schemas';
import type { QueryRunner } from 'typeorm';
import { ChildRecordsAndPathway1766540000000 } from '../../platform/database/migrations/1766540000000-child-records-and-pathway';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { eventually } from '../../../test/support/eventually';
import { EventsClient } from '../../../test/support/meeting-events-client';
import { buildMeeting, type TestUser } from '../../../test/support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * A child's record that outlives meetings (issue 17, item 1), the chronology
 * and the MACPT caseload: who sees how much of a child's page, corrections
 * to identity with their refusals, adding and removing a child before a
 * meeting concludes, and the caseload of an LCPP and of a team manager.
 */
describeOnOneDatabase('children’s records, chronology and caseload', (ctx) => {
  const clients: EventsClient[] = [];
  afterAll(() => clients.forEach((c) => c.close()));

  interface Person {
    user: TestUser;
    cookie: string;
  }

  const person = async (overrides: Partial<CreateUserRequest>): Promise<Person> => {
    const user = await ctx.app.createUser(overrides);
    return { user, cookie: await ctx.app.signIn(user) };
  };

  /**
   * The people of every case (signing in is slow, so once per file): a chair,
   * an LCPP and a team manager of one organisation, a team manager of
   * another, police, health and education practitioners, and a stranger.
   */
  let people: Record<
    'chair' | 'lcpp' | 'manager' | 'otherManager' | 'police' | 'health' | 'education' | 'stranger',
    Person
  >;
  beforeAll(async () => {
    const organisation = 'Testshire County Council';
    const [chair, lcpp, manager, otherManager, police, health, education, stranger] = await Promise.all([
      person({ displayName: 'Sam Chair', organisation }),
      person({ displayName: 'Lee Lcpp', organisation }),
      person({ displayName: 'Max Manager', organisation, teamManager: true }),
      person({ organisation: 'Elsewhere Council', teamManager: true }),
      person({ agency: 'police' }),
      person({ agency: 'health' }),
      person({ agency: 'education' }),
      person({ agency: 'health' }),
    ]);
    people = { chair, lcpp, manager, otherManager, police, health, education, stranger };
  });

  /** A meeting convened by `chair` over HTTP with its members (as TestApp.createMeeting, without signing in again). */
  async function convene(
    chair: Person,
    members: { member: Person; role: MeetingRole }[],
    overrides: Partial<CreateMeetingRequest>,
  ): Promise<MeetingDetail> {
    const created = await ctx.app.request('POST', '/api/meetings', {
      cookie: chair.cookie,
      body: buildMeeting(overrides),
    });
    expect(created.status).toBe(201);
    for (const { member, role } of members) {
      const added = await ctx.app.request('POST', `/api/meetings/${created.body.id}/members`, {
        cookie: chair.cookie,
        body: { email: member.user.email, role },
      });
      expect(added.status).toBe(201);
    }
    return created.body as MeetingDetail;
  }

  /**
   * A new child, Ruby, about whom the chair convened two meetings: A with
   * police and health, B (later) with education; her LCPP is `lcpp`.
   */
  async function buildCase(lcpp: Person = people.lcpp) {
    const { chair, police, health, education } = people;
    const caseSystemId = `CS-${randomBytes(4).toString('hex')}`;
    const a = await convene(
      chair,
      [
        { member: police, role: 'participant' },
        { member: health, role: 'participant' },
      ],
      { children: [{ name: 'Ruby Testcase', dateOfBirth: '2021-11-14', caseSystemId }] },
    );
    const ruby = a.children[0]!.childId;
    const b = await convene(chair, [{ member: education, role: 'participant' }], {
      children: [{ childId: ruby }],
      scheduledAt: '2026-03-20T10:00:00Z',
    });
    const named = await ctx.app.request('PUT', `/api/children/${ruby}/lcpp`, {
      cookie: chair.cookie,
      body: { userId: lcpp.user.user.id },
    });
    expect(named.status).toBe(200);
    return { ...people, lcpp, a, b, ruby, caseSystemId };
  }

  const page = (id: string, who: Person) => ctx.app.request('GET', `/api/children/${id}`, { cookie: who.cookie });
  const record = async (id: string, who: Person): Promise<ChildRecord> => {
    const res = await page(id, who);
    expect(res.status).toBe(200);
    return res.body as ChildRecord;
  };
  const auditOf = (type: string, subjectId: string) =>
    ctx.app.dataSource.query(
      `SELECT meeting_id, details FROM audit_events WHERE type = $1 AND subject_id = $2 ORDER BY seq`,
      [type, subjectId],
    ) as Promise<{ meeting_id: string | null; details: Record<string, unknown> }[]>;

  async function joined(who: Person, meetingId: string): Promise<EventsClient> {
    const client = await EventsClient.connect(ctx.app.url, { cookie: who.cookie });
    clients.push(client);
    await client.ok('meeting:join', { meetingId });
    return client;
  }

  describe('the migration', () => {
    it('gives every meeting child a record, the same one along a chain of reviews, siblings one household', async () => {
      const runner = ctx.app.dataSource.createQueryRunner();
      const insertMeeting = async (reference: string, reviewOf: string | null) => {
        const [row] = (await runner.query(
          `INSERT INTO meetings (reference, reason, scheduled_at, format, created_by, review_of_meeting_id)
           VALUES ($1, 'Concern', now(), 'online', $2, $3) RETURNING id`,
          [reference, people.chair.user.user.id, reviewOf],
        )) as { id: string }[];
        return row!.id;
      };
      const suffix = randomBytes(3).toString('hex');
      await runner.startTransaction();
      try {
        // Rows as they were before the migration: children without records.
        await runner.query(`ALTER TABLE meeting_children ALTER COLUMN child_id DROP NOT NULL`);
        const original = await insertMeeting(`MIG-${suffix}-1`, null);
        const review = await insertMeeting(`MIG-${suffix}-2`, original);
        const other = await insertMeeting(`MIG-${suffix}-3`, null);
        for (const [meetingId, name, position] of [
          [original, 'Ruby', 0],
          [original, 'Alfie', 1],
          [review, 'Ruby', 0],
          [review, 'Alfie', 1],
          [other, 'Ruby', 0],
        ] as const) {
          await runner.query(`INSERT INTO meeting_children (meeting_id, name, position) VALUES ($1, $2, $3)`, [
            meetingId,
            name,
            position,
          ]);
        }
        const migration = new ChildRecordsAndPathway1766540000000() as unknown as {
          giveEveryMeetingChildARecord(q: QueryRunner): Promise<void>;
        };
        await migration.giveEveryMeetingChildARecord(runner);
        const rows = (await runner.query(
          `SELECT mc.meeting_id, mc.name, mc.child_id, c.name AS record_name, c.household_id
             FROM meeting_children mc JOIN children c ON c.id = mc.child_id
            WHERE mc.meeting_id = ANY($1) ORDER BY mc.position`,
          [[original, review, other]],
        )) as { meeting_id: string; name: string; child_id: string; record_name: string; household_id: string }[];
        const of = (meetingId: string, name: string) =>
          rows.find((r) => r.meeting_id === meetingId && r.name === name)!;
        expect(rows).toHaveLength(5);
        expect(rows.every((r) => r.record_name === r.name)).toBe(true);
        expect(of(review, 'Ruby').child_id).toBe(of(original, 'Ruby').child_id);
        expect(of(review, 'Alfie').child_id).toBe(of(original, 'Alfie').child_id);
        expect(of(original, 'Alfie').child_id).not.toBe(of(original, 'Ruby').child_id);
        expect(of(original, 'Alfie').household_id).toBe(of(original, 'Ruby').household_id);
        // Never matched on name alone: another meeting's Ruby is another child.
        expect(of(other, 'Ruby').child_id).not.toBe(of(original, 'Ruby').child_id);
        expect(of(other, 'Ruby').household_id).not.toBe(of(original, 'Ruby').household_id);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });
  });

  it('shows the chair, the LCPP and their team manager all of it, a member of one meeting only that meeting, and no one else anything', async () => {
    const c = await buildCase();
    const [byChair, byLcpp, byManager] = await Promise.all([
      record(c.ruby, c.chair),
      record(c.ruby, c.lcpp),
      record(c.ruby, c.manager),
    ]);
    for (const whole of [byChair, byLcpp, byManager]) {
      expect(whole).toMatchObject({
        child: { id: c.ruby, name: 'Ruby Testcase', caseSystemId: c.caseSystemId, nhsNumber: null },
        scope: 'all',
        lcpp: { userId: c.lcpp.user.user.id, displayName: 'Lee Lcpp' },
        stage: 'strategy-discussion',
      });
      expect(whole.meetings.map((m) => m.id)).toEqual([c.a.id, c.b.id]);
      expect([...whole.agencies].sort()).toEqual(['childrens-social-care', 'education', 'health', 'police']);
    }
    expect(byChair.chronology.map((e) => [e.kind, e.meeting?.reference])).toEqual([
      ['meeting-convened', c.a.reference],
      ['meeting-convened', c.b.reference],
    ]);

    // Health belongs to A only: B, its entries and its agency (education) are not on health's page.
    const byHealth = await record(c.ruby, c.health);
    expect(byHealth).toMatchObject({ scope: 'own-meetings', plan: null, clocks: [] });
    expect(byHealth.meetings.map((m) => m.id)).toEqual([c.a.id]);
    expect([...byHealth.agencies].sort()).toEqual(['childrens-social-care', 'health', 'police']);
    expect(byHealth.chronology.map((e) => e.meeting?.id)).toEqual([c.a.id]);
    expect(JSON.stringify(byHealth)).not.toContain(c.b.id);
    expect(JSON.stringify(byHealth)).not.toContain(c.b.reference);

    // Anyone else, a team manager of another organisation included: the same 404 as a child that does not exist.
    const hidden = await page(c.ruby, c.stranger);
    const elsewhere = await page(c.ruby, c.otherManager);
    const absent = await page(UNKNOWN_ID, c.chair);
    const malformed = await page('not-a-uuid', c.chair);
    for (const res of [hidden, elsewhere, absent, malformed]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NotFound', message: 'No child with that id is known to you' });
    }

    // Looking a child up by identifier finds only children the caller may know of.
    const search = (who: Person) =>
      ctx.app.request('GET', `/api/children?caseSystemId=${c.caseSystemId}`, { cookie: who.cookie });
    expect((await search(c.health)).body.children.map((ch: { id: string }) => ch.id)).toEqual([c.ruby]);
    expect((await search(c.stranger)).body.children).toEqual([]);
    expect((await ctx.app.request('GET', '/api/children?name=Ruby', { cookie: c.chair.cookie })).status).toBe(400);
  });

  it('withholds a police-restricted action from readers outside its audience, in the chronology as in the room', async () => {
    const c = await buildCase();
    const policeClient = await joined(c.police, c.a.id);
    await policeClient.ok('action:create', {
      meetingId: c.a.id,
      description: 'Check the address against intelligence held on the partner',
      ownerUserId: c.police.user.user.id,
      ownerAgency: 'police',
      dueAt: inHours(48),
      restriction: 'police-restricted',
    });
    const actionOf = (r: ChildRecord) => r.chronology.find((e) => e.kind === 'action');
    const withheld = { title: 'Action (information withheld: police restricted)', detail: null };
    // Health is a member outside the audience; the LCPP is no member of A: neither reads it.
    expect(actionOf(await record(c.ruby, c.health))).toMatchObject(withheld);
    expect(actionOf(await record(c.ruby, c.lcpp))).toMatchObject(withheld);
    for (const reader of [c.police, c.chair]) {
      expect(actionOf(await record(c.ruby, reader))).toMatchObject({
        title: 'Action for police',
        href: `/meetings/${c.a.id}#actions`,
      });
    }
    expect(JSON.stringify(await record(c.ruby, c.chair))).not.toContain('intelligence');
  });

  it('corrects identity and household only for the chair or LCPP, refusing a bad NHS number or a taken case-system ID and storing nothing', async () => {
    const c = await buildCase();
    const patch = (id: string, who: Person, body: unknown) =>
      ctx.app.request('PATCH', `/api/children/${id}`, { cookie: who.cookie, body });

    const badCheckDigit = await patch(c.ruby, c.chair, { nhsNumber: '943 476 5918' });
    expect(badCheckDigit.status).toBe(400);
    expect(badCheckDigit.body.fields).toEqual([{ path: 'nhsNumber', message: expect.stringContaining('check digit') }]);
    const newWithBadNhs = await ctx.app.request('POST', `/api/meetings/${c.a.id}/children`, {
      cookie: c.chair.cookie,
      body: { name: 'Alfie Testcase', nhsNumber: '9434765918' },
    });
    expect(newWithBadNhs.status).toBe(400);
    expect((await record(c.ruby, c.chair)).child.nhsNumber).toBeNull();

    const corrected = await patch(c.ruby, c.lcpp, { nhsNumber: '943 476 5919', dateOfBirth: '2021-11-15' });
    expect(corrected.status).toBe(200);
    expect(corrected.body.child).toMatchObject({ nhsNumber: '9434765919', dateOfBirth: '2021-11-15' });
    expect((await auditOf('child.updated', c.ruby)).map((e) => e.details)).toEqual([
      { fields: ['dateOfBirth', 'nhsNumber'] },
    ]);

    // A sibling with their own case-system ID; giving them Ruby's is refused and changes nothing.
    const siblingCaseId = `${c.caseSystemId}-2`;
    const added = await ctx.app.request('POST', `/api/meetings/${c.a.id}/children`, {
      cookie: c.chair.cookie,
      body: { name: 'Alfie Testcase', caseSystemId: siblingCaseId, siblingOfChildId: c.ruby },
    });
    expect(added.status).toBe(201);
    const alfie = (added.body as MeetingDetail).children.find((ch) => ch.name === 'Alfie Testcase')!.childId;
    const taken = await patch(alfie, c.chair, { caseSystemId: c.caseSystemId, name: 'Alfie Testcase-Smith' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'Conflict', message: expect.stringContaining('case-system ID') });
    expect((await record(alfie, c.chair)).child).toMatchObject({ name: 'Alfie Testcase', caseSystemId: siblingCaseId });
    const duplicateNew = await ctx.app.request('POST', `/api/meetings/${c.b.id}/children`, {
      cookie: c.chair.cookie,
      body: { name: 'Ruby T', caseSystemId: c.caseSystemId },
    });
    expect(duplicateNew.status).toBe(409);
    const meetingB = await ctx.app.request('GET', `/api/meetings/${c.b.id}`, { cookie: c.chair.cookie });
    expect(meetingB.body.children.map((ch: { childId: string }) => ch.childId)).toEqual([c.ruby]);
    expect((await record(c.ruby, c.chair)).siblings.map((s) => s.id)).toEqual([alfie]);

    // Members who do not chair may read but not correct; strangers learn nothing.
    expect((await patch(c.ruby, c.health, { name: 'R Testcase' })).status).toBe(403);
    expect((await patch(c.ruby, c.stranger, { name: 'R Testcase' })).status).toBe(404);

    const household = await ctx.app.request('PUT', `/api/children/${c.ruby}/household`, {
      cookie: c.lcpp.cookie,
      body: { members: [{ name: 'Jo Testcase', relationship: 'Mother', parentalResponsibility: true }] },
    });
    expect(household.status).toBe(200);
    expect((await record(alfie, c.chair)).household).toEqual([
      { name: 'Jo Testcase', relationship: 'Mother', parentalResponsibility: true },
    ]);
    const [householdEntry] = await auditOf('child.household-set', c.ruby);
    expect(JSON.stringify(householdEntry)).not.toContain('Jo Testcase');
  });

  it('lets the chair add and remove a child before the meeting concludes, never one a decision names, the last one, or after it', async () => {
    const c = await buildCase();
    const other = await convene(c.chair, [], { children: [{ name: 'Zara Testcase' }] });
    const zara = other.children[0]!.childId;
    const addRuby = (meetingId: string, who: Person = c.chair) =>
      ctx.app.request('POST', `/api/meetings/${meetingId}/children`, { cookie: who.cookie, body: { childId: c.ruby } });
    const remove = (meetingId: string, childId: string, who: Person = c.chair) =>
      ctx.app.request('DELETE', `/api/meetings/${meetingId}/children/${childId}`, { cookie: who.cookie });
    const childrenOf = (res: { body: MeetingDetail }) => res.body.children.map((ch) => ch.childId);

    const added = await addRuby(other.id);
    expect(added.status).toBe(201);
    expect(childrenOf(added)).toEqual([zara, c.ruby]);
    expect((await addRuby(other.id)).status).toBe(409);
    expect((await remove(c.a.id, c.ruby, c.police)).status).toBe(403);

    const removed = await remove(other.id, c.ruby);
    expect(removed.status).toBe(200);
    expect(childrenOf(removed)).toEqual([zara]);
    expect(await remove(other.id, zara)).toMatchObject({
      status: 409,
      body: { message: expect.stringContaining('only child') },
    });
    expect((await auditOf('meeting.child-added', c.ruby)).map((e) => e.meeting_id)).toEqual([other.id]);
    expect((await auditOf('meeting.child-removed', c.ruby)).map((e) => e.meeting_id)).toEqual([other.id]);
    const removals = await ctx.app.dataSource.query(
      `SELECT removed_by FROM meeting_child_removals WHERE meeting_id = $1 AND child_id = $2`,
      [other.id, c.ruby],
    );
    expect(removals).toEqual([{ removed_by: c.chair.user.user.id }]);

    // Once a decision names her, she stays.
    const again = await addRuby(other.id);
    const rubyRow = (again.body as MeetingDetail).children.find((ch) => ch.childId === c.ruby)!.id;
    const chairClient = await joined(c.chair, other.id);
    await chairClient.ok('decision:open', { meetingId: other.id, childIds: [rubyRow] });
    expect(await remove(other.id, c.ruby)).toMatchObject({
      status: 409,
      body: { code: 'Conflict', message: expect.stringContaining('A decision of this meeting') },
    });

    const chronology = (await record(c.ruby, c.chair)).chronology.filter((e) => e.meeting?.id === other.id);
    expect(chronology.map((e) => [e.kind, e.title, e.detail])).toEqual([
      ['meeting-convened', 'Strategy discussion convened', null],
      ['child-added', 'Added to the strategy discussion', null],
      ['child-removed', 'Removed from the strategy discussion', null],
      ['child-added', 'Added to the strategy discussion', null],
      ['decision', 'Section 47 threshold decision', 'Open for agency views'],
    ]);

    // After the conclusion the children are part of the record.
    const post = (path: string) => ctx.app.request('POST', path, { cookie: c.chair.cookie, body: {} });
    expect((await post(`/api/meetings/${c.b.id}/start`)).status).toBe(200);
    expect((await post(`/api/meetings/${c.b.id}/conclude`)).status).toBe(200);
    expect(
      await ctx.app.request('POST', `/api/meetings/${c.b.id}/children`, {
        cookie: c.chair.cookie,
        body: { childId: zara },
      }),
    ).toMatchObject({ status: 409, body: { code: 'MeetingConcluded' } });
    expect(await remove(c.b.id, c.ruby)).toMatchObject({ status: 409, body: { code: 'MeetingConcluded' } });
    await eventually(async () => {
      const entries = (await record(c.ruby, c.chair)).chronology.filter((e) => e.meeting?.id === c.b.id);
      expect(entries.map((e) => [e.kind, e.href])).toEqual([
        ['meeting-convened', `/meetings/${c.b.id}`],
        ['meeting-concluded', `/meetings/${c.b.id}`],
        ['record-sealed', `/meetings/${c.b.id}#final-record`],
      ]);
    }, 20_000);
  });

  it('gives an LCPP their children and a team manager every child of an LCPP in their organisation', async () => {
    const organisation = `Testshire ${randomBytes(3).toString('hex')} MACPT`;
    const [lcpp, manager] = await Promise.all([
      person({ displayName: 'Lee Lcpp', organisation }),
      person({ organisation, teamManager: true }),
    ]);
    const c = await buildCase(lcpp);
    const policeClient = await joined(c.police, c.a.id);
    await policeClient.ok('action:create', {
      meetingId: c.a.id,
      description: 'Speak to the school',
      ownerUserId: c.police.user.user.id,
      ownerAgency: 'police',
      dueAt: inHours(-2),
    });
    const caseload = async (who: Person): Promise<CaseloadResponse> => {
      const res = await ctx.app.request('GET', '/api/caseload', { cookie: who.cookie });
      expect(res.status).toBe(200);
      return res.body as CaseloadResponse;
    };
    const mine = await caseload(c.lcpp);
    expect(mine.scope).toBe('lcpp');
    expect(mine.entries).toEqual([
      {
        child: { id: c.ruby, name: 'Ruby Testcase', dateOfBirth: '2021-11-14', caseSystemId: c.caseSystemId },
        lcpp: { userId: c.lcpp.user.user.id, displayName: 'Lee Lcpp', agency: 'childrens-social-care' },
        stage: 'strategy-discussion',
        categories: [],
        nextMeeting: {
          id: c.a.id,
          reference: c.a.reference,
          type: 'strategy-discussion',
          scheduledAt: c.a.scheduledAt,
          status: 'scheduled',
        },
        openActions: 1,
        overdueActions: 1,
        overdueClocks: [],
        nextClock: null,
        openDissent: 0,
        openEscalations: 0,
      },
    ]);
    const team = await caseload(manager);
    expect(team.scope).toBe('team');
    expect(team.entries.map((e) => e.child.id)).toEqual([c.ruby]);
    expect((await caseload(c.otherManager)).entries.map((e) => e.child.id)).not.toContain(c.ruby);
    expect(await caseload(c.stranger)).toEqual({ scope: 'lcpp', entries: [] });
  });
});
