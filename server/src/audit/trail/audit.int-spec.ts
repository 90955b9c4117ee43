import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { describeEachDatabase } from '../../../test/support/each-database';
import { checkpointToJson, entryHash, signCheckpoint } from './audit-chain';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditService } from './audit.service';
import { AUDIT_SIGNING_KEY } from './audit.tokens';
import type { AuditSigningKey } from './audit-signing-key';
import { type Query, verifyAuditTrail } from './audit-store';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../dist/cli/audit-verify.js');

describeEachDatabase('audit trail', (ctx) => {
  let key: AuditSigningKey;
  let keyFile: string;
  let superuser: Client;
  const query: Query = async (sql, params) => (await superuser.query(sql, params)).rows;

  /** Runs `tamper` as a superuser with triggers and foreign keys off, verifies, then undoes it. */
  async function verifyTampered(
    tamper: string[],
    kept: ReturnType<typeof signCheckpoint>[] = [],
    publicKey?: KeyObject,
  ) {
    await superuser.query('BEGIN');
    try {
      await superuser.query('SET LOCAL session_replication_role = replica');
      for (const sql of tamper) await superuser.query(sql);
      return await verifyAuditTrail(query, publicKey ?? key.publicKey, kept);
    } finally {
      await superuser.query('ROLLBACK');
    }
  }

  beforeAll(async () => {
    key = ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    keyFile = path.join(os.tmpdir(), `roundtable-audit-pub-${process.pid}-${ctx.kind}.pem`);
    await writeFile(keyFile, key.publicKeyPem);
    superuser = new Client({ connectionString: ctx.database.url });
    // The harness drops the database (terminating this connection) before our afterAll may run.
    superuser.on('error', () => undefined);
    await superuser.connect();
    const user = await ctx.app.createUser({ agency: 'police' });
    const audit = ctx.app.get(AuditService);
    // Concurrent writers still produce one unbroken chain.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.recordAlone({
          type: 'view.recorded',
          actor: { userId: user.user.id, agency: 'police' },
          subject: { type: 'decision', id: `d-${i}` },
          details: { index: i },
        }),
      ),
    );
    await ctx.app.get(AuditCheckpointService).checkpointNow();
  });

  afterAll(async () => {
    await superuser?.end();
  });

  const headSeq = async () => Number((await query('SELECT max(seq) AS s FROM audit_events', []))[0]!.s);
  const waitingOnChainLock = async () =>
    Number(
      (
        await query(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
          [],
        )
      )[0]!.n,
    );

  it('keeps one contiguous chain under concurrent writers and verifies it with its checkpoint', async () => {
    const seqs = (await query('SELECT seq FROM audit_events ORDER BY seq', [])).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const report = await verifyAuditTrail(query, key.publicKey);
    expect(report).toMatchObject({ ok: true, firstBroken: null, checkpointsChecked: 1 });
    expect(report.entriesChecked).toBe(seqs.length);
  });

  it('writes the entries asked for in one tick in one transaction, in order, and loses none for one bad entry', async () => {
    const audit = ctx.app.get(AuditService);
    const user = await ctx.app.createUser({ agency: 'health' });
    const actor = { userId: user.user.id, agency: 'health' as const };
    const before = await headSeq();
    const seqs = await Promise.all(
      [0, 1, 2].map((i) =>
        audit.recordAlone({ type: 'view.recorded', actor, subject: { type: 'decision', id: `t-${i}` } }),
      ),
    );
    expect(seqs).toEqual([before + 1, before + 2, before + 3]);
    const rows = await query('SELECT subject_id, occurred_at FROM audit_events WHERE seq > $1 ORDER BY seq', [before]);
    expect(rows.map((r) => r.subject_id)).toEqual(['t-0', 't-1', 't-2']);

    // An actor that is not a user breaks the shared INSERT (foreign key): the others are still written, alone.
    const results = await Promise.allSettled([
      audit.recordAlone({ type: 'view.recorded', actor, subject: { type: 'decision', id: 'kept-1' } }),
      audit.recordAlone({
        type: 'view.recorded',
        actor: { userId: '00000000-0000-4000-8000-00000000dead', agency: 'health' },
        subject: { type: 'decision', id: 'refused' },
      }),
      audit.recordAlone({ type: 'view.recorded', actor, subject: { type: 'decision', id: 'kept-2' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const kept = await query(`SELECT subject_id FROM audit_events WHERE seq > $1 ORDER BY seq`, [before + 3]);
    expect(kept.map((r) => r.subject_id).sort()).toEqual(['kept-1', 'kept-2']);
    expect(await verifyAuditTrail(query, key.publicKey)).toMatchObject({ ok: true, firstBroken: null });
    // The tests below expect the latest checkpoint to cover the head.
    await ctx.app.get(AuditCheckpointService).checkpointNow();
  });

  it('keeps one shared transaction in flight: entries asked for while it waits for the chain lock go in the next one', async () => {
    const audit = ctx.app.get(AuditService);
    const user = await ctx.app.createUser({ agency: 'education' });
    const actor = { userId: user.user.id, agency: 'education' as const };
    const before = await headSeq();
    // Another writer holds the chain lock, so the first shared transaction waits for it.
    const holder = new Client({ connectionString: ctx.database.url });
    await holder.connect();
    const written: Promise<number>[] = [];
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('roundtable:audit-chain', 0))`);
      written.push(audit.recordAlone({ type: 'view.recorded', actor, subject: { type: 'decision', id: 'g-0' } }));
      while ((await waitingOnChainLock()) === 0) await new Promise((resolve) => setImmediate(resolve));
      // Three more, each in an event-loop turn of its own, while the first waits.
      for (const id of ['g-1', 'g-2', 'g-3']) {
        written.push(audit.recordAlone({ type: 'view.recorded', actor, subject: { type: 'decision', id } }));
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    expect(await Promise.all(written)).toEqual([before + 1, before + 2, before + 3, before + 4]);
    // xmin: the transaction that inserted the row. The first entry's, then one for the three others.
    const rows = await query('SELECT subject_id, xmin::text AS tx FROM audit_events WHERE seq > $1 ORDER BY seq', [
      before,
    ]);
    expect(rows.map((r) => r.subject_id)).toEqual(['g-0', 'g-1', 'g-2', 'g-3']);
    expect(new Set(rows.map((r) => r.tx)).size).toBe(2);
    expect(rows[1]!.tx).toBe(rows[3]!.tx);
    expect(await verifyAuditTrail(query, key.publicKey)).toMatchObject({ ok: true, firstBroken: null });
    // The tests below expect the latest checkpoint to cover the head.
    await ctx.app.get(AuditCheckpointService).checkpointNow();
  });

  it('reads the head once the chain lock is granted: a writer that waited for it chains after the entry of the one that held it', async () => {
    const audit = ctx.app.get(AuditService);
    const user = await ctx.app.createUser({ agency: 'health' });
    const actor = { userId: user.user.id, agency: 'health' as const };
    const before = await headSeq();
    let lockTaken = () => undefined as void;
    const locked = new Promise<void>((resolve) => (lockTaken = resolve));
    let commit = () => undefined as void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    // An audited change holds the chain lock, its entry written but not yet committed.
    const holder = ctx.app.dataSource.transaction(async (tx) => {
      const seq = await audit.record(tx, { type: 'view.recorded', actor, subject: { type: 'decision', id: 'h-0' } });
      lockTaken();
      await committing;
      return seq;
    });
    await locked;
    const waiter = audit.recordAlone({ type: 'view.recorded', actor, subject: { type: 'decision', id: 'h-1' } });
    while ((await waitingOnChainLock()) === 0) await new Promise((resolve) => setImmediate(resolve));
    commit();
    // Read with a snapshot from before the lock was granted, the waiter would take seq before + 1 again.
    expect(await holder).toBe(before + 1);
    expect(await waiter).toBe(before + 2);
    expect(await verifyAuditTrail(query, key.publicKey)).toMatchObject({ ok: true, firstBroken: null });
    await ctx.app.get(AuditCheckpointService).checkpointNow();
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even through the application connection', async () => {
    for (const sql of [
      `UPDATE audit_events SET outcome = 'refused' WHERE seq = 1`,
      `DELETE FROM audit_events WHERE seq = 1`,
      `TRUNCATE audit_events CASCADE`,
      `DELETE FROM audit_checkpoints`,
    ]) {
      await expect(ctx.app.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('refuses a fork or a gap at the database (each entry must link to its predecessor)', async () => {
    const head = await headSeq();
    const insert = (seq: number, prevSeq: number) =>
      query(
        `INSERT INTO audit_events (seq, occurred_at, type, outcome, prev_hash, hash)
         SELECT $1, now(), 'auth.sign-in', 'success', hash, decode(repeat('ab', 32), 'hex') FROM audit_events WHERE seq = $2`,
        [seq, prevSeq],
      );
    await expect(insert(head + 1, head - 1)).rejects.toThrow(/foreign key/);
    await expect(insert(head + 2, head)).rejects.toThrow(/foreign key/);
  });

  it('names an altered entry', async () => {
    const report = await verifyTampered([`UPDATE audit_events SET details = '{"index": 99}' WHERE seq = 7`]);
    expect(report.firstBroken).toMatchObject({ seq: 7, kind: 'altered' });
  });

  it('names a deleted entry', async () => {
    const report = await verifyTampered([`DELETE FROM audit_events WHERE seq = 12`]);
    expect(report.firstBroken).toMatchObject({ seq: 12, kind: 'missing' });
  });

  it('names an inserted entry, even when the rest are renumbered to make room', async () => {
    const report = await verifyTampered([
      `UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 20`,
      `UPDATE audit_checkpoints SET tree_size = tree_size + 1`,
      `UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1020`,
      `INSERT INTO audit_events (seq, occurred_at, type, outcome, prev_hash, hash, details)
         SELECT 20, now(), 'auth.sign-in', 'success', hash, decode(repeat('cd', 32), 'hex'), '{}' FROM audit_events WHERE seq = 19`,
    ]);
    // The forger could not produce a matching hash, so the slipped-in entry itself is named.
    expect(report.firstBroken).toMatchObject({ seq: 20, kind: 'altered' });
  });

  it('names a rewritten entry whose hash was recomputed', async () => {
    const [row] = await query(
      `SELECT seq, occurred_at, type, outcome, actor_user_id, actor_agency, meeting_id, subject_type, subject_id, details, prev_hash
         FROM audit_events WHERE seq = 5`,
      [],
    );
    const changed = {
      seq: 5,
      occurredAt: new Date(row!.occurred_at as Date).toISOString(),
      type: 'view.recorded' as const,
      outcome: 'refused' as const,
      actorUserId: row!.actor_user_id as string,
      actorAgency: 'police' as const,
      meetingId: null,
      subjectType: row!.subject_type as string,
      subjectId: row!.subject_id as string,
      details: row!.details as { index: number },
    };
    const hash = entryHash(row!.prev_hash as Buffer, changed).toString('hex');
    const report = await verifyTampered([
      `UPDATE audit_events SET outcome = 'refused', hash = decode('${hash}', 'hex') WHERE seq = 5`,
    ]);
    expect(report.firstBroken).toMatchObject({ seq: 5, kind: 'rewritten' });
  });

  it('catches a truncated tail against a checkpoint kept outside the database', async () => {
    const kept = (await ctx.app.get(AuditCheckpointService).list()).at(-1)!;
    const head = await headSeq();
    const report = await verifyTampered(
      [`DELETE FROM audit_checkpoints`, `DELETE FROM audit_events WHERE seq > ${head - 3}`],
      [kept],
    );
    expect(report.firstBroken).toMatchObject({ seq: head - 2, kind: 'truncated' });
  });

  it('refuses a forged checkpoint and a checkpoint checked with the wrong key', async () => {
    const head = await headSeq();
    const [row] = await query('SELECT hash FROM audit_events WHERE seq = 10', []);
    const forger = generateKeyPairSync('ed25519').privateKey;
    const forged = signCheckpoint(forger, 10, row!.hash as Buffer, new Date().toISOString());
    const report = await verifyTampered([
      `INSERT INTO audit_checkpoints (tree_size, head_hash, signed_at, key_id, signature)
         VALUES (10, decode('${forged.headHash.toString('hex')}', 'hex'), now(), '${key.keyId}', decode('${forged.signature.toString('hex')}', 'hex'))`,
    ]);
    expect(report.firstBroken).toMatchObject({ seq: 10, kind: 'checkpoint-forged' });

    const wrongKey = createPublicKey(forger);
    const withWrongKey = await verifyTampered([], [], wrongKey);
    // The earliest checkpoint is the first one the wrong key cannot verify.
    const [earliest] = await ctx.app.get(AuditCheckpointService).list();
    expect(earliest!.treeSize).toBeLessThan(head);
    expect(withWrongKey.firstBroken).toMatchObject({ seq: earliest!.treeSize, kind: 'checkpoint-forged' });
    expect(withWrongKey.firstBroken?.message).toContain('the key given is');
  });

  it('verifies from the command line with only the database URL and the public key', async () => {
    const intact = await run(process.execPath, [CLI, '--database-url', ctx.database.url, '--public-key', keyFile], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    expect(intact.stdout).toContain('Audit trail intact.');

    const kept = path.join(os.tmpdir(), `roundtable-kept-${process.pid}-${ctx.kind}.json`);
    await writeFile(kept, JSON.stringify((await ctx.app.get(AuditCheckpointService).list()).map(checkpointToJson)));
    // Committed tampering, last in this file: this database is thrown away afterwards.
    await superuser.query('SET session_replication_role = replica');
    await superuser.query(`UPDATE audit_events SET details = '{"index": -1}' WHERE seq = 3`);
    await superuser.query('SET session_replication_role = DEFAULT');
    const broken = await run(
      process.execPath,
      [CLI, '--database-url', ctx.database.url, '--public-key', keyFile, '--checkpoints', kept],
      { env: { ...process.env, LOG_LEVEL: 'silent' } },
    ).catch((error: { code: number; stdout: string }) => error);
    expect(broken).toMatchObject({ code: 1 });
    expect(broken.stdout).toContain('First broken entry: 3 (entry 3 was altered');
  });
});
