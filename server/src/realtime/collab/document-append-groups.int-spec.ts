import { randomUUID } from 'node:crypto';
import { documentName } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import { type AppendedBatch, DocumentRepository } from './document.repository';

/** A real Yjs update typing `text` (each call a fresh client, so updates of one document apply in any order). */
function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const newDocument = () => documentName(randomUUID(), 'record');

/**
 * Group commit across documents (migration 1766585200000): batches of
 * several documents appended while the database is busy share one
 * transaction, and still each document's rows commit in order, a busy
 * document waits alone, and a refusal is its own document's.
 */
describeOnOneDatabase('appending several documents at once', (ctx) => {
  const repository = () => ctx.app.get(DocumentRepository);
  /** The transaction that wrote each document's rows (xmin), by document. */
  const transactionsOf = async (names: readonly string[]) => {
    const rows: { document_name: string; xmin: string }[] = await ctx.app.dataSource.query(
      `SELECT document_name, xmin::text AS xmin FROM document_updates WHERE document_name = ANY($1)`,
      [names],
    );
    const byDocument = new Map<string, Set<string>>();
    for (const row of rows)
      byDocument.set(row.document_name, (byDocument.get(row.document_name) ?? new Set()).add(row.xmin));
    return byDocument;
  };

  it('commits the batches of documents appended at the same moment in one transaction', async () => {
    const names = Array.from({ length: 8 }, newDocument);
    // Appended in one go, as documents whose writes one event-loop turn started.
    await Promise.all(names.map((name, i) => repository().append(name, [{ update: edit(`doc ${i}`), userId: null }])));
    const transactions = await transactionsOf(names);
    expect(names.filter((name) => transactions.has(name))).toEqual(names);
    expect(new Set([...transactions.values()].flatMap((xmins) => [...xmins])).size).toBe(1);
  });

  it("keeps each document's batches in order, each one after the row before it, while they are grouped with others", async () => {
    const names = Array.from({ length: 6 }, newDocument);
    const batches = new Map<string, AppendedBatch[]>(names.map((name) => [name, []]));
    // Each document writes five batches, one after another, all documents at once.
    await Promise.all(
      names.map(async (name) => {
        for (let round = 0; round < 5; round++) {
          const size = 1 + (round % 3);
          const batch = Array.from({ length: size }, (_, k) => ({ update: edit(`${round}.${k}`), userId: null }));
          batches.get(name)?.push(await repository().append(name, batch));
        }
      }),
    );
    for (const name of names) {
      const ids: string[] = (
        await ctx.app.dataSource.query(
          `SELECT id::text AS id FROM document_updates u WHERE document_name = $1 ORDER BY u.id`,
          [name],
        )
      ).map((row: { id: string }) => row.id);
      expect(ids).toHaveLength(1 + 2 + 3 + 1 + 2);
      const written = batches.get(name) ?? [];
      expect(written[0]?.prevId).toBe('0');
      for (let i = 1; i < written.length; i++) expect(written[i]?.prevId).toBe(written[i - 1]?.lastId);
      expect(written.at(-1)?.lastId).toBe(ids.at(-1));
    }
    // They did share transactions: fewer commits than the 30 batches.
    const commits = new Set([...(await transactionsOf(names)).values()].flatMap((xmins) => [...xmins]));
    expect(commits.size).toBeLessThan(30);
  });

  it('does not hold the others up for a document whose log another transaction holds; that one is written once it is free', async () => {
    const busy = newDocument();
    const others = Array.from({ length: 4 }, newDocument);
    const holder = ctx.app.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('collab-log:' || $1, 0))`, [busy]);
      let busySettled = false;
      const busyWrite = repository()
        .append(busy, [{ update: edit('waits for its log'), userId: null }])
        .finally(() => (busySettled = true));
      const grouped = others.map((name) => repository().append(name, [{ update: edit('grouped'), userId: null }]));
      await Promise.all(grouped);
      expect(busySettled).toBe(false);
      expect(new Set([...(await transactionsOf(others)).values()].flatMap((xmins) => [...xmins])).size).toBe(1);
      await holder.commitTransaction();
      const appended = await busyWrite;
      const [row] = await ctx.app.dataSource.query(
        `SELECT id::text AS id FROM document_updates WHERE document_name = $1`,
        [busy],
      );
      expect(appended).toEqual({ prevId: '0', lastId: row.id });
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it('refuses a batch PostgreSQL refuses on its own: the other documents of its group are stored', async () => {
    const names = Array.from({ length: 5 }, newDocument);
    const refused = names[3]!;
    const nobody = randomUUID(); // no such user: the log's writer trigger refuses the row
    const results = await Promise.allSettled(
      names.map((name, i) =>
        repository().append(name, [{ update: edit(`doc ${i}`), userId: name === refused ? nobody : null }]),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await transactionsOf(names);
    expect(names.filter((name) => stored.has(name))).toEqual(names.filter((name) => name !== refused));
  });
});
