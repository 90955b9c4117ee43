import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AuditConsistencyProofResponseSchema,
  AuditInclusionProofResponseSchema,
  type AuditInclusionProofResponse,
} from '@roundtable/shared/audit';
import fc from 'fast-check';
import { Client } from 'pg';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { mth, path as inclusionPath, proof, readCheckpointNote } from '../../../test/support/rfc9162-checker';
import type { TestUser } from '../../../test/support/test-app';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import { AuditTreeService } from '../trail/audit-tree.service';
import { AuditService } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { signTreeCheckpoint } from '../trail/tree-checkpoint';
import { leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from '../trail/merkle-tree';
import { tileIndexPath } from '../trail/tlog-tiles';
import { AUDITORS_ONLY } from './auditor.guard';

const hex = (b: Buffer): string => b.toString('hex');
const run = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../dist/cli/audit-verify.js');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

describeOnOneDatabase('audit trail Merkle tree API', (ctx) => {
  let auditor: TestUser;
  let auditorCookie: string;
  let otherCookie: string;
  let publicKey: ReturnType<typeof createPublicKey>;
  let superuser: Client;
  /** Checkpoint sizes signed while the test added entries. */
  const sizes: number[] = [];

  const get = (url: string, cookie = auditorCookie) => ctx.app.request('GET', url, { cookie });
  /** Every entry's chain hash, leaf data in seq order, straight from the table. */
  const chainHashes = async (): Promise<Buffer[]> =>
    ((await superuser.query(`SELECT hash FROM audit_events ORDER BY seq`)).rows as { hash: Buffer }[]).map(
      (r) => r.hash,
    );
  const headSeq = async () =>
    Number((await superuser.query(`SELECT coalesce(max(seq), 0) AS s FROM audit_events`)).rows[0].s);
  const record = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        ctx.app.get(AuditService).recordAlone({ type: 'audit.viewed', details: { view: 'tree-test', i } }),
      ),
    );

  beforeAll(async () => {
    superuser = new Client({ connectionString: ctx.database.url });
    superuser.on('error', () => undefined);
    await superuser.connect();
    auditor = await ctx.app.createUser({ agency: 'other', isAuditor: true, displayName: 'Tree Reviewer' });
    auditorCookie = await ctx.app.signIn(auditor);
    otherCookie = await ctx.app.signIn(await ctx.app.createUser({ agency: 'police' }));
    const pem = await get('/api/audit/public-key');
    publicKey = createPublicKey(pem.body as string);
    // Many tree sizes: small steps (every shape of small trees), then some larger ones.
    for (const step of [1, 1, 1, 2, 1, 3, 1, 1, 5, 2, 7, 1, 13, 3, 31, 2, 64, 1, 100, 20]) {
      await record(step);
      const checkpoint = await ctx.app.get(AuditCheckpointService).checkpointNow();
      if (checkpoint) sizes.push(checkpoint.treeSize);
    }
  });

  afterAll(async () => {
    await superuser?.end();
  });

  it('stores each complete subtree once, appended by the checkpointer, and the store is append-only', async () => {
    const stored = await ctx.app.get(AuditTreeService).storedSize();
    expect(stored).toBeGreaterThanOrEqual(Math.max(...sizes));
    const { rows } = await superuser.query(`SELECT count(*)::int AS n FROM audit_tree_nodes`);
    // A tree of n leaves has 2n − popcount(n) complete subtrees.
    const popcount = stored.toString(2).replace(/0/g, '').length;
    expect(rows[0].n).toBe(2 * stored - popcount);
    for (const sql of [
      `UPDATE audit_tree_nodes SET hash = hash WHERE level = 0 AND idx = 0`,
      `DELETE FROM audit_tree_nodes WHERE level = 0 AND idx = 0`,
      `TRUNCATE audit_tree_nodes`,
      `UPDATE audit_checkpoints SET note = note`,
    ]) {
      await expect(superuser.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('serves the latest checkpoint as a C2SP signed note whose root is the RFC 9162 root of the trail', async () => {
    const res = await get('/api/audit/checkpoint');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = readCheckpointNote(res.body as string, publicKey);
    expect(note.origin).toBe(ctx.app.get(AuditCheckpointService).origin);
    expect(note.origin).toMatch(/^[^/\s+]+(\/[^\s+]*)?\/audit$/);
    expect(note.size).toBeGreaterThanOrEqual(Math.max(...sizes));
    const leaves = (await chainHashes()).slice(0, note.size);
    expect(hex(note.root)).toBe(hex(mth(leaves)));
    const { rows } = await superuser.query(
      `SELECT details FROM audit_events WHERE type = 'audit.viewed' AND actor_user_id = $1 ORDER BY seq DESC LIMIT 1`,
      [auditor.user.id],
    );
    expect(rows[0].details).toEqual({ view: 'checkpoint', treeSize: note.size });
  });

  it('inclusion proofs from the API equal the RFC 9162 PATH for every checkpoint size, and verify against the signed root', async () => {
    const all = await chainHashes();
    const checked: number[] = [];
    for (const size of sizes) {
      const leaves = all.slice(0, size);
      const root = mth(leaves);
      // First, last, middle and a random entry of each checkpoint.
      const seqs = new Set([1, size, Math.ceil(size / 2), 1 + Math.floor(Math.random() * size)]);
      for (const seq of seqs) {
        const res = await get(`/api/audit/entries/${seq}/proof?size=${size}`);
        expect({ seq, size, status: res.status }).toEqual({ seq, size, status: 200 });
        const body = AuditInclusionProofResponseSchema.parse(res.body);
        expect(body).toMatchObject({ seq, leafIndex: seq - 1, treeSize: size, entryHash: hex(all[seq - 1]!) });
        expect(body.leafHash).toBe(hex(leafHash(all[seq - 1]!)));
        expect(body.proof).toEqual(inclusionPath(seq - 1, leaves).map(hex));
        expect(body.rootHash).toBe(hex(root));
        const note = readCheckpointNote(body.checkpoint, publicKey);
        expect({ size: note.size, root: hex(note.root) }).toEqual({ size, root: hex(root) });
        expect(verifyInclusion(seq - 1, size, unhex(body.leafHash), body.proof.map(unhex), note.root)).toBe(true);
        checked.push(seq);
      }
    }
    expect(checked.length).toBeGreaterThan(sizes.length);
    // Without size: against the latest checkpoint.
    const latest = await get('/api/audit/entries/1/proof');
    expect(latest.status).toBe(200);
    expect((latest.body as AuditInclusionProofResponse).treeSize).toBeGreaterThanOrEqual(Math.max(...sizes));
  });

  it('consistency proofs between any two checkpoints equal the RFC 9162 PROOF and verify (property)', async () => {
    const all = await chainHashes();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sizes.length - 1 }),
        fc.integer({ min: 0, max: sizes.length - 1 }),
        async (a, b) => {
          const [from, to] = [sizes[Math.min(a, b)]!, sizes[Math.max(a, b)]!];
          const res = await get(`/api/audit/consistency?from=${from}&to=${to}`);
          expect(res.status).toBe(200);
          const body = AuditConsistencyProofResponseSchema.parse(res.body);
          expect(body.proof).toEqual(proof(from, all.slice(0, to)).map(hex));
          const older = readCheckpointNote(body.fromCheckpoint, publicKey);
          const newer = readCheckpointNote(body.toCheckpoint, publicKey);
          expect(hex(older.root)).toBe(hex(mth(all.slice(0, from))));
          expect(hex(newer.root)).toBe(hex(mth(all.slice(0, to))));
          expect(verifyConsistency(from, to, older.root, newer.root, body.proof.map(unhex))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
    const toLatest = await get(`/api/audit/consistency?from=${sizes[0]}`);
    expect(toLatest.status).toBe(200);
  });

  it('serves C2SP tlog-tiles from which a mirror recomputes every signed root', async () => {
    const all = await chainHashes();
    const size = Math.max(...sizes);
    const fetchTile = async (url: string): Promise<Buffer> => {
      const res = await fetch(ctx.app.url + url, { headers: { cookie: auditorCookie } });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      return Buffer.from(await res.arrayBuffer());
    };
    // Level 0 (leaf hashes) and the entry bundles, full tiles then the partial last one.
    const leafHashes: Buffer[] = [];
    const entries: Buffer[] = [];
    for (let n = 0; n * 256 < size; n++) {
      const width = Math.min(256, size - n * 256);
      const suffix = `${tileIndexPath(n)}${width < 256 ? `.p/${width}` : ''}`;
      const tile = await fetchTile(`/api/audit/tile/0/${suffix}`);
      expect(tile.length).toBe(32 * width);
      for (let i = 0; i < width; i++) leafHashes.push(tile.subarray(32 * i, 32 * i + 32));
      const bundle = await fetchTile(`/api/audit/tile/entries/${suffix}`);
      for (let at = 0; at < bundle.length; at += 2 + bundle.readUInt16BE(at))
        entries.push(bundle.subarray(at + 2, at + 2 + bundle.readUInt16BE(at)));
    }
    expect(entries.map(hex)).toEqual(all.slice(0, size).map(hex));
    expect(leafHashes.map(hex)).toEqual(all.slice(0, size).map((d) => hex(leafHash(d))));
    for (const s of sizes) expect(hex(rootFromLeafHashes(leafHashes.slice(0, s)))).toBe(hex(mth(all.slice(0, s))));
    // A level-1 tile holds the hashes of complete 256-leaf subtrees.
    expect(size).toBeGreaterThanOrEqual(256);
    const level1 = await fetchTile(`/api/audit/tile/1/000.p/${Math.floor(size / 256)}`);
    expect(hex(level1.subarray(0, 32))).toBe(hex(mth(all.slice(0, 256))));
    for (const url of [
      `/api/audit/tile/0/${tileIndexPath(Math.ceil(size / 256) + 5)}`,
      '/api/audit/tile/0/1',
      '/api/audit/tile/8/000',
      '/api/audit/tile/0/000.p/0',
      '/api/audit/tile/entries/x000/001',
      '/api/audit/tile',
    ]) {
      const res = await get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
    }
  });

  it('answers bad input with a clear 400 or 404 and records nothing', async () => {
    const before = await headSeq();
    const notCheckpoint = Math.max(...sizes) + 1_000;
    const cases: [string, number, RegExp][] = [
      ['/api/audit/entries/abc/proof', 404, /no audit entry/],
      ['/api/audit/entries/0/proof', 404, /no audit entry/],
      ['/api/audit/entries/-1/proof', 404, /no audit entry/],
      ['/api/audit/entries/99999999/proof', 404, /not covered by a signed checkpoint/],
      [`/api/audit/entries/${sizes[1]! + 1}/proof?size=${sizes[1]}`, 400, /not in the checkpoint/],
      [`/api/audit/entries/1/proof?size=${notCheckpoint}`, 404, /no signed checkpoint of/],
      ['/api/audit/entries/1/proof?size=abc', 400, /size must be the tree size/],
      ['/api/audit/entries/1/proof?size=0', 400, /size must be the tree size/],
      ['/api/audit/entries/1/proof?other=1', 400, /other/],
      ['/api/audit/consistency', 400, /from/],
      [`/api/audit/consistency?from=${sizes[2]}&to=${sizes[1]}`, 400, /from must not be larger than to/],
      [`/api/audit/consistency?from=${notCheckpoint}`, 404, /no signed checkpoint of/],
      [`/api/audit/consistency?from=${sizes[0]}&to=1.5`, 400, /to must be the tree size/],
    ];
    for (const [url, status, message] of cases) {
      const res = await get(url);
      expect({ url, status: res.status }).toEqual({ url, status });
      expect({ url, message: (res.body as { message: string }).message }).toEqual({
        url,
        message: expect.stringMatching(message),
      });
    }
    expect(await headSeq()).toBe(before);
  });

  it('refuses the tree routes to a non-auditor, recording each refusal', async () => {
    const before = await headSeq();
    const urls = [
      '/api/audit/checkpoint',
      '/api/audit/entries/1/proof',
      '/api/audit/consistency?from=1',
      '/api/audit/tile/0/000.p/1',
    ];
    for (const url of urls) {
      const res = await get(url, otherCookie);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expect(res.body).toMatchObject({ code: 'Forbidden', message: AUDITORS_ONLY });
    }
    const { rows } = await superuser.query(`SELECT type, outcome FROM audit_events WHERE seq > $1 ORDER BY seq`, [
      before,
    ]);
    expect(rows).toEqual(urls.map(() => ({ type: 'access.refused', outcome: 'refused' })));
  });

  it('npm run audit:verify checks every signed note against the recomputed tree, and names a forked root', async () => {
    const keyFile = path.join(os.tmpdir(), `roundtable-tree-pub-${process.pid}-${ctx.kind}.pem`);
    await writeFile(keyFile, (await get('/api/audit/public-key')).body as string);
    const verify = () =>
      run(process.execPath, [CLI, '--database-url', ctx.database.url, '--public-key', keyFile, '--json'], {
        env: { ...process.env, LOG_LEVEL: 'silent' },
      }).then(
        ({ stdout }) => ({ code: 0, report: JSON.parse(stdout) as { ok: boolean; firstBroken: unknown } }),
        (error: { code: number; stdout: string }) => ({ code: error.code, report: JSON.parse(error.stdout) }),
      );
    expect(await verify()).toMatchObject({ code: 0, report: { ok: true, firstBroken: null } });

    // The log key signs a different root for one checkpoint (a fork shown to someone): the chain head still matches.
    const size = sizes[4]!;
    const forkRoot = mth([...(await chainHashes()).slice(0, size - 1), Buffer.alloc(32, 1)]);
    const { privateKey } = ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    const note = signTreeCheckpoint(privateKey, ctx.app.get(AuditCheckpointService).origin, size, forkRoot);
    await superuser.query(`ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only`);
    const stored = (await superuser.query(`SELECT note, root_hash FROM audit_checkpoints WHERE tree_size = $1`, [size]))
      .rows[0] as { note: string; root_hash: Buffer };
    const [original, originalRoot] = [stored.note, stored.root_hash];
    await superuser.query(`UPDATE audit_checkpoints SET note = $2, root_hash = $3 WHERE tree_size = $1`, [
      size,
      note,
      forkRoot,
    ]);
    try {
      const forked = await verify();
      expect(forked).toMatchObject({
        code: 1,
        report: { ok: false, firstBroken: { seq: size, kind: 'checkpoint-mismatch' } },
      });
      // A root edited without the key: the note's signature no longer holds.
      await superuser.query(`UPDATE audit_checkpoints SET note = replace(note, $2, $3) WHERE tree_size = $1`, [
        size,
        forkRoot.toString('base64'),
        Buffer.from(originalRoot).toString('base64'),
      ]);
      await superuser.query(`UPDATE audit_checkpoints SET root_hash = $2 WHERE tree_size = $1`, [size, originalRoot]);
      expect(await verify()).toMatchObject({
        code: 1,
        report: { firstBroken: { seq: size, kind: 'checkpoint-forged' } },
      });
    } finally {
      await superuser.query(`UPDATE audit_checkpoints SET note = $2, root_hash = $3 WHERE tree_size = $1`, [
        size,
        original,
        originalRoot,
      ]);
      await superuser.query(`ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_append_only`);
    }
    expect(await verify()).toMatchObject({ code: 0, report: { ok: true } });
  });

  it('a tampered stored hash yields proofs that fail against the signed root', async () => {
    const size = Math.max(...sizes);
    const all = await chainHashes();
    const before = AuditInclusionProofResponseSchema.parse((await get(`/api/audit/entries/4/proof?size=${size}`)).body);
    const checkpoint = readCheckpointNote(before.checkpoint, publicKey);
    expect(verifyInclusion(3, size, leafHash(all[3]!), before.proof.map(unhex), checkpoint.root)).toBe(true);
    // Superuser-only: rewrite leaf 3's stored hash behind the append-only trigger.
    await superuser.query(`ALTER TABLE audit_tree_nodes DISABLE TRIGGER audit_tree_nodes_append_only`);
    await superuser.query(`UPDATE audit_tree_nodes SET hash = sha256(hash) WHERE level = 0 AND idx = 2`);
    await superuser.query(`ALTER TABLE audit_tree_nodes ENABLE TRIGGER audit_tree_nodes_append_only`);
    // Entry 4's proof now carries the altered sibling; entry 3's own leaf no longer matches its entry.
    const four = AuditInclusionProofResponseSchema.parse((await get(`/api/audit/entries/4/proof?size=${size}`)).body);
    expect(four.proof).not.toEqual(inclusionPath(3, all.slice(0, size)).map(hex));
    expect(verifyInclusion(3, checkpoint.size, leafHash(all[3]!), four.proof.map(unhex), checkpoint.root)).toBe(false);
    const three = AuditInclusionProofResponseSchema.parse((await get(`/api/audit/entries/3/proof?size=${size}`)).body);
    expect(three.leafHash).not.toBe(hex(leafHash(unhex(three.entryHash))));
    expect(
      verifyInclusion(2, checkpoint.size, leafHash(unhex(three.entryHash)), three.proof.map(unhex), checkpoint.root),
    ).toBe(true);
    expect(verifyInclusion(2, checkpoint.size, unhex(three.leafHash), three.proof.map(unhex), checkpoint.root)).toBe(
      false,
    );
  });
});
