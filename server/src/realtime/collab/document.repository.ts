import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DatabaseError, type Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { GroupCommit } from '../../platform';
import type { AttributedUpdate } from './document-history';
import type { IntegrityProblem } from './update-integrity';

/** One update to append, with the user the server authenticated for the sending connection. */
export interface UpdateToAppend {
  update: Uint8Array;
  userId: string | null;
  /** ClientIDs the update is the first to write with: bound to `userId` by the same statement. */
  binds?: readonly number[];
}

/** What a document is made of in PostgreSQL: its snapshot (if any) and the log after it, in id order. */
export interface StoredDocument {
  snapshot: Buffer | null;
  /** `last_update_id` of the snapshot, '0' when there is none. */
  snapshotUpdateId: string;
  updates: { id: string; update: Buffer }[];
}

/** A stored update as the integrity check replays it. */
export interface LoggedUpdate {
  id: string;
  userId: string | null;
  update: Buffer;
}

/** Why a stored update was set aside (IntegrityProblem, or it does not decode at all). */
export type QuarantineProblem = 'does-not-decode' | IntegrityProblem;

/** An update set aside from a document's log, for the auditors' record history. */
export interface QuarantinedUpdate {
  id: string;
  userId: string | null;
  createdAt: Date;
  quarantinedAt: Date;
  problem: QuarantineProblem;
}

/**
 * The batch was not stored because one of the clientIDs it binds belongs to
 * another person (bound first by another instance, under the document's log
 * lock): a refused write, not a storage failure.
 */
export class ClientIdConflictError extends Error {
  constructor() {
    super('a clientID of this batch belongs to another user');
    this.name = 'ClientIdConflictError';
  }
}

/** One document's batch, waiting for a group commit. */
interface DocumentBatch {
  documentName: string;
  batch: readonly UpdateToAppend[];
}

/**
 * Append transactions at the same time, of the pool's ten connections (the
 * rest serve sign-ins, the audit trail and everything else). A turn's writes
 * go at once, together; while this many are in flight, later ones wait and
 * go together when one is done.
 */
const APPEND_GROUPS_IN_FLIGHT = 4;

/** How long a batch may wait for a free append transaction before it fails, unwritten. */
const APPEND_MAX_WAIT_MS = 5_000;

/** Documents in one append transaction at most (the statement's arrays stay small). */
const MAX_DOCUMENTS_PER_APPEND = 100;

/** The SQLSTATE append_document_updates() raises for a clientID bound to someone else (migration 1765000000000). */
const CLIENT_ID_CONFLICT = 'RT409';

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
   * Appends a batch of updates of one document in one transaction. Resolves once PostgreSQL
   * has committed it, with the ids written and `prevId`, the id of the
   * document's row just before them ('0' for the first).
   *
   * A per-document advisory lock is taken before the ids are drawn, so the
   * rows of one document commit in id order even when several instances
   * write it: a reader that has every row up to some id can catch up exactly
   * by reading the rows after it, and `prevId` lets it see a missed batch.
   *
   * Batches of several documents appended at the same moment (one event-loop
   * turn's writes, or those waiting while every append transaction is busy)
   * share one transaction (`GroupCommit`): one commit for many documents. A
   * batch that binds clientIDs is written on its own, so a clientID another
   * user holds refuses that batch only.
   * @throws ClientIdConflictError when a clientID the batch binds belongs to another user.
   */
  async append(documentName: string, batch: readonly UpdateToAppend[]): Promise<AppendedBatch> {
    if (batch.some((update) => (update.binds?.length ?? 0) > 0)) return this.appendOne(documentName, batch);
    return this.appendGroups.submit({ documentName, batch });
  }

  private readonly appendGroups = new GroupCommit<DocumentBatch, AppendedBatch>({
    write: (batches) => this.appendGroup(batches),
    maxInFlight: APPEND_GROUPS_IN_FLIGHT,
    maxGroupSize: MAX_DOCUMENTS_PER_APPEND,
    // As long as the pool lets a query wait for a connection (database-options.ts): when PostgreSQL
    // hangs, the senders are told their edits were not stored (4503) instead of waiting for ever.
    maxWaitMs: APPEND_MAX_WAIT_MS,
  });

  /**
   * Writes documents' batches in one transaction. A document whose log lock
   * was busy is written on its own, outside the group's slot, so it holds up
   * neither the group nor the documents after it. When PostgreSQL refused
   * the group, each is written on its own, so a refusal is its document's
   * alone. A connection lost with no answer fails them all: the transaction
   * may have committed, and writing again could store a batch twice.
   */
  private async appendGroup(batches: readonly DocumentBatch[]): Promise<Promise<AppendedBatch>[]> {
    let written = new Map<number, AppendedBatch>();
    try {
      written = await this.appendMany(batches);
    } catch (error) {
      if (batches.length === 1 || !isRefusedByPostgres(error)) throw error;
    }
    return batches.map((b, i) => {
      const appended = written.get(i);
      return appended ? Promise.resolve(appended) : this.appendOne(b.documentName, b.batch);
    });
  }

  /** One document's batch, with its clientID bindings, in one round trip. */
  private async appendOne(documentName: string, batch: readonly UpdateToAppend[]): Promise<AppendedBatch> {
    const bindClients: number[] = [];
    const bindUsers: (string | null)[] = [];
    for (const { binds, userId } of batch) {
      for (const clientId of binds ?? []) {
        bindClients.push(clientId);
        bindUsers.push(userId);
      }
    }
    // One round trip (migrations 1764900000000, 1765000000000): lock, clientID bindings, the row
    // before, INSERT. Straight to node-postgres's pool: it runs for every batch of every document,
    // and TypeORM's query runner per call was a fifth of what the server allocated per edit.
    const { rows } = await this.pool()
      .query<{ id: string; prev_id: string }>(
        `SELECT id::text AS id, prev_id::text AS prev_id
           FROM append_document_updates($1, $2::bytea[], $3::uuid[], $4::bigint[], $5::uuid[])`,
        [documentName, batch.map((b) => Buffer.from(b.update)), batch.map((b) => b.userId), bindClients, bindUsers],
      )
      .catch((error: unknown) => {
        throw (error as { code?: unknown }).code === CLIENT_ID_CONFLICT ? new ClientIdConflictError() : error;
      });
    return toAppendedBatch(rows, batch.length);
  }

  /**
   * Documents' batches (none binding clientIDs) in one statement and one
   * transaction (migration 1766585200000); resolves with the batch of each
   * document written, by its index. A document whose log lock was busy is not.
   */
  private async appendMany(batches: readonly DocumentBatch[]): Promise<Map<number, AppendedBatch>> {
    const updates = batches.flatMap((b) => b.batch);
    const { rows } = await this.pool().query<{ document_index: number; id: string; prev_id: string }>(
      `SELECT document_index, id::text AS id, prev_id::text AS prev_id
         FROM append_documents_updates($1::text[], $2::int[], $3::bytea[], $4::uuid[])`,
      [
        batches.map((b) => b.documentName),
        batches.map((b) => b.batch.length),
        updates.map((u) => Buffer.from(u.update)),
        updates.map((u) => u.userId),
      ],
    );
    const rowsOf = new Map<number, { id: string; prev_id: string }[]>();
    for (const row of rows) {
      const index = row.document_index - 1; // PL/pgSQL arrays count from 1
      const documentRows = rowsOf.get(index);
      if (documentRows) documentRows.push(row);
      else rowsOf.set(index, [row]);
    }
    return new Map(
      [...rowsOf].map(([index, documentRows]) => [index, toAppendedBatch(documentRows, batches[index]?.batch.length)]),
    );
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
   * Who each Yjs clientID of the document belongs to, and whether its log,
   * stored before updates were checked, still has to be checked once.
   */
  async findClientOwners(documentName: string): Promise<{ owners: Map<number, string>; unchecked: boolean }> {
    const rows: { client_id: string | null; user_id: string | null }[] = await this.dataSource.query(
      `SELECT client_id::text AS client_id, user_id FROM document_client_ids WHERE document_name = $1
       UNION ALL
       SELECT NULL, NULL FROM document_integrity_unchecked WHERE document_name = $1`,
      [documentName],
    );
    const owners = new Map<number, string>();
    let unchecked = false;
    for (const row of rows) {
      if (row.client_id === null) unchecked = true;
      else owners.set(Number(row.client_id), row.user_id as string);
    }
    return { owners, unchecked };
  }

  /**
   * Binds the clientIDs nobody owns yet in the document to `userId`, and
   * resolves to the owner of each: the first binding wins, across instances
   * (a concurrent binding committed meanwhile is read afresh).
   */
  async bindClientIds(
    documentName: string,
    clientIds: readonly number[],
    userId: string,
  ): Promise<Map<number, string>> {
    const owners = new Map<number, string>();
    const read = (rows: { client_id: string; user_id: string }[]) => {
      for (const row of rows) owners.set(Number(row.client_id), row.user_id);
    };
    read(
      await this.dataSource.query(
        `WITH bound AS (
           INSERT INTO document_client_ids (document_name, client_id, user_id)
           SELECT $1, c, $3 FROM unnest($2::bigint[]) AS c
           ON CONFLICT DO NOTHING
           RETURNING client_id, user_id)
         SELECT client_id::text AS client_id, user_id FROM bound
         UNION ALL
         SELECT client_id::text, user_id FROM document_client_ids WHERE document_name = $1 AND client_id = ANY($2::bigint[])`,
        [documentName, clientIds, userId],
      ),
    );
    const unseen = clientIds.filter((id) => !owners.has(id));
    if (unseen.length > 0) {
      // Bound by another transaction that committed while this statement waited: not in its snapshot.
      read(
        await this.dataSource.query(
          `SELECT client_id::text AS client_id, user_id FROM document_client_ids
            WHERE document_name = $1 AND client_id = ANY($2::bigint[])`,
          [documentName, unseen],
        ),
      );
    }
    return owners;
  }

  /** The whole log of a document, oldest first, with its authors (the integrity check replays it). */
  async readLog(documentName: string): Promise<LoggedUpdate[]> {
    const rows: { id: string; user_id: string | null; update: Buffer }[] = await this.dataSource.query(
      `SELECT id::text AS id, user_id, update FROM document_updates WHERE document_name = $1 ORDER BY id`,
      [documentName],
    );
    return rows.map((r) => ({ id: r.id, userId: r.user_id, update: r.update }));
  }

  /**
   * Moves stored updates out of the log into the quarantine (kept as they
   * were, with their author and time; never deleted there), inside the
   * caller's transaction.
   */
  async quarantine(
    tx: EntityManager,
    documentName: string,
    updates: readonly { id: string; problem: QuarantineProblem }[],
  ): Promise<void> {
    if (updates.length === 0) return;
    await tx.query(
      `INSERT INTO document_update_quarantine (id, document_name, update, user_id, created_at, problem)
       SELECT u.id, u.document_name, u.update, u.user_id, u.created_at, q.problem
         FROM unnest($2::bigint[], $3::text[]) AS q(id, problem)
         JOIN document_updates u ON u.id = q.id AND u.document_name = $1`,
      [documentName, updates.map((u) => u.id), updates.map((u) => u.problem)],
    );
    await tx.query(`DELETE FROM document_updates WHERE document_name = $1 AND id = ANY($2::bigint[])`, [
      documentName,
      updates.map((u) => u.id),
    ]);
  }

  /** Takes the document's log lock (the one appends take) until the caller's transaction ends. */
  async lockLog(tx: EntityManager, documentName: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('collab-log:' || $1, 0))`, [documentName]);
  }

  /** Whether the document's log, stored before updates were checked, still waits for its one check. */
  async isUnchecked(tx: EntityManager, documentName: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM document_integrity_unchecked WHERE document_name = $1`, [
      documentName,
    ]);
    return rows.length > 0;
  }

  /** Binds clientIDs to the users who first wrote with them, where nobody owns them yet (inside the caller's transaction). */
  async bindFirstWriters(tx: EntityManager, documentName: string, owners: ReadonlyMap<number, string>): Promise<void> {
    if (owners.size === 0) return;
    await tx.query(
      `INSERT INTO document_client_ids (document_name, client_id, user_id)
       SELECT $1, c, u FROM unnest($2::bigint[], $3::uuid[]) AS t(c, u)
       ON CONFLICT DO NOTHING`,
      [documentName, [...owners.keys()], [...owners.values()]],
    );
  }

  /**
   * Replaces the document's snapshot with the checked state of every row up
   * to `upToId` (or removes it when there are none), and marks the document
   * checked, inside the caller's transaction. Unlike compaction this may move
   * the snapshot back: it drops what a snapshot of a poisoned log carried.
   */
  async replaceCheckedSnapshot(
    tx: EntityManager,
    documentName: string,
    snapshot: { state: Uint8Array; upToId: string } | null,
  ): Promise<void> {
    await tx.query(`DELETE FROM document_snapshots WHERE document_name = $1`, [documentName]);
    if (snapshot) {
      await tx.query(
        `INSERT INTO document_snapshots (document_name, state, last_update_id, updated_at) VALUES ($1, $2, $3, now())`,
        [documentName, Buffer.from(snapshot.state), snapshot.upToId],
      );
    }
    await tx.query(`DELETE FROM document_integrity_unchecked WHERE document_name = $1`, [documentName]);
  }

  /** The updates set aside from a document's log up to `at`, oldest first (inside the caller's transaction). */
  async findQuarantined(tx: EntityManager, documentName: string, at: Date): Promise<QuarantinedUpdate[]> {
    const rows: {
      id: string;
      user_id: string | null;
      created_at: Date;
      quarantined_at: Date;
      problem: QuarantineProblem;
    }[] = await tx.query(
      `SELECT id::text AS id, user_id, created_at, quarantined_at, problem FROM document_update_quarantine
        WHERE document_name = $1 AND created_at <= $2 ORDER BY id`,
      [documentName, at],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      createdAt: new Date(r.created_at),
      quarantinedAt: new Date(r.quarantined_at),
      problem: r.problem,
    }));
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
  async findUpdatesUpTo(
    tx: EntityManager,
    documentName: string,
    at: Date,
  ): Promise<(AttributedUpdate & { id: string; createdAt: Date })[]> {
    const rows = (await tx.query(
      `SELECT id::text AS id, user_id, update, created_at FROM document_updates
        WHERE document_name = $1 AND created_at <= $2 ORDER BY id`,
      [documentName, at],
    )) as { id: string; user_id: string | null; update: Buffer; created_at: Date }[];
    return rows.map((r) => ({ id: r.id, userId: r.user_id, update: r.update, createdAt: new Date(r.created_at) }));
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

/** The committed batch the rows appended for one document describe. */
function toAppendedBatch(
  rows: readonly { id: string; prev_id: string }[],
  expected: number | undefined,
): AppendedBatch {
  if (rows.length !== expected) throw new Error(`inserted ${rows.length} of ${expected} updates`);
  return { prevId: rows[0]?.prev_id ?? '0', lastId: maxId(rows.map((r) => r.id)) };
}

/** PostgreSQL answered with an error, so the transaction was rolled back (not a connection lost with no answer). */
function isRefusedByPostgres(error: unknown): boolean {
  return error instanceof DatabaseError;
}

/** The largest of some bigint ids (strings, as pg returns them). */
export function maxId(ids: readonly string[]): string {
  return ids.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a), '0');
}
