import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { describeError } from './log-safe-error';

/** One update to append, with the user the server authenticated for the sending connection. */
export interface UpdateToAppend {
  update: Uint8Array;
  userId: string | null;
}

/** What a document is made of in PostgreSQL: its snapshot (if any) and the log after it, in id order. */
export interface StoredDocument {
  snapshot: Buffer | null;
  /** `last_update_id` of the snapshot, '0' when there is none. */
  snapshotUpdateId: string;
  updates: { id: string; update: Buffer }[];
}

/** A committed batch: the id of the document's row before it, and its highest id. */
export interface AppendedBatch {
  prevId: string;
  lastId: string;
}

export interface CompactionResult {
  /** Rows folded into the snapshot (kept: they are the attributed history). */
  compactedRows: number;
  /** Rows that did not apply and were dropped (logged; never expected). */
  unappliedRows: number;
  snapshotBytes: number;
}

/**
 * The durable truth of every shared document: an append-only update log
 * (`document_updates`) whose prefix is periodically folded into a snapshot
 * (`document_snapshots`) so loads stay fast. The log itself is never deleted:
 * it says which authenticated user wrote what, and when (document history).
 *
 * Invariant relied on by compaction and catch-up: the rows of one document
 * commit in id order (appends hold a per-document lock while drawing ids), so
 * once a process has seen a row committed, every row of that document with a
 * lower id is committed too.
 */
@Injectable()
export class DocumentStore {
  private readonly logger = new Logger(DocumentStore.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends a batch of updates in one statement (one transaction). Resolves once PostgreSQL
   * has committed it, with the ids written and `prevId`, the id of the
   * document's row just before them ('0' for the first).
   *
   * A per-document advisory lock is taken before the ids are drawn, so the
   * rows of one document commit in id order even when several instances
   * write it: a reader that has every row up to some id can catch up exactly
   * by reading the rows after it, and `prevId` lets it see a missed batch.
   */
  async append(documentName: string, batch: readonly UpdateToAppend[]): Promise<AppendedBatch> {
    // One round trip (migration 1764900000000): lock, the row before, INSERT.
    const rows: { id: string; prev_id: string }[] = await this.dataSource.query(
      `SELECT id::text AS id, prev_id::text AS prev_id FROM append_document_updates($1, $2::bytea[], $3::uuid[])`,
      [documentName, batch.map((b) => Buffer.from(b.update)), batch.map((b) => b.userId)],
    );
    if (rows.length !== batch.length) throw new Error(`inserted ${rows.length} of ${batch.length} updates`);
    return { prevId: rows[0]?.prev_id ?? '0', lastId: maxId(rows.map((r) => r.id)) };
  }

  /** The document's rows after `afterId`, in id order (catching up with other instances' writes). */
  async readAfter(documentName: string, afterId: string): Promise<{ id: string; update: Buffer }[]> {
    return this.dataSource.query(
      `SELECT id, update FROM document_updates WHERE document_name = $1 AND id > $2 ORDER BY id`,
      [documentName, afterId],
    );
  }

  /** The highest stored update id of each named document that has any (one indexed lookup each). */
  async latestIds(documentNames: readonly string[]): Promise<Map<string, string>> {
    if (documentNames.length === 0) return new Map();
    const rows: { document_name: string; id: string }[] = await this.dataSource.query(
      `SELECT d.name AS document_name, l.id::text AS id
         FROM unnest($1::text[]) AS d(name)
         CROSS JOIN LATERAL (SELECT max(id) AS id FROM document_updates WHERE document_name = d.name) l
        WHERE l.id IS NOT NULL`,
      [documentNames],
    );
    return new Map(rows.map((r) => [r.document_name, r.id]));
  }

  /**
   * Reads a document's snapshot and the updates after it. One REPEATABLE READ
   * transaction, so a compaction committing in between cannot make us read the
   * old snapshot and then miss the rows it deleted.
   */
  async load(documentName: string): Promise<StoredDocument> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const snapshot = await this.readSnapshot(manager, documentName);
      const snapshotUpdateId = snapshot?.last_update_id ?? '0';
      const updates: { id: string; update: Buffer }[] = await manager.query(
        `SELECT id, update FROM document_updates WHERE document_name = $1 AND id > $2 ORDER BY id`,
        [documentName, snapshotUpdateId],
      );
      return { snapshot: snapshot?.state ?? null, snapshotUpdateId, updates };
    });
  }

  /**
   * The document's state as stored (`Y.encodeStateAsUpdate` of the snapshot
   * and the log after it, applied in order as a load does), for a document
   * that is not loaded in memory.
   */
  async encodeState(documentName: string): Promise<Uint8Array> {
    const stored = await this.load(documentName);
    const doc = new Y.Doc({ gc: true });
    try {
      for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)]) {
        try {
          Y.applyUpdate(doc, update, 'load');
        } catch (error) {
          this.logger.error({ document: documentName, err: describeError(error) }, 'stored update does not apply');
        }
      }
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Folds the snapshot and the rows up to `upToId` into a new snapshot, in one
   * transaction. Loads then read only the rows after it. Returns null when
   * there was nothing to fold.
   */
  async compact(documentName: string, upToId: string): Promise<CompactionResult | null> {
    return this.dataSource.transaction(async (manager) => {
      // Serialises compactions of one document (e.g. an old and a new process during a restart).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`collab:${documentName}`]);
      const snapshot = await this.readSnapshot(manager, documentName);
      const fromId = snapshot?.last_update_id ?? '0';
      if (BigInt(fromId) >= BigInt(upToId)) return null;
      const rows: { id: string; update: Buffer }[] = await manager.query(
        `SELECT id, update FROM document_updates
          WHERE document_name = $1 AND id > $2 AND id <= $3 ORDER BY id`,
        [documentName, fromId, upToId],
      );
      const { state, unapplied } = this.mergeState(documentName, snapshot?.state ?? null, rows);
      await manager.query(
        `INSERT INTO document_snapshots (document_name, state, last_update_id, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (document_name) DO UPDATE
           SET state = EXCLUDED.state, last_update_id = EXCLUDED.last_update_id, updated_at = now()`,
        [documentName, Buffer.from(state), upToId],
      );
      return { compactedRows: rows.length, unappliedRows: unapplied, snapshotBytes: state.length };
    });
  }

  private async readSnapshot(
    manager: EntityManager,
    documentName: string,
  ): Promise<{ state: Buffer; last_update_id: string } | undefined> {
    const rows: { state: Buffer; last_update_id: string }[] = await manager.query(
      `SELECT state, last_update_id FROM document_snapshots WHERE document_name = $1`,
      [documentName],
    );
    return rows[0];
  }

  /** Builds the merged state in a scratch doc with gc on, so deleted content is dropped from the snapshot. */
  private mergeState(
    documentName: string,
    snapshot: Buffer | null,
    rows: readonly { id: string; update: Buffer }[],
  ): { state: Uint8Array; unapplied: number } {
    const doc = new Y.Doc({ gc: true });
    try {
      let unapplied = 0;
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const row of rows) {
        try {
          Y.applyUpdate(doc, row.update);
        } catch (error) {
          unapplied++;
          this.logger.error(
            { document: documentName, updateId: row.id, err: describeError(error) },
            'stored update does not apply; left out of the snapshot',
          );
        }
      }
      return { state: Y.encodeStateAsUpdate(doc), unapplied };
    } finally {
      doc.destroy();
    }
  }
}

/** The largest of some bigint ids (strings, as pg returns them). */
export function maxId(ids: readonly string[]): string {
  return ids.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a), '0');
}
