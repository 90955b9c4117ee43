import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PARTNERSHIP_RECORD_TYPES, type RetentionStatusResponse } from '@roundtable/shared/retention';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { Clock } from '../../platform/time/clock';
import { RetentionService } from './retention.service';

const YEAR_MS = 365.25 * 86_400_000;
const NORTH = 'Northshire Safeguarding Children Partnership';
const SOUTH = 'Southshire Safeguarding Partnership';

/**
 * Per-partnership schedules and the longer periods for looked-after and
 * adopted children, on the real app and PostgreSQL, with the Clock moved on
 * decades: each meeting and child is destroyed exactly when its own
 * partnership's rule (or the deployment's) says, and never before the
 * looked-after (75th birthday) or adoption (100 years from the order) period.
 */
describe('retention schedules per partnership, looked-after and adopted children', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let admin: TestUser;
  const meetings: Record<'north' | 'south' | 'deployment' | 'lookedAfter' | 'adopted', string> = {
    north: '',
    south: '',
    deployment: '',
    lookedAfter: '',
    adopted: '',
  };
  const children: Partial<Record<keyof typeof meetings, string>> = {};

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-retention-schedules-'));
    const rulesFile = path.join(dir, 'retention.json');
    await writeFile(
      rulesFile,
      JSON.stringify({
        'strategy-discussion-records': { years: 35 },
        partnerships: {
          [NORTH]: {
            organisations: ['Northshire County Council', 'Northshire Police'],
            rules: { 'strategy-discussion-records': { years: 40 }, 'child-records': { years: 40 } },
          },
          [SOUTH]: {
            organisations: ['Southshire Council'],
            rules: { 'strategy-discussion-records': { years: 10 }, 'child-records': { years: 10 } },
          },
        },
      }),
    );
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database, { RETENTION_RULES_FILE: rulesFile });
    admin = await app.createUser({ isAdmin: true, agency: 'other', displayName: 'Ada Admin' });
    const northChair = await app.createUser({ organisation: 'Northshire County Council' });
    const southChair = await app.createUser({ organisation: 'Southshire Council' });
    const otherChair = await app.createUser({ organisation: 'Elsewhere Borough Council' });
    const create = async (key: keyof typeof meetings, chair: TestUser, child: string, dateOfBirth: string) => {
      meetings[key] = (await app.createMeeting(chair, [], { children: [{ name: child, dateOfBirth }] })).meeting.id;
      [{ childId: children[key] }] = (await app.dataSource.query(
        `SELECT child_id AS "childId" FROM meeting_children WHERE meeting_id = $1`,
        [meetings[key]],
      )) as [{ childId: string }];
    };
    await create('north', northChair, 'Nora North', '2019-04-04');
    await create('south', southChair, 'Sam South', '2018-03-03');
    await create('deployment', otherChair, 'Dee Default', '2017-02-02');
    await create('lookedAfter', otherChair, 'Lara Lookedafter', '2010-01-01');
    await create('adopted', southChair, 'Ada Adopted', '2022-05-05');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  const destroyed = async (): Promise<Record<string, { recordType: string; rule: Record<string, unknown> }>> => {
    const rows = (await app.dataSource.query(
      `SELECT subject_id AS id, record_type AS "recordType", rule FROM retention_tombstones`,
    )) as { id: string; recordType: string; rule: Record<string, unknown> }[];
    return Object.fromEntries(rows.map((r) => [r.id, { recordType: r.recordType, rule: r.rule }]));
  };
  const gone = async (key: keyof typeof meetings) => {
    const t = await destroyed();
    return { meeting: meetings[key] in t, child: children[key]! in t };
  };
  const moveOn = async (years: number) => {
    app.get(Clock).advanceForTests(years * YEAR_MS);
    return app.get(RetentionService).run('manual');
  };

  it('marks a child looked after or adopted: administrators only, with step-up, audited, never twice', async () => {
    const cookie = await app.signIn(admin);
    const mark = (body: Record<string, unknown>, as = cookie) =>
      app.request('POST', '/api/admin/retention/child-statuses', { cookie: as, body });
    const worker = await app.signIn(await app.createUser({}));
    const reason = 'Looked after under s20 since the date given (case system legal status).';
    expect(
      (await mark({ childId: children.lookedAfter, kind: 'looked-after', since: '2015-06-01', reason }, worker)).status,
    ).toBe(403);
    expect((await mark({ childId: children.lookedAfter, kind: 'fostered', since: '2015-06-01', reason })).status).toBe(
      400,
    );
    expect((await mark({ childId: children.lookedAfter, kind: 'looked-after', since: 'soon', reason })).status).toBe(
      400,
    );
    expect(
      (
        await mark({
          childId: '00000000-0000-4000-8000-000000000000',
          kind: 'looked-after',
          since: '2015-06-01',
          reason,
        })
      ).status,
    ).toBe(404);
    const marked = await mark({ childId: children.lookedAfter, kind: 'looked-after', since: '2015-06-01', reason });
    expect(marked).toMatchObject({
      status: 201,
      body: { childId: children.lookedAfter, kind: 'looked-after', since: '2015-06-01', recordedBy: 'Ada Admin' },
    });
    expect(
      (await mark({ childId: children.lookedAfter, kind: 'looked-after', since: '2016-01-01', reason })).status,
    ).toBe(409);
    const adopted = await mark({
      childId: children.adopted,
      kind: 'adopted',
      since: '2024-06-01',
      reason: 'Adoption order made on the date given.',
    });
    expect(adopted.status).toBe(201);
    const entries = (await app.dataSource.query(
      `SELECT subject_id AS "subjectId", details FROM audit_events WHERE type = 'retention.child-status-recorded' ORDER BY seq`,
    )) as { subjectId: string; details: Record<string, unknown> }[];
    expect(entries).toEqual([
      { subjectId: children.lookedAfter, details: { statusId: expect.any(String), kind: 'looked-after' } },
      { subjectId: children.adopted, details: { statusId: expect.any(String), kind: 'adopted' } },
    ]);
    // A mark is a recorded fact: it is never changed or removed outside a destruction.
    await expect(app.dataSource.query(`DELETE FROM child_retention_statuses`)).rejects.toThrow(/append-only/);
  });

  it('shows which schedule applies to whom on the retention page', async () => {
    const status = (await app.request('GET', '/api/admin/retention', { cookie: await app.signIn(admin) }))
      .body as RetentionStatusResponse;
    expect(status.partnershipKey).toMatch(/organisation of the account that convened it/);
    expect(status.partnerships.map((p) => [p.partnership, p.organisations])).toEqual([
      [NORTH, ['Northshire County Council', 'Northshire Police']],
      [SOUTH, ['Southshire Council']],
    ]);
    const north = status.partnerships[0]!.periods;
    expect(north.find((p) => p.recordType === 'strategy-discussion-records')).toEqual({
      recordType: 'strategy-discussion-records',
      period: { years: 40, days: 0 },
      own: true,
    });
    expect(north.find((p) => p.recordType === 'looked-after-children-records')).toEqual({
      recordType: 'looked-after-children-records',
      period: { years: 75, days: 0 },
      own: false,
    });
    expect(status.rules.find((r) => r.recordType === 'adoption-records')?.period).toEqual({ years: 100, days: 0 });
  });

  it('12 years on: destroys only the meeting and child under the partnership with a 10-year schedule', async () => {
    const outcome = await moveOn(12);
    // Of meetings and children, exactly these (old sign-ins and sessions go too, under their own rules).
    const records = Object.entries(outcome.destroyed).filter(([type]) =>
      PARTNERSHIP_RECORD_TYPES.includes(type as never),
    );
    expect(Object.fromEntries(records)).toEqual({ 'strategy-discussion-records': 1, 'child-records': 1 });
    expect(await gone('south')).toEqual({ meeting: true, child: true });
    const t = await destroyed();
    expect(t[meetings.south]).toEqual({
      recordType: 'strategy-discussion-records',
      rule: { recordType: 'strategy-discussion-records', years: 10, days: 0, partnership: SOUTH },
    });
    // The same partnership's adopted child, and every other schedule's records, are kept.
    for (const key of ['north', 'deployment', 'lookedAfter', 'adopted'] as const)
      expect({ key, ...(await gone(key)) }).toEqual({ key, meeting: false, child: false });
  });

  it('36 years on: the deployment’s 35 years have passed; the looked-after child’s records are kept', async () => {
    await moveOn(24);
    expect(await gone('deployment')).toEqual({ meeting: true, child: true });
    expect((await destroyed())[meetings.deployment]?.rule).toEqual({
      recordType: 'strategy-discussion-records',
      years: 35,
      days: 0,
    });
    // Closed 36 years ago, past 35 years, but the child is looked after: kept until their 75th birthday (2085).
    expect(await gone('lookedAfter')).toEqual({ meeting: false, child: false });
    expect(await gone('north')).toEqual({ meeting: false, child: false });
    expect(await gone('adopted')).toEqual({ meeting: false, child: false });
  });

  it('41 years on: the 40-year partnership’s records go, under its rule', async () => {
    await moveOn(5);
    expect(await gone('north')).toEqual({ meeting: true, child: true });
    expect((await destroyed())[children.north!]?.rule).toEqual({
      recordType: 'child-records',
      years: 40,
      days: 0,
      partnership: NORTH,
    });
    expect(await gone('lookedAfter')).toEqual({ meeting: false, child: false });
  });

  it('after the looked-after child’s 75th birthday: their meeting and record are destroyed under that rule', async () => {
    await moveOn(17); // 58 years on: 2084, before the birthday (1 January 2085)
    expect(await gone('lookedAfter')).toEqual({ meeting: false, child: false });
    await moveOn(2); // 2086
    expect(await gone('lookedAfter')).toEqual({ meeting: true, child: true });
    const t = await destroyed();
    expect(t[meetings.lookedAfter]).toMatchObject({
      recordType: 'looked-after-children-records',
      rule: { recordType: 'looked-after-children-records', years: 75, days: 0 },
    });
    expect(t[children.lookedAfter!]?.recordType).toBe('looked-after-children-records');
    expect(await gone('adopted')).toEqual({ meeting: false, child: false });
  });

  it('100 years after the adoption order: the adopted child’s records are destroyed, not before', async () => {
    await moveOn(38); // 2124-12: after the order's centenary (1 June 2124)
    expect(await gone('adopted')).toEqual({ meeting: true, child: true });
    expect((await destroyed())[children.adopted!]).toEqual({
      recordType: 'adoption-records',
      rule: { recordType: 'adoption-records', years: 100, days: 0, partnership: SOUTH },
    });
    expect(await app.dataSource.query(`SELECT * FROM child_retention_statuses`)).toEqual([]);
  });
});
