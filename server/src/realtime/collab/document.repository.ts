import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AttributedUpdate } from './document-history';

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
export class DocumentRepository {
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
    // One round trip (migration 1764900000000): lock, the row before, INSERT. Straight to
    // node-postgres's pool: it runs for every batch of every document, and TypeORM's query
    // runner per call was a fifth of what the server allocated per edit.
    const { rows } = await this.pool().query<{ id: string; prev_id: string }>(
      `SELECT id::text AS id, prev_id::text AS prev_id FROM append_document_updates($1, $2::bytea[], $3::uuid[])`,
      [documentName, batch.map((b) => Buffer.from(b.update)), batch.map((b) => b.userId)],
    );
    if (rows.length !== batch.length) throw new Error(`inserted ${rows.length} of ${batch.length} updates`);
    return { prevId: rows[0]?.prev_id ?? '0', lastId: maxId(rows.map((r) => r.id)) };
  }

  /** TypeORM's node-postgres pool (the same connections, without a query runner per call). */
  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
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
   * Reads a document's snapshot and the updates after it, in one statement:
   * one round trip, and one consistent view, so a compaction committing at
   * the same time cannot make us read the old snapshot and miss rows.
   */
  async load(documentName: string): Promise<StoredDocument> {
    const rows: { part: number; id: string; update: Buffer }[] = await this.dataSource.query(
      `WITH snapshot AS (SELECT state, last_update_id FROM document_snapshots WHERE document_name = $1)
       SELECT 0 AS part, last_update_id AS id, state AS update FROM snapshot
       UNION ALL
       SELECT 1, u.id, u.update FROM document_updates u
        WHERE u.document_name = $1 AND u.id > COALESCE((SELECT last_update_id FROM snapshot), 0)
       ORDER BY part, id`,
      [documentName],
    );
    const snapshot = rows[0]?.part === 0 ? rows[0] : undefined;
    return {
      snapshot: snapshot?.update ?? null,
      snapshotUpdateId: snapshot?.id ?? '0',
      updates: rows.filter((row) => row.part === 1).map(({ id, update }) => ({ id, update })),
    };
  }

  /**
   * Stores `state` as the document's snapshot of every row up to `upToId`,
   * so loads read only the rows after it. The caller encodes it from a
   * Y.Doc that holds exactly those rows (a loaded document applies rows only
   * once committed, in id order). A snapshot never moves back: an older one
   * (e.g. from a process that is shutting down) is ignored. Rows are never
   * deleted: they are the attributed history. Resolves to whether it was stored.
   */
  async saveSnapshot(documentName: string, state: Uint8Array, upToId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO document_snapshots (document_name, state, last_update_id, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (document_name) DO UPDATE
         SET state = EXCLUDED.state, last_update_id = EXCLUDED.last_update_id, updated_at = now()
         WHERE document_snapshots.last_update_id < EXCLUDED.last_update_id
       RETURNING last_update_id`,
      [documentName, Buffer.from(state), upToId],
    );
    return rows.length > 0;
  }

  /** The document's rows stored up to `at`, oldest first, with their authors (inside the caller's transaction). */
  async findUpdatesUpTo(tx: EntityManager, documentName: string, at: Date): Promise<AttributedUpdate[]> {
    const rows = (await tx.query(
      `SELECT user_id, update FROM document_updates WHERE document_name = $1 AND created_at <= $2 ORDER BY id`,
      [documentName, at],
    )) as { user_id: string | null; update: Buffer }[];
    return rows.map((r) => ({ userId: r.user_id, update: r.update }));
  }

  /**
   * The snapshot of a log compacted by an older version, which deleted the
   * rows it folded in (none of them is left), or null (inside the caller's transaction).
   */
  async findLegacySnapshot(tx: EntityManager, documentName: string): Promise<Buffer | null> {
    const [legacy] = (await tx.query(
      `SELECT s.state FROM document_snapshots s
        WHERE s.document_name = $1
          AND NOT EXISTS (SELECT 1 FROM document_updates u WHERE u.document_name = $1 AND u.id <= s.last_update_id)`,
      [documentName],
    )) as { state: Buffer }[];
    return legacy?.state ?? null;
  }
}

/** The largest of some bigint ids (strings, as pg returns them). */
export function maxId(ids: readonly string[]): string {
  return ids.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a), '0');
}
