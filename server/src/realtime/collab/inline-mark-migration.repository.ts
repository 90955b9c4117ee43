import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** SQL of the start-up data migration of inline "police restricted" marks (InlineMarkMigration). */
@Injectable()
export class InlineMarkMigrationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` holding a session advisory lock on its own connection: one
   * instance at a time runs a data migration; the others wait, then find it done.
   */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`data-migration:${name}`]);
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`data-migration:${name}`]);
      }
    } finally {
      await runner.release();
    }
  }

  async hasRun(name: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM data_migrations WHERE name = $1`, [name]);
    return rows.length > 0;
  }

  async markRun(name: string, details: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO data_migrations (name, details) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING`,
      [name, JSON.stringify(details)],
    );
  }

  /**
   * Shared documents (record, safety plan) whose stored bytes hold the text
   * "police-restricted": a mark's value is stored as JSON text, so only these
   * can hold one (most hold none and are never loaded).
   */
  async documentsMentioningPoliceRestricted(): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT document_name AS name FROM document_updates
        WHERE position('police-restricted'::bytea IN update) > 0
          AND document_name ~ '^meetings/[0-9a-f-]{36}/(record|safety-plan)$'
       UNION
       SELECT document_name FROM document_snapshots
        WHERE position('police-restricted'::bytea IN state) > 0
          AND document_name ~ '^meetings/[0-9a-f-]{36}/(record|safety-plan)$'
       ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  }

  /** Holds the document's log lock (as appends do) until `tx` ends: no update is stored meanwhile. */
  async lockLog(tx: EntityManager, documentName: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('collab-log:' || $1, 0))`, [documentName]);
  }

  /** The snapshot (if any) and every update after it, in order, read in `tx`. */
  async load(tx: EntityManager, documentName: string): Promise<Buffer[]> {
    const rows: { update: Buffer }[] = await tx.query(
      `WITH snapshot AS (SELECT state, last_update_id FROM document_snapshots WHERE document_name = $1)
       SELECT 0 AS part, 0::bigint AS id, state AS update FROM snapshot
       UNION ALL
       SELECT 1, u.id, u.update FROM document_updates u
        WHERE u.document_name = $1 AND u.id > COALESCE((SELECT last_update_id FROM snapshot), 0)
       ORDER BY 1, 2`,
      [documentName],
    );
    return rows.map((r) => r.update);
  }

  /** Appends one update, by nobody (the server), in `tx`: an ordinary row of the document's log. */
  async append(tx: EntityManager, documentName: string, update: Uint8Array): Promise<void> {
    await tx.query(`SELECT id FROM append_document_updates($1, $2::bytea[], $3::uuid[], $4::bigint[], $5::uuid[])`, [
      documentName,
      [Buffer.from(update)],
      [null],
      [],
      [],
    ]);
  }
}
