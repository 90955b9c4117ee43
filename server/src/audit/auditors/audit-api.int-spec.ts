import { execFile } from 'node:child_process';
import { createPublicKey, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AuditCheckpointsResponseSchema,
  AuditMeetingsResponseSchema,
  AuditPageResponseSchema,
  AuditVerificationResponseSchema,
  type AuditEventResponse,
} from '@roundtable/shared/audit';
import { LIMITS } from '@roundtable/shared/constants';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import type { TestUser } from '../../../test/support/test-app';
import { checkpointFromJson, checkpointSignatureValid, entryHash } from '../trail/audit-chain';
import { CSV_COLUMNS, type AuditJsonExport } from './audit-export';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import { AuditService } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { AUDITORS_ONLY } from './auditor.guard';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../dist/cli/audit-verify.js');

const ROUTES = [
  '/api/audit/events',
  '/api/audit/events?meetingId=not-a-uuid',
  '/api/audit/events/export.csv',
  '/api/audit/events/export.json',
  '/api/audit/verification',
  '/api/audit/checkpoints',
  '/api/audit/public-key',
  '/api/audit/meetings',
];

interface Row {
  seq: string;
  type: string;
  outcome: string;
  actor_user_id: string | null;
  meeting_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

describeOnOneDatabase('auditor API', (ctx) => {
  let auditor: TestUser;
  let auditorCookie: string;
  let chair: TestUser;
  let chairCookie: string;
  let police: TestUser;
  let meetingId: string;
  let superuser: Client;

  const get = (url: string, cookie = auditorCookie) => ctx.app.request('GET', url, { cookie });
  const head = async () =>
    Number(
      ((await ctx.app.dataSource.query(`SELECT coalesce(max(seq), 0) AS s FROM audit_events`)) as { s: string }[])[0]!
        .s,
    );
  const entriesSince = async (seq: number): Promise<Row[]> =>
    (await ctx.app.dataSource.query(
      `SELECT seq, type, outcome, actor_user_id, meeting_id, subject_type, subject_id, details
         FROM audit_events WHERE seq > $1 ORDER BY seq`,
      [seq],
    )) as Row[];
  /** Every page of `query` (newest first), following nextBefore to the end. */
  async function allPages(query: string): Promise<{ events: AuditEventResponse[]; pages: number }> {
    const events: AuditEventResponse[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/audit/events?${query}${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      const page = AuditPageResponseSchema.parse(res.body);
      events.push(...page.events);
      before = page.nextBefore;
      pages++;
    } while (before !== null && pages < 100);
    return { events, pages };
  }

  beforeAll(async () => {
    superuser = new Client({ connectionString: ctx.database.url });
    // The harness drops the database (terminating this connection) before our afterAll may run.
    superuser.on('error', () => undefined);
    await superuser.connect();
    auditor = await ctx.app.createUser({ agency: 'other', isAuditor: true, displayName: 'Partnership Reviewer' });
    auditorCookie = await ctx.app.signIn(auditor);
    chair = await ctx.app.createUser({ agency: 'childrens-social-care' });
    police = await ctx.app.createUser({ agency: 'police' });
    const created = await ctx.app.createMeeting(chair, [{ member: police, role: 'participant' }], {
      reason: 'Canaryreason Quillfeather about the household',
      children: [{ name: 'Canarychild Zebedee', dateOfBirth: '2019-05-01' }, { name: 'Canarysibling Wilhelmina' }],
    });
    meetingId = created.meeting.id;
    chairCookie = created.chairCookie;
    await ctx.app.signIn(police);
  });

  afterAll(async () => {
    await superuser?.end();
  });

  it('refuses every audit route to a non-auditor, before validating, and records each refusal', async () => {
    const from = await head();
    for (const route of ROUTES) {
      const res = await get(route, chairCookie);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
      expect(Object.keys(res.body as object).sort()).toEqual(['code', 'correlationId', 'message']);
      expect(res.body).toMatchObject({ code: 'Forbidden', message: AUDITORS_ONLY });
      expect(res.headers.get('content-disposition')).toBeNull();
    }
    const written = await entriesSince(from);
    expect(written).toHaveLength(ROUTES.length);
    expect(written.every((e) => e.type === 'access.refused' && e.outcome === 'refused')).toBe(true);
    expect(written.every((e) => e.actor_user_id === chair.user.id && e.subject_type === 'audit-trail')).toBe(true);
    expect(written.map((e) => e.subject_id)).toContain('/api/audit/events/export.csv');

    const admin = await ctx.app.createUser({ isAdmin: true });
    const adminRes = await get('/api/audit/events', await ctx.app.signIn(admin));
    expect(adminRes.body).toMatchObject({ code: 'Forbidden', message: AUDITORS_ONLY });
  });

  it('refuses an unauthenticated request', async () => {
    const res = await ctx.app.request('GET', '/api/audit/events');
    expect(res.status).toBe(401);
  });

  it("lists a meeting's events with the actor's name and the meeting reference, and records the view", async () => {
    const res = await get(`/api/audit/events?meetingId=${meetingId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { events, nextBefore } = AuditPageResponseSchema.parse(res.body);
    expect(nextBefore).toBeNull();
    expect(events.map((e) => e.type)).toEqual(['member.added', 'meeting.created']);
    expect(events[1]).toMatchObject({
      actor: { userId: chair.user.id, displayName: chair.user.displayName, agency: 'childrens-social-care' },
      meetingId,
      subjectType: 'meeting',
    });
    expect(events[1]!.meetingReference).toMatch(/^SD-/);
    expect(events[1]!.hash).toMatch(/^[0-9a-f]{64}$/);

    const [viewed] = (await entriesSince((await head()) - 1)) as Row[];
    expect(viewed).toMatchObject({
      type: 'audit.viewed',
      actor_user_id: auditor.user.id,
      details: { view: 'events', filters: { meetingId, limit: 50 }, returned: 2 },
    });
  });

  it('filters by person (what they did and what was done about them), by agency and by outcome', async () => {
    const nurse = await ctx.app.createUser({ agency: 'health' });
    const { meeting } = await ctx.app.createMeeting(chair, [{ member: nurse, role: 'participant' }]);
    await ctx.app.signIn(nurse);
    const byPerson = (await allPages(`userId=${nurse.user.id}&limit=200`)).events;
    expect(byPerson.map((e) => e.type)).toEqual(['auth.sign-in', 'member.added']);
    expect(byPerson[0]).toMatchObject({ actor: { userId: nurse.user.id, agency: 'health' } });
    expect(byPerson[1]).toMatchObject({
      actor: { userId: chair.user.id },
      subjectId: nurse.user.id,
      meetingId: meeting.id,
    });

    const byAgency = (await allPages('agency=police&limit=200')).events;
    expect(byAgency.length).toBeGreaterThan(0);
    expect(byAgency.every((e) => e.actor?.agency === 'police')).toBe(true);

    const refused = (await allPages('outcome=refused&limit=200')).events;
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.outcome === 'refused')).toBe(true);
  });

  it('filters by one type and by several', async () => {
    const one = (await allPages('type=auth.sign-in&limit=200')).events;
    expect(new Set(one.map((e) => e.type))).toEqual(new Set(['auth.sign-in']));
    expect(one.map((e) => e.actor?.userId)).toEqual(expect.arrayContaining([auditor.user.id, police.user.id]));

    const several = (await allPages('type=auth.sign-in&type=member.added&limit=200')).events;
    expect(new Set(several.map((e) => e.type))).toEqual(new Set(['auth.sign-in', 'member.added']));
    const [counted] = (await ctx.app.dataSource.query(
      `SELECT count(*) FILTER (WHERE type = 'auth.sign-in') AS one, count(*) AS several
         FROM audit_events WHERE type IN ('auth.sign-in', 'member.added')`,
    )) as { one: string; several: string }[];
    expect([one.length, several.length]).toEqual([Number(counted!.one), Number(counted!.several)]);
  });

  it('filters by a time range, from inclusive and to exclusive', async () => {
    const all = (await allPages('limit=200')).events.reverse();
    expect(all.length).toBeGreaterThan(6);
    const from = all[2]!.occurredAt;
    const to = all.at(-3)!.occurredAt;
    const expected = all.filter((e) => e.occurredAt >= from && e.occurredAt < to).map((e) => e.seq);
    const inRange = (await allPages(`from=${from}&to=${to}&limit=200`)).events;
    expect(inRange.map((e) => e.seq).reverse()).toEqual(expected);
    expect(inRange.every((e) => e.occurredAt >= from && e.occurredAt < to)).toBe(true);
  });

  it('pages newest first with before until nextBefore is null, without duplicates or gaps', async () => {
    const room = randomUUID();
    const audit = ctx.app.get(AuditService);
    for (let i = 0; i < 20; i++) {
      await audit.recordAlone({
        type: 'room.joined',
        actor: { userId: police.user.id, agency: 'police' },
        meetingId: room,
      });
    }
    const expected = (
      (await ctx.app.dataSource.query(`SELECT seq FROM audit_events WHERE meeting_id = $1 ORDER BY seq DESC`, [
        room,
      ])) as { seq: string }[]
    ).map((r) => Number(r.seq));
    // Entries appended while paging (our own audit.viewed) must not disturb the later pages.
    const { events, pages } = await allPages(`meetingId=${room}&limit=5`);
    expect(pages).toBe(4);
    expect(events.map((e) => e.seq)).toEqual(expected);
    expect(new Set(events.map((e) => e.seq)).size).toBe(20);

    const uneven = await allPages(`meetingId=${room}&limit=6`);
    expect(uneven.pages).toBe(4);
    expect(uneven.events.map((e) => e.seq)).toEqual(expected);
  });

  it.each([
    ['meetingId=not-a-uuid', 'meetingId'],
    ['userId=42', 'userId'],
    ['agency=fire-service', 'agency'],
    ['type=auth.unknown', 'type'],
    ['type=auth.sign-in&type=nope', 'type'],
    ['outcome=maybe', 'outcome'],
    ['from=yesterday', 'from'],
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'from'],
    ['from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', 'to'],
    ['before=-3', 'before'],
    ['limit=0', 'limit'],
    ['limit=10000', 'limit'],
    ['colour=red', 'colour'],
  ])('refuses %s naming %s, and records no view', async (query, field) => {
    const from = await head();
    for (const route of ['/api/audit/events', '/api/audit/events/export.csv', '/api/audit/events/export.json']) {
      const res = await get(`${route}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ValidationFailed');
      const paths = (res.body.fields as { path: string }[]).map((f) => f.path.split('.')[0]);
      expect(paths).toContain(field);
    }
    expect(await entriesSince(from)).toEqual([]);
  });

  it('names the longest allowed range in its refusal', async () => {
    const res = await get('/api/audit/events?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(res.body.message).toContain(`${LIMITS.auditMaxRangeDays} days`);
  });

  it('exports CSV oldest first that parses back, with spreadsheet formulas neutralised', async () => {
    const formulaName = '=HYPERLINK("http://evil.example/","Open")';
    const convenor = await ctx.app.createUser({ agency: 'childrens-social-care', displayName: formulaName });
    await ctx.app.createMeeting(convenor);
    const before = await head();

    const res = await get(`/api/audit/events/export.csv?userId=${convenor.user.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="roundtable-audit-\d{4}-\d\d-\d\dT\d{6}Z\.csv"$/,
    );
    const rows = parse(res.body as string, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const records = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])));
    // Convening records the new child first (docs/PATHWAY.md), in the same transaction.
    expect(records.map((r) => r.type)).toEqual(['auth.sign-in', 'child.created', 'meeting.created']);
    expect(Number(records[0]!.seq)).toBeLessThan(Number(records[1]!.seq));
    expect(records.every((r) => r.actorDisplayName === `'${formulaName}`)).toBe(true);
    expect(records.every((r) => r.actorUserId === convenor.user.id && r.actorAgency === 'childrens-social-care')).toBe(
      true,
    );
    const [stored] = await entriesSince(Number(records[1]!.seq) - 1);
    expect(JSON.parse(records[1]!.details!)).toEqual(stored!.details);
    expect(records[1]!.hash).toMatch(/^[0-9a-f]{64}$/);

    // Recorded before the body was sent.
    expect(await entriesSince(before)).toEqual([
      expect.objectContaining({
        type: 'audit.exported',
        actor_user_id: auditor.user.id,
        details: { format: 'csv', rows: 3, filters: { userId: convenor.user.id } },
      }),
    ]);
  });

  it('exports JSON with the filters, the count, entries a partner can rehash and the latest signed checkpoint', async () => {
    const res = await get(`/api/audit/events/export.json?meetingId=${meetingId}&limit=1&before=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/filename="roundtable-audit-.*Z\.json"$/);
    const body = res.body as AuditJsonExport;
    expect(body).toMatchObject({ format: 'roundtable-audit-export/v1', count: 2 });
    expect(body.filters).toEqual({ meetingId });
    expect(Date.parse(body.exportedAt)).not.toBeNaN();
    expect(body.entries.map((e) => e.type)).toEqual(['meeting.created', 'member.added']);
    for (const entry of body.entries) {
      expect(entryHash(Buffer.from(entry.prevHash, 'hex'), entry).toString('hex')).toBe(entry.hash);
    }
    expect(JSON.stringify(body)).not.toMatch(/Canary/);

    const key = ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    expect(body.publicKeyId).toBe(key.keyId);
    const checkpoint = checkpointFromJson(body.latestCheckpoint!);
    expect(checkpointSignatureValid(key.publicKey, checkpoint)).toBe(true);
    expect(checkpoint.treeSize).toBeGreaterThanOrEqual(body.entries.at(-1)!.seq);

    const [exported] = await entriesSince((await head()) - 1);
    expect(exported).toMatchObject({ type: 'audit.exported', details: { format: 'json', rows: 2 } });
  });

  it('verifies the whole chain, while entries are being appended', async () => {
    const audit = ctx.app.get(AuditService);
    const appends = Promise.all(
      Array.from({ length: 30 }, () =>
        audit.recordAlone({ type: 'room.left', actor: { userId: police.user.id, agency: 'police' } }),
      ),
    );
    const [res] = await Promise.all([get('/api/audit/verification'), appends]);
    expect(res.status).toBe(200);
    const report = AuditVerificationResponseSchema.parse(res.body);
    expect(report).toMatchObject({ ok: true, firstBroken: null, problems: [] });
    expect(report.publicKeyId).toBe((ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey).keyId);
    expect(report.entriesChecked).toBe(report.head!.seq);
    expect(Date.parse(report.verifiedAt)).not.toBeNaN();
  });

  it('reports the first broken entry after tampering, and records each verification', async () => {
    const target = 3;
    const [original] = (await superuser.query(`SELECT details FROM audit_events WHERE seq = $1`, [target])).rows as {
      details: unknown;
    }[];
    const setDetails = async (details: unknown) => {
      await superuser.query('BEGIN');
      await superuser.query('SET LOCAL session_replication_role = replica');
      await superuser.query(`UPDATE audit_events SET details = $1::jsonb WHERE seq = $2`, [
        JSON.stringify(details),
        target,
      ]);
      await superuser.query('COMMIT');
    };
    const from = await head();
    let broken: Awaited<ReturnType<typeof get>>;
    await setDetails({ tampered: true });
    try {
      broken = await get('/api/audit/verification');
    } finally {
      await setDetails(original!.details);
    }
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ ok: false, firstBroken: { seq: target, kind: 'altered' } });

    const restored = await get('/api/audit/verification');
    expect(restored.body).toMatchObject({ ok: true, firstBroken: null });

    const recorded = (await entriesSince(from)).filter((e) => e.type === 'audit.verified');
    expect(recorded.map((e) => [e.actor_user_id, e.details.ok, e.details.firstBrokenSeq])).toEqual([
      [auditor.user.id, false, target],
      [auditor.user.id, true, null],
    ]);
  });

  it('serves the checkpoints and the public key that checks them, usable by npm run audit:verify', async () => {
    await ctx.app.get(AuditCheckpointService).checkpointNow();
    const keyRes = await get('/api/audit/public-key');
    expect(keyRes.status).toBe(200);
    expect(keyRes.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
    expect(keyRes.headers.get('cache-control')).toBe('no-store');
    const pem = keyRes.body as string;
    expect(pem).toContain('BEGIN PUBLIC KEY');

    const res = await get('/api/audit/checkpoints');
    expect(res.status).toBe(200);
    const { checkpoints } = AuditCheckpointsResponseSchema.parse(res.body);
    expect(checkpoints.length).toBeGreaterThan(0);
    const publicKey = createPublicKey(pem);
    expect(checkpoints.every((c) => checkpointSignatureValid(publicKey, checkpointFromJson(c)))).toBe(true);

    const keyFile = path.join(os.tmpdir(), `roundtable-api-pub-${process.pid}-${ctx.kind}.pem`);
    const keptFile = path.join(os.tmpdir(), `roundtable-api-kept-${process.pid}-${ctx.kind}.json`);
    await writeFile(keyFile, pem);
    await writeFile(keptFile, JSON.stringify(res.body));
    const verified = await run(
      process.execPath,
      [CLI, '--database-url', ctx.database.url, '--public-key', keyFile, '--checkpoints', keptFile],
      { env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    expect(verified.stdout).toContain('Audit trail intact.');
  });

  it('lists every meeting as metadata only: no reason, no children’s names', async () => {
    const res = await get('/api/audit/meetings');
    expect(res.status).toBe(200);
    const { meetings } = AuditMeetingsResponseSchema.parse(res.body);
    const listed = meetings.find((m) => m.id === meetingId);
    const [counted] = (await ctx.app.dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE meeting_id = $1`, [
      meetingId,
    ])) as { n: string }[];
    expect(listed).toMatchObject({ memberCount: 2, childCount: 2, eventCount: Number(counted!.n), format: 'online' });
    expect(Object.keys(listed!).sort()).toEqual(
      ['childCount', 'createdAt', 'eventCount', 'format', 'id', 'memberCount', 'reference', 'scheduledAt'].sort(),
    );
    const text = JSON.stringify(res.body);
    for (const canary of ['Canary', 'Zebedee', 'Wilhelmina', 'Quillfeather', 'household', '2019-05-01'])
      expect(text).not.toContain(canary);
  });

  it("shows the auditor's own accesses in the trail, in the order they happened", async () => {
    const from = await head();
    for (const route of [
      '/api/audit/meetings',
      '/api/audit/checkpoints',
      '/api/audit/public-key',
      `/api/audit/events/export.csv?meetingId=${meetingId}`,
      `/api/audit/events/export.json?meetingId=${meetingId}`,
      '/api/audit/verification',
    ]) {
      expect((await get(route)).status).toBe(200);
    }
    const res = await get(
      `/api/audit/events?userId=${auditor.user.id}&type=audit.viewed&type=audit.exported&type=audit.verified&limit=6`,
    );
    const { events } = AuditPageResponseSchema.parse(res.body);
    expect(events.every((e) => e.seq > from)).toBe(true);
    expect(events.every((e) => e.actor?.userId === auditor.user.id && e.actor.agency === 'other')).toBe(true);
    expect(events.reverse().map((e) => [e.type, e.details.view ?? e.details.format ?? null])).toEqual([
      ['audit.viewed', 'meetings'],
      ['audit.viewed', 'checkpoints'],
      ['audit.viewed', 'public-key'],
      ['audit.exported', 'csv'],
      ['audit.exported', 'json'],
      ['audit.verified', null],
    ]);
    const [viewedPage] = await entriesSince((await head()) - 1);
    expect(viewedPage).toMatchObject({ type: 'audit.viewed', details: { view: 'events', returned: 6 } });
  });

  // Last: it appends more than an export may hold (a valid chain, but a large one).
  it('refuses an export over the row limit, asking to narrow the filters, and records nothing', async () => {
    const bulk = randomUUID();
    await appendValidEntries(superuser, LIMITS.auditExportMaxRows + 1, bulk);
    const from = await head();
    const res = await get(`/api/audit/events/export.csv?meetingId=${bulk}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'ValidationFailed' });
    expect(res.body.message).toMatch(/narrow the filters/);
    expect(res.body.message).toContain(String(LIMITS.auditExportMaxRows));
    expect(await entriesSince(from)).toEqual([]);

    const narrowed = await get(`/api/audit/events/export.json?meetingId=${meetingId}`);
    expect(narrowed.status).toBe(200);
  });
});

/**
 * Appends `count` correctly chained `room.joined` entries for `meetingId` in
 * bulk, holding the chain's append lock, as AuditService would one by one.
 */
async function appendValidEntries(client: Client, count: number, meetingId: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('roundtable:audit-chain', 0))`);
    const [last] = (await client.query(`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`)).rows as {
      seq: string;
      hash: Buffer;
    }[];
    let seq = Number(last!.seq);
    let prev: Buffer = Buffer.from(last!.hash);
    const occurredAt = new Date().toISOString();
    for (let done = 0; done < count;) {
      const batch: { seq: number; prev: string; hash: string }[] = [];
      for (; batch.length < 10_000 && done < count; done++) {
        seq++;
        const hash = entryHash(prev, {
          seq,
          occurredAt,
          type: 'room.joined',
          outcome: 'success',
          actorUserId: null,
          actorAgency: null,
          meetingId,
          subjectType: null,
          subjectId: null,
          details: {},
        });
        batch.push({ seq, prev: prev.toString('hex'), hash: hash.toString('hex') });
        prev = hash;
      }
      await client.query(
        `INSERT INTO audit_events (seq, occurred_at, type, outcome, meeting_id, details, prev_hash, hash)
         SELECT s, $1, 'room.joined', 'success', $2, '{}', decode(p, 'hex'), decode(h, 'hex')
           FROM unnest($3::bigint[], $4::text[], $5::text[]) AS t(s, p, h)`,
        [occurredAt, meetingId, batch.map((b) => b.seq), batch.map((b) => b.prev), batch.map((b) => b.hash)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
