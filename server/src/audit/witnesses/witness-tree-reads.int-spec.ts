import { AsyncLocalStorage } from 'node:async_hooks';
import { generateKeyPairSync } from 'node:crypto';
import type { AuditWitness } from '@roundtable/shared/audit';
import type { IssuedServiceTokenResponse } from '@roundtable/shared/integrations';
import fc from 'fast-check';
import { Client } from 'pg';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { mth, path, proof } from '../../../test/support/rfc9162-checker';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import { AuditTreeService } from '../trail/audit-tree.service';
import { AuditService } from '../trail/audit.service';
import { cosign, parseCheckpoint, parseNote, signatureLine } from '../trail/signed-note';
import { TrailTreeReader } from './trail-tree.reader';
import { WitnessLogService } from './witness-log.service';
import { WitnessedConsistencyCheck } from './witnessed-consistency.check';
import { WitnessesService } from './witnesses.service';

/** What one measured call sent to PostgreSQL: statements, and rows that came back. */
interface Reads {
  statements: number;
  rows: number;
  sql: string[];
}

// Counts the statements the app's own pg clients run on behalf of one measured call (and nothing else:
// the checkpointer's timer and other requests run outside the AsyncLocalStorage context).
const measuring = new AsyncLocalStorage<Reads>();
type QueryFn = (...args: unknown[]) => unknown;
const originalQuery = Client.prototype.query as unknown as QueryFn;
function installQueryCounter(): void {
  (Client.prototype as unknown as { query: QueryFn }).query = function (this: Client, ...args: unknown[]) {
    const reads = measuring.getStore();
    if (!reads) return originalQuery.apply(this, args);
    const first = args[0];
    reads.statements += 1;
    reads.sql.push(typeof first === 'string' ? first : String((first as { text?: string })?.text));
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (error: unknown, result: { rows?: unknown[] } | undefined) => {
        reads.rows += result?.rows?.length ?? 0;
        return (last as (e: unknown, r: unknown) => unknown)(error, result);
      };
      return originalQuery.apply(this, args);
    }
    const promise = originalQuery.apply(this, args) as Promise<{ rows?: unknown[] }>;
    return promise.then((result) => {
      reads.rows += result?.rows?.length ?? 0;
      return result;
    });
  };
}

async function measure<T>(work: () => Promise<T>): Promise<{ result: T; reads: Reads }> {
  const reads: Reads = { statements: 0, rows: 0, sql: [] };
  const result = await measuring.run(reads, work);
  return { result, reads };
}

const log2 = (n: number) => Math.ceil(Math.log2(Math.max(n, 2)));

describeOnOneDatabase('witness checks read the stored tree, not the trail', (ctx) => {
  const WITNESS = 'health.example-witness';
  const witnessKey = generateKeyPairSync('ed25519');
  let account: IssuedServiceTokenResponse;

  const checkpoints = () => ctx.app.get(AuditCheckpointService);
  const reader = () => ctx.app.get(TrailTreeReader);

  /** Appends `count` entries, many per transaction (requests in one event-loop turn share one). */
  async function addEntries(count: number): Promise<void> {
    const audit = ctx.app.get(AuditService);
    for (let done = 0; done < count; done += 250) {
      const batch = Math.min(250, count - done);
      await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          audit.recordAlone({ type: 'audit.viewed', actor: null, details: { view: 'test', index: done + i } }),
        ),
      );
    }
  }

  /** Every entry's chain hash, read in full: what the from-scratch checker builds its trees from. */
  async function chainHashes(): Promise<Buffer[]> {
    const rows = (await ctx.app.dataSource.query(`SELECT hash FROM audit_events ORDER BY seq`)) as { hash: Buffer }[];
    return rows.map((r) => Buffer.from(r.hash));
  }

  async function signHead(): Promise<number> {
    await checkpoints().checkpointNow();
    return ctx.app.get(AuditTreeService).storedSize();
  }

  beforeAll(async () => {
    installQueryCounter();
    const admin = await ctx.app.createUser({ isAdmin: true, agency: 'other' });
    const adminCookie = await ctx.app.signIn(admin);
    account = await ctx.app.createServiceAccount(adminCookie, {
      name: 'Health witness',
      agency: 'health',
      organisation: 'Testshire ICB',
      scopes: ['audit:witness'],
    });
    const registered = await ctx.app.request('POST', '/api/admin/witnesses', {
      cookie: adminCookie,
      body: {
        name: WITNESS,
        agency: 'health',
        serviceAccountId: account.serviceAccount.id,
        publicKey: witnessKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    expect(registered.status).toBe(201);
    expect((registered.body as AuditWitness).status).toBe('active');
  });

  afterAll(() => {
    (Client.prototype as unknown as { query: QueryFn }).query = originalQuery;
  });

  it('gives the same roots and consistency and inclusion proofs from stored nodes as RFC 9162 from scratch, at every size', async () => {
    // The tree grows as it does in production: the checkpointer extends the stored nodes in uneven steps.
    const sizes: number[] = [];
    for (const step of [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 127, 256, 1, 300]) {
      await addEntries(step);
      sizes.push(await signHead());
    }
    const data = await chainHashes();
    const stored = sizes[sizes.length - 1]!;
    expect(data.length).toBeGreaterThanOrEqual(stored);
    const tree = ctx.app.get(AuditTreeService);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: stored }), fc.integer({ min: 0, max: stored }), async (a, b) => {
        // RFC 9162 defines PROOF(m, D[n]) for 0 < m ≤ n; from the empty tree the app answers an empty proof.
        const [m, n] = a <= b ? [a, b] : [b, a];
        const scratch = data.slice(0, n);
        const proved = await reader().consistency(m, n);
        if (typeof proved === 'string') throw new Error(`no proof ${m} → ${n}: ${proved}`);
        const expected = m === 0 ? [] : proof(m, scratch);
        expect(proved.proof.map((h) => h.toString('hex'))).toEqual(expected.map((h) => h.toString('hex')));
        expect(proved.rootTo.equals(mth(scratch))).toBe(true);
        expect(proved.rootFrom.equals(mth(data.slice(0, m)))).toBe(true);
        expect((await reader().rootAt(n))?.equals(mth(scratch))).toBe(true);
        if (n > 0) {
          const leaf = m < n ? m : n - 1;
          const inclusion = await tree.inclusionProof(leaf, n);
          expect(inclusion.map((h) => h.toString('hex'))).toEqual(path(leaf, scratch).map((h) => h.toString('hex')));
        }
      }),
      { numRuns: 300 },
    );
    // Sizes the stored tree does not have yet are not answered.
    expect(await reader().consistency(1, stored + 1)).toBe('missing');
    expect(await reader().rootAt(stored + 1)).toBeNull();
  }, 120_000);

  it('checks a witness on a trail of thousands of entries with a bounded number of statements and rows', async () => {
    const readsAt: { size: number; consistency: Reads; cosign: Reads; maySign: Reads }[] = [];
    for (const grow of [1_000, 3_000]) {
      await addEntries(grow);
      const witnessed = await signHead();
      // The witness's run: a consistency proof from what it cosigned last, then its cosignature.
      const previous = readsAt.length === 0 ? 1 : readsAt[readsAt.length - 1]!.size;
      const consistency = await measure(() => ctx.app.get(WitnessLogService).consistency(previous, witnessed));
      expect(consistency.result.proof.length).toBeGreaterThan(0);
      const note = await ctx.app.get(WitnessLogService).latestCheckpoint();
      const text = parseNote(note).text;
      expect(parseCheckpoint(text).size).toBe(witnessed);
      const cosigned = await measure(() =>
        ctx.app.get(WitnessesService).submitCosignature(
          {
            userId: account.serviceAccount.id,
            tokenId: account.tokenId,
            name: account.serviceAccount.name,
            agency: 'health',
            organisation: 'Testshire ICB',
            scopes: ['audit:witness'],
          },
          { checkpoint: note, cosignature: signatureLine(cosign(text, WITNESS, witnessKey.privateKey)) },
        ),
      );
      expect(cosigned.result).toMatchObject({ treeSize: witnessed, stored: true });
      // The app's own check before it signs the next checkpoint, against what the witness cosigned.
      await addEntries(5);
      const next = await ctx.app.get(AuditTreeService).extendTo(witnessed + 5);
      const maySign = await measure(() => ctx.app.get(WitnessedConsistencyCheck).maySign(witnessed + 5, next));
      expect(maySign.result).toBe(true);
      readsAt.push({ size: witnessed, consistency: consistency.reads, cosign: cosigned.reads, maySign: maySign.reads });
    }
    for (const { size, consistency, cosign: cosignReads, maySign } of readsAt) {
      expect(size).toBeGreaterThan(900);
      // A witness's consistency proof: the stored nodes it needs (and both roots'), one statement.
      expect(consistency.rows).toBeLessThanOrEqual(4 * log2(size));
      expect(consistency.statements).toBe(1);
      // A cosignature: the witness, the root (nodes + anchor), the checkpoint, then one transaction storing it.
      expect(cosignReads.rows).toBeLessThanOrEqual(2 * log2(size) + 12);
      expect(cosignReads.statements).toBeLessThanOrEqual(12);
      // Before signing: the largest witnessed checkpoint, a consistency proof from it, the chain at both ends.
      expect(maySign.rows).toBeLessThanOrEqual(4 * log2(size) + 4);
      expect(maySign.statements).toBe(3);
      // No statement reads the trail's entries other than by seq at the tree's edges.
      for (const sql of [...consistency.sql, ...maySign.sql]) expect(sql).not.toMatch(/FROM audit_events WHERE seq >/);
    }
    // The bounds are logarithmic: more than twice the entries, and each check still reads a few dozen rows.
    const [small, large] = readsAt;
    expect(large!.size).toBeGreaterThan(2 * small!.size);
    for (const r of readsAt) expect(r.consistency.rows + r.cosign.rows + r.maySign.rows).toBeLessThan(r.size / 10);
  }, 180_000);
});
