import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LegalHold, RetentionStatusResponse } from '@roundtable/shared/retention';
import { eventually } from '../../../test/support/eventually';
import { TestApp, type TestUser } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import { checkpointToJson } from '../../audit/trail/audit-chain';
import { AuditCheckpointService } from '../../audit/trail/audit-checkpoint.service';
import { AUDIT_SIGNING_KEY } from '../../audit/trail/audit.tokens';
import type { AuditSigningKey } from '../../audit/trail/audit-signing-key';
import { verifyAuditTrail } from '../../audit/trail/audit-store';
import { DEMO_MEETING } from '../../demo/demo-data';
import { DemoSeedService } from '../../demo/demo-seed.service';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { Clock } from '../../platform/time/clock';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Text of the demo's records (the child's name, identifiers, words in the reason and the record). */
const DEMO_CANARIES = ['Ruby Testcase', 'Alfie Testcase', 'TC-100231', 'TC-100232', 'Dean squeezed'];
/** A meeting created now: not due. */
const FRESH = { child: 'Canaryfresh Keepson', reason: 'Canaryfresh reason: a recent referral that must be kept.' };
/** An old meeting under a legal hold: due, but held. */
const HELD = { child: 'Canaryheld Holdsworth', reason: 'Canaryheld reason: records a court has asked us to keep.' };
/** An old meeting about a child under a legal hold: the child and the meeting are kept. */
/** A due meeting on which a hold is placed while a run waits for it. */
const RACE = { child: 'Canaryrace Waitwell', reason: 'Canaryrace reason: held just as the run reached it.' };
const CHILD_HELD = { child: 'Canarychild Heldby', reason: 'Canarychild reason: the child is named in an inquiry.' };
/** A subject access reviewer's note about a demo child: it goes when the child does. */
const SAR_NOTE = 'Canarysar note: withheld, the neighbour who told us could be identified.';

const YEAR_MS = 365.25 * 86_400_000;
const run = promisify(execFile);
/** `npm run audit:verify` (built by `npm run build`). */
const VERIFY_CLI = path.resolve(__dirname, '../../../dist/cli/audit-verify.js');
/** What a partner downloaded before any destruction: the public key and the signed checkpoints. */
const partnerFiles = {
  key: path.join(os.tmpdir(), `roundtable-retention-pub-${process.pid}.pem`),
  checkpoints: path.join(os.tmpdir(), `roundtable-retention-kept-${process.pid}.json`),
};

/**
 * A retention run on a seeded database (the demo's story and pathway, in
 * every table it touches), with the demo's dates moved 40 years back: the
 * run destroys exactly what is due (the canaries are gone from every column
 * of every table, tombstones and destruction entries are there, the chain
 * still verifies), skips a held meeting and a fresh one; an ordinary DELETE
 * or UPDATE is still refused; bad input changes nothing.
 */
describe('retention and legal holds', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let admin: TestUser;
  let adminCookie: string;
  let freshId: string;
  let heldId: string;
  let childHeldId: string;
  let heldChildId: string;
  let hold: LegalHold;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database, { DEMO_DATA: 'on', JOBS_POLLING_SECONDS: '0.5' });
    await app.get(DemoSeedService).whenStoryTold();
    admin = await app.createUser({ isAdmin: true, agency: 'other', displayName: 'Ada Admin' });
    adminCookie = await app.signIn(admin);
    const chair = await app.createUser({ displayName: 'Cleo Chair' });
    freshId = (
      await app.createMeeting(chair, [], {
        reason: FRESH.reason,
        children: [{ name: FRESH.child, dateOfBirth: '2020-01-01' }],
      })
    ).meeting.id;
    heldId = (
      await app.createMeeting(chair, [], {
        reason: HELD.reason,
        children: [{ name: HELD.child, dateOfBirth: '2019-05-05' }],
      })
    ).meeting.id;
    childHeldId = (
      await app.createMeeting(chair, [], {
        reason: CHILD_HELD.reason,
        children: [{ name: CHILD_HELD.child, dateOfBirth: '2018-02-02' }],
      })
    ).meeting.id;
    [{ childId: heldChildId }] = (await app.dataSource.query(
      `SELECT child_id AS "childId" FROM meeting_children WHERE meeting_id = $1`,
      [childHeldId],
    )) as [{ childId: string }];
    expect(heldChildId).toEqual(expect.any(String));
    // Subject access requests about a demo child (destroyed with it) and the held child (kept), each with a redaction.
    const [{ id: demoChildId }] = (await app.dataSource.query(
      `SELECT id FROM children c WHERE NOT EXISTS (SELECT 1 FROM meeting_children mc WHERE mc.child_id = c.id
         AND mc.meeting_id = ANY ($1::uuid[])) ORDER BY name LIMIT 1`,
      [[freshId, heldId, childHeldId]],
    )) as [{ id: string }];
    for (const childId of [demoChildId, heldChildId]) {
      const opened = await post('/admin/subject-access', {
        subject: { kind: 'child', childId },
        reference: 'DPO-2026-7',
      });
      expect(opened.status).toBe(201);
      const detail = await app.request('GET', `/api/admin/subject-access/${opened.body.id}`, { cookie: adminCookie });
      const redacted = await post(`/admin/subject-access/${opened.body.id}/redactions`, {
        itemKey: detail.body.items[0].key,
        exemption: 'third-party',
        note: SAR_NOTE,
      });
      expect(redacted.status).toBe(201);
    }
    await seedOldDates([freshId]);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  /**
   * Test seeding only: moves every meeting but `keep` (and the demo's plans
   * and children) 40 years into the past and ends the plans, with the
   * triggers off for this transaction (superuser), as if the records were
   * that old.
   */
  async function seedOldDates(keep: string[]): Promise<void> {
    await app.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(
        `UPDATE meetings SET created_at = created_at - interval '40 years', updated_at = updated_at - interval '40 years',
           scheduled_at = scheduled_at - interval '40 years', started_at = started_at - interval '40 years',
           concluded_at = concluded_at - interval '40 years' WHERE id <> ALL ($1::uuid[])`,
        [keep],
      );
      await m.query(
        `UPDATE child_protection_plans SET status = 'ended', ended_at = COALESCE(ended_at, started_at + interval '1 day') - interval '40 years',
           started_at = started_at - interval '40 years'`,
      );
      await m.query(`UPDATE children SET created_at = created_at - interval '40 years'`);
    });
  }

  /** Every column of every table (all schemas) that holds `needle`: text, json, arrays and bytes (Yjs updates, sealed records). */
  async function whereFound(needle: string): Promise<string[]> {
    const columns: { schema: string; table: string; column: string; type: string }[] = await app.dataSource.query(
      `SELECT c.table_schema AS schema, c.table_name AS "table", c.column_name AS column, c.data_type AS type
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')`,
    );
    const found: string[] = [];
    for (const c of columns) {
      const col = `"${c.schema}"."${c.table}"."${c.column}"`;
      const test =
        c.type === 'bytea'
          ? `position(convert_to($1, 'UTF8') in ${col}) > 0`
          : `strpos(${col}::text, $1) > 0 OR strpos(${col}::text, $2) > 0`;
      const rows: unknown[] = await app.dataSource.query(
        `SELECT 1 FROM "${c.schema}"."${c.table}" WHERE ${test} LIMIT 1`,
        c.type === 'bytea' ? [needle] : [needle, JSON.stringify(needle).slice(1, -1)],
      );
      if (rows.length > 0) found.push(`${c.schema}.${c.table}.${c.column}`);
    }
    return found;
  }

  async function verifyChain() {
    const key = app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    return verifyAuditTrail((sql, params) => app.dataSource.query(sql, params), key.publicKey);
  }

  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await app.dataSource.query(sql, params)) as { n: string }[])[0]!.n);
  const auditHead = () => count(`SELECT coalesce(max(seq), 0) AS n FROM audit_events`);
  const post = (path: string, body?: unknown, cookie = adminCookie) =>
    app.request('POST', `/api${path}`, { cookie, body });

  /** Asks for a run over HTTP (the job queue runs it), waits for it in the database, then reads the status as `admin`. */
  async function runNowAndWait(as: TestUser): Promise<RetentionStatusResponse> {
    const runs = () =>
      count(`SELECT count(*) AS n FROM retention_runs WHERE finished_at IS NOT NULL OR error IS NOT NULL`);
    const before = await runs();
    const queued = await post('/admin/retention/run', undefined, await app.signIn(as));
    expect(queued).toMatchObject({ status: 202, body: { queued: true } });
    await eventually(async () => expect(await runs()).toBe(before + 1), 120_000);
    // The run may have ended the session that asked (sessions past their period): sign in again.
    return (await app.request('GET', '/api/admin/retention', { cookie: await app.signIn(as) }))
      .body as RetentionStatusResponse;
  }

  it('starts with the demo in every table, and the chain intact', async () => {
    for (const canary of DEMO_CANARIES) expect(await whereFound(canary)).not.toEqual([]);
    // The demo's content is spread over many tables (the record's Yjs updates, sealed records, views, children…).
    expect((await whereFound('Ruby Testcase')).length).toBeGreaterThan(3);
    expect((await verifyChain()).firstBroken).toBeNull();
    // A partner keeps the public key and the checkpoints signed so far.
    await app.get(AuditCheckpointService).checkpointNow();
    const checkpoints = await app.get(AuditCheckpointService).list();
    expect(checkpoints.length).toBeGreaterThan(0);
    await writeFile(partnerFiles.key, (app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey).publicKeyPem);
    await writeFile(partnerFiles.checkpoints, JSON.stringify(checkpoints.map(checkpointToJson)));
  });

  it('refuses holds from non-administrators and on bad input, changing nothing', async () => {
    const head = await auditHead();
    const holds = await count(`SELECT count(*) AS n FROM legal_holds`);
    const worker = await app.createUser({ displayName: 'Wes Worker' });
    const workerCookie = await app.signIn(worker);
    expect(
      await post(
        '/admin/legal-holds',
        { subjectType: 'meeting', subjectId: heldId, reason: 'A good reason here' },
        workerCookie,
      ),
    ).toMatchObject({ status: 403 });
    expect(
      await post('/admin/legal-holds', { subjectType: 'meeting', subjectId: heldId, reason: 'short' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'ValidationFailed' },
    });
    expect(
      await post('/admin/legal-holds', { subjectType: 'household', subjectId: heldId, reason: 'A good reason here' }),
    ).toMatchObject({ status: 400 });
    expect(
      await post('/admin/legal-holds', {
        subjectType: 'meeting',
        subjectId: 'not-a-uuid',
        reason: 'A good reason here',
      }),
    ).toMatchObject({ status: 400 });
    expect(
      await post('/admin/legal-holds', {
        subjectType: 'meeting',
        subjectId: '00000000-0000-4000-8000-000000000000',
        reason: 'A good reason here',
      }),
    ).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    expect(
      await post('/admin/legal-holds/00000000-0000-4000-8000-000000000000/lift', { reason: 'No longer needed now' }),
    ).toMatchObject({ status: 404 });
    expect(await count(`SELECT count(*) AS n FROM legal_holds`)).toBe(holds);
    // Only the refusal of the non-administrator is recorded.
    const types: { type: string }[] = await app.dataSource.query(`SELECT type FROM audit_events WHERE seq > $1`, [
      head,
    ]);
    expect(types.map((t) => t.type).filter((t) => t.startsWith('legal-hold'))).toEqual([]);
  });

  it('places a hold on a meeting (audited), once', async () => {
    const placed = await post('/admin/legal-holds', {
      subjectType: 'meeting',
      subjectId: heldId,
      reason: 'Care proceedings: the court has directed that the records be kept.',
    });
    expect(placed.status).toBe(201);
    hold = placed.body as LegalHold;
    expect(hold).toMatchObject({ subjectType: 'meeting', subjectId: heldId, liftedAt: null, placedBy: 'Ada Admin' });
    expect(
      await post('/admin/legal-holds', { subjectType: 'meeting', subjectId: heldId, reason: 'A second hold, refused' }),
    ).toMatchObject({ status: 409, body: { code: 'Conflict' } });
    const entries: { type: string; subject_id: string }[] = await app.dataSource.query(
      `SELECT type, subject_id FROM audit_events WHERE type LIKE 'legal-hold.%'`,
    );
    expect(entries).toEqual([{ type: 'legal-hold.placed', subject_id: heldId }]);
    const list = await app.request('GET', '/api/admin/legal-holds', { cookie: adminCookie });
    expect(list.body.holds).toEqual([hold]);
  });

  it('places a hold on a child (audited)', async () => {
    const placed = await post('/admin/legal-holds', {
      subjectType: 'child',
      subjectId: heldChildId,
      reason: 'The child is named in an inquiry that has asked for every record.',
    });
    expect(placed).toMatchObject({ status: 201, body: { subjectType: 'child', subjectReference: null } });
  });

  it('reports what is due, held included', async () => {
    const status = (await app.request('GET', '/api/admin/retention', { cookie: adminCookie }))
      .body as RetentionStatusResponse;
    const rule = (t: string) => status.rules.find((r) => r.recordType === t)!;
    expect(rule('strategy-discussion-records')).toMatchObject({ period: { years: 35, days: 0 }, held: 2 });
    expect(rule('strategy-discussion-records').due).toBeGreaterThanOrEqual(2);
    expect(rule('conference-records').due).toBeGreaterThanOrEqual(1);
    expect(status.lastRun).toBeNull();
  });

  it('destroys exactly what is due, leaves tombstones, and the chain still verifies', async () => {
    const demoMeetings: { id: string }[] = await app.dataSource.query(
      `SELECT id FROM meetings WHERE id <> ALL ($1::uuid[])`,
      [[freshId, heldId, childHeldId]],
    );
    // Creating a meeting for a named child also opens the child's record: those stay with their meetings.
    const demoChildren: { id: string }[] = await app.dataSource.query(
      `SELECT id FROM children c WHERE NOT EXISTS (SELECT 1 FROM meeting_children mc WHERE mc.child_id = c.id AND mc.meeting_id = ANY ($1::uuid[]))`,
      [[freshId, heldId, childHeldId]],
    );
    expect(demoMeetings.length).toBeGreaterThanOrEqual(3);
    const status = await runNowAndWait(admin);
    expect(status.lastRun).toMatchObject({ trigger: 'manual', error: null });

    for (const canary of DEMO_CANARIES)
      expect({ canary, foundIn: await whereFound(canary) }).toEqual({ canary, foundIn: [] });
    // The demo child's subject access request went with the child; the held child's is kept.
    expect(await whereFound(SAR_NOTE)).toEqual(['public.subject_access_redactions.note']);
    expect(await count(`SELECT count(*) AS n FROM subject_access_requests`)).toBe(1);
    // Not due, and held: kept.
    expect(await whereFound(FRESH.child)).not.toEqual([]);
    expect(await whereFound(FRESH.reason)).toContain('public.meetings.reason');
    expect(await whereFound(HELD.child)).not.toEqual([]);
    expect(await whereFound(HELD.reason)).toContain('public.meetings.reason');
    expect(await whereFound(CHILD_HELD.child)).toEqual(expect.arrayContaining(['public.children.name']));
    expect(await whereFound(CHILD_HELD.reason)).toContain('public.meetings.reason');

    const tombstones: { subject_type: string; subject_id: string; record_type: string; rule: object }[] =
      await app.dataSource.query(`SELECT subject_type, subject_id, record_type, rule FROM retention_tombstones`);
    expect(
      tombstones
        .filter((t) => t.subject_type === 'meeting')
        .map((t) => t.subject_id)
        .sort(),
    ).toEqual(demoMeetings.map((m) => m.id).sort());
    expect(
      tombstones
        .filter((t) => t.subject_type === 'child')
        .map((t) => t.subject_id)
        .sort(),
    ).toEqual(demoChildren.map((c) => c.id).sort());
    expect(tombstones.find((t) => t.record_type === 'strategy-discussion-records')?.rule).toEqual({
      recordType: 'strategy-discussion-records',
      years: 35,
      days: 0,
    });
    // The meetings' rows remain as tombstones: the reason says what happened.
    const reasons: { reason: string }[] = await app.dataSource.query(
      `SELECT reason FROM meetings WHERE id = ANY ($1::uuid[])`,
      [demoMeetings.map((m) => m.id)],
    );
    for (const r of reasons) expect(r.reason).toMatch(/^Destroyed on \d{4}-\d{2}-\d{2} under the retention rule for /);

    // The trail: a destruction entry per meeting and child (what, why, which rule); their old entries are tombstones.
    const destroyed: { subject_type: string; details: Record<string, unknown> }[] = await app.dataSource.query(
      `SELECT subject_type, details FROM audit_events WHERE type = 'retention.destroyed' AND subject_type IN ('meeting', 'child')`,
    );
    expect(destroyed).toHaveLength(demoMeetings.length + demoChildren.length);
    expect(destroyed[0]!.details).toMatchObject({
      recordType: expect.any(String),
      years: 35,
      dueAt: expect.any(String),
    });
    expect(
      await count(`SELECT count(*) AS n FROM audit_events WHERE meeting_id = ANY ($1::uuid[])`, [
        demoMeetings.map((m) => m.id),
      ]),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM audit_events WHERE details ? 'tombstone'`)).toBeGreaterThan(10);
    expect(await count(`SELECT count(*) AS n FROM audit_events WHERE meeting_id = $1`, [heldId])).toBeGreaterThan(0);
    const report = await verifyChain();
    expect(report.firstBroken).toBeNull();
    expect(report.ok).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM retention_destruction_gate`)).toBe(0);
  }, 180_000);

  it('refuses an ordinary DELETE or UPDATE on guarded records, and tombstoning outside a run', async () => {
    const head = await auditHead();
    const refused = async (sql: string, params: unknown[] = []) => {
      await expect(app.dataSource.query(sql, params)).rejects.toThrow();
    };
    await refused(`DELETE FROM meeting_document_templates WHERE meeting_id = $1`, [heldId]);
    await refused(`DELETE FROM subject_access_redactions`);
    await refused(`DELETE FROM subject_access_requests WHERE child_id = $1`, [heldChildId]);
    await refused(`UPDATE meetings SET meeting_type = 'icpc' WHERE id = $1`, [heldId]);
    await refused(`DELETE FROM audit_events WHERE seq = $1`, [head]);
    await refused(`UPDATE audit_events SET details = '{}' WHERE seq = $1`, [head]);
    await refused(`SELECT retention_tombstone_audit_entries(ARRAY[$1::bigint], '{"rule":"x"}')`, [head]);
    await refused(`DELETE FROM retention_tombstones`);
    // Even inside an open gate, an audit entry can only become a tombstone, never be deleted or rewritten.
    await expect(
      app.dataSource.transaction(async (m) => {
        await m.query(`SELECT retention_open_destruction(gen_random_uuid())`);
        await m.query(`DELETE FROM audit_events WHERE seq = $1`, [head]);
      }),
    ).rejects.toThrow(/append-only/);
    await expect(
      app.dataSource.transaction(async (m) => {
        await m.query(`SELECT retention_open_destruction(gen_random_uuid())`);
        await m.query(`UPDATE audit_events SET details = '{"harm":"no"}' WHERE seq = $1`, [head]);
      }),
    ).rejects.toThrow(/tombstone/);
    expect(
      await count(`SELECT count(*) AS n FROM meeting_document_templates WHERE meeting_id = $1`, [heldId]),
    ).toBeGreaterThan(0);
    expect((await verifyChain()).firstBroken).toBeNull();
  });

  it('lifts the hold (audited, once); refuses a hold on what is gone', async () => {
    expect(await post(`/admin/legal-holds/${hold.id}/lift`, { reason: 'x' })).toMatchObject({ status: 400 });
    const lifted = await post(`/admin/legal-holds/${hold.id}/lift`, { reason: 'The proceedings have concluded.' });
    expect(lifted).toMatchObject({
      status: 200,
      body: { liftedBy: 'Ada Admin', liftReason: 'The proceedings have concluded.' },
    });
    expect(
      await post(`/admin/legal-holds/${hold.id}/lift`, { reason: 'The proceedings have concluded.' }),
    ).toMatchObject({
      status: 409,
    });
    const [demo] = (await app.dataSource.query(
      `SELECT subject_id AS id FROM retention_tombstones WHERE subject_type = 'meeting' LIMIT 1`,
    )) as {
      id: string;
    }[];
    expect(
      await post('/admin/legal-holds', {
        subjectType: 'meeting',
        subjectId: demo!.id,
        reason: 'Too late for this one',
      }),
    ).toMatchObject({ status: 409 });
    const types: { type: string }[] = await app.dataSource.query(
      `SELECT type FROM audit_events WHERE type LIKE 'legal-hold.%' ORDER BY seq`,
    );
    expect(types.map((t) => t.type)).toEqual(['legal-hold.placed', 'legal-hold.placed', 'legal-hold.lifted']);
  });

  it('destroys the rest when the Clock moves on: the fresh meeting, the one no longer held, old sign-ins', async () => {
    // An in-app notification of no meeting (test seeding): past the outbox-and-notifications period once the Clock moves.
    await app.dataSource.query(
      `INSERT INTO notifications (user_id, kind, title, meeting_id, link, created_at)
       VALUES ($1, 'action-overdue', 'Canarynote: an action you own is overdue', NULL, '/', now())`,
      [admin.user.id],
    );
    app.get(Clock).advanceForTests(36 * YEAR_MS);
    const worker = await app.createUser({ isAdmin: true, agency: 'other', displayName: 'Later Admin' });
    const status = await runNowAndWait(worker);
    expect(status.lastRun?.error).toBeNull();
    expect(status.lastRun?.destroyed).toMatchObject({
      'strategy-discussion-records': 2,
      'login-attempts': expect.any(Number),
    });
    for (const canary of [
      FRESH.child,
      FRESH.reason,
      HELD.child,
      HELD.reason,
      DEMO_MEETING.reference + 'x',
      'Canarynote',
    ]) {
      expect({ canary, foundIn: await whereFound(canary) }).toEqual({ canary, foundIn: [] });
    }
    // The child under a hold, and the meeting about them, are still kept.
    expect(await whereFound(CHILD_HELD.child)).toEqual(expect.arrayContaining(['public.children.name']));
    expect(await whereFound(CHILD_HELD.reason)).toContain('public.meetings.reason');
    // Sign-ins past their period (400 days by the moved Clock) are tombstones; the one after the run is not.
    expect(
      await count(`SELECT count(*) AS n FROM audit_events WHERE type = 'auth.sign-in' AND NOT (details ? 'tombstone')`),
    ).toBe(1);
    expect((await verifyChain()).firstBroken).toBeNull();
    // And the partner's own check, from the command line, with the checkpoints kept before any destruction.
    const verified = await run(
      process.execPath,
      [
        VERIFY_CLI,
        '--database-url',
        database.url,
        '--public-key',
        partnerFiles.key,
        '--checkpoints',
        partnerFiles.checkpoints,
      ],
      { env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    expect(verified.stdout).toContain('Audit trail intact.');
  }, 180_000);

  it('skips a meeting held while the run waited for it (the hold is read again after the lock)', async () => {
    // The Clock is 36 years on: a meeting made now is already due.
    const chair = await app.createUser({ displayName: 'Rae Chair' });
    const { meeting } = await app.createMeeting(chair, [], {
      reason: RACE.reason,
      children: [{ name: RACE.child, dateOfBirth: '2017-01-01' }],
    });
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let running: Promise<unknown> | undefined;
    try {
      const repository = app.get(RetentionRepository);
      expect(await repository.lockSubject(runner.manager, 'meeting', meeting.id)).toBe(true);
      await repository.insertHold(runner.manager, {
        subjectType: 'meeting',
        subjectId: meeting.id,
        reason: 'Placed while the run waits for the meeting',
        placedBy: admin.user.id,
        placedAt: new Date(),
      });
      running = app.get(RetentionService).run('manual');
      // The run found the meeting due (the hold is not committed) and waits for its row.
      await eventually(
        async () =>
          expect(
            await count(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            ),
          ).toBeGreaterThan(0),
        30_000,
      );
      await runner.commitTransaction();
      await running;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await running?.catch(() => undefined);
    }
    expect(await whereFound(RACE.reason)).toContain('public.meetings.reason');
    expect(await whereFound(RACE.child)).not.toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM retention_tombstones WHERE subject_id = $1`, [meeting.id])).toBe(0);
  }, 120_000);
});
