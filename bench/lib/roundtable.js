// @ts-check
/**
 * Roundtable as the bench runs it: the built server (`server/dist/main.js`) in
 * its own process on a fresh database of the machine's PostgreSQL, with
 * authentication, per-update persistence and the audit trail on; accounts
 * made with the admin CLI; meetings made over HTTP like any client does.
 */
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { keepTail, stopChild, waitForHttp } from './processes.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER_MAIN = path.join(REPO_ROOT, 'server/dist/main.js');
const ADMIN_CLI = path.join(REPO_ROOT, 'server/dist/cli/admin.js');
/** Short, so a cold load (from PostgreSQL) can be measured right after the last client leaves. */
export const COLLAB_UNLOAD_AFTER_MS = 200;

/** Newest modification time (ms) of the TypeScript sources that go into a build, under `dir`. */
function newestSource(/** @type {string} */ dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || /\.(int-)?spec\.ts$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds shared and server when `server/dist` is missing or older than the
 * sources. A failed build with an existing dist is reported and the existing
 * build is measured (other work in progress may not compile yet).
 * @param {{ log: (line: string) => void, skip: boolean }} options
 */
export function ensureServerBuilt({ log, skip }) {
  const built = existsSync(SERVER_MAIN) ? statSync(SERVER_MAIN).mtimeMs : 0;
  const sources = Math.max(
    newestSource(path.join(REPO_ROOT, 'server/src')),
    newestSource(path.join(REPO_ROOT, 'shared/src')),
  );
  if (built && (skip || built >= sources)) {
    log(skip ? 'using the existing server build (--no-build)' : 'server/dist is up to date');
    return;
  }
  log(built ? 'server/dist is older than the sources: building shared and server…' : 'building shared and server…');
  for (const workspace of ['shared', 'server']) {
    const result = spawnSync('npm', ['run', 'build', '-w', workspace], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status === 0) continue;
    if (!existsSync(SERVER_MAIN)) throw new Error(`npm run build -w ${workspace} failed and there is no server build`);
    log(`WARNING: npm run build -w ${workspace} failed; measuring the existing server/dist`);
    return;
  }
}

/**
 * A fresh database on the machine's PostgreSQL (as the integration tests make them); `drop()` removes it.
 * @param {string} adminUrl e.g. postgres://postgres@127.0.0.1:5432/postgres
 */
export async function createDatabase(adminUrl) {
  const name = `rt_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * @typedef {object} RoundtableServer
 * @property {string} url http://127.0.0.1:<port>
 * @property {number} pid
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => { warnings: number, errors: number }} logCounts
 * @property {string[]} tail last lines it printed
 * @property {() => Promise<void>} stop
 */

/**
 * Starts `node server/dist/main.js`; resolves once /api/health answers.
 * @param {{ databaseUrl: string, port: number, tmpDir: string, logFile: string, nodeArgs?: string[], env?: Record<string, string> }} options
 *   `env`: more settings, e.g. REDIS_URL for the topology run
 * @returns {Promise<RoundtableServer>}
 */
export async function startRoundtable({ databaseUrl, port, tmpDir, logFile, nodeArgs = [], env = {} }) {
  const child = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...serverEnv(databaseUrl, tmpDir), PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  /** @type {string[]} */
  const tail = [];
  const counts = { warnings: 0, errors: 0 };
  const log = createWriteStream(logFile);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(log, { end: false });
    stream?.on('data', (/** @type {Buffer} */ chunk) => {
      // pino levels: 40 warn, 50 error, 60 fatal
      for (const match of chunk.toString('utf8').matchAll(/"level":(\d+)/g)) {
        if (match[1] === '40') counts.warnings++;
        else if (Number(match[1]) >= 50) counts.errors++;
      }
    });
    keepTail(stream, tail);
  }
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health`, { timeoutMs: 60_000, child, what: 'Roundtable' });
  return {
    url,
    pid: /** @type {number} */ (child.pid),
    child,
    tail,
    logCounts: () => ({ ...counts }),
    stop: async () => {
      await stopChild(child, 15_000);
      log.end();
    },
  };
}

/**
 * The server's environment for the bench (also used by the admin CLI, which reads the same config).
 * @param {string} databaseUrl
 * @param {string} tmpDir
 */
function serverEnv(databaseUrl, tmpDir) {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(tmpDir, 'data'),
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    AUDIT_SIGNING_KEY_FILE: path.join(tmpDir, 'audit-signing-key.pem'),
    COLLAB_UNLOAD_AFTER_MS: String(COLLAB_UNLOAD_AFTER_MS),
  };
}

/**
 * Creates an account with the admin CLI (password on standard input).
 * @param {{ databaseUrl: string, tmpDir: string, email: string, name: string, jobTitle: string, agency: string, password: string, canChair: boolean }} account
 * @returns {Promise<void>}
 */
export function createUserWithCli({ databaseUrl, tmpDir, email, name, jobTitle, agency, password, canChair }) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ADMIN_CLI,
        'create-user',
        '--email',
        email,
        '--name',
        name,
        '--job-title',
        jobTitle,
        '--agency',
        agency,
        ...(canChair ? ['--can-chair'] : []),
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...serverEnv(databaseUrl, tmpDir) }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`admin create-user ${email} exited ${code}: ${output.trim()}`)),
    );
    child.stdin.end(`${password}\n`);
  });
}

/**
 * A JSON request to the server; throws unless the status is the expected one.
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} route
 * @param {{ cookie?: string, body?: unknown, expect: number }} options
 */
async function request(baseUrl, method, route, { cookie, body, expect }) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + route, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${route} answered ${res.status}: ${text.slice(0, 300)}`);
  return { res, json: text ? JSON.parse(text) : undefined };
}

/**
 * Signs in over HTTP; returns the `rt_session=…` Cookie value.
 * @param {string} baseUrl
 * @param {{ email: string, password: string }} account
 */
export async function signIn(baseUrl, { email, password }) {
  const { res } = await request(baseUrl, 'POST', '/api/auth/login', { body: { email, password }, expect: 200 });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie?.startsWith('rt_session=')) throw new Error('sign-in set no rt_session cookie');
  return cookie;
}

/**
 * Creates a strategy discussion as `chairCookie` (a children's social care user) and adds members.
 * @param {string} baseUrl
 * @param {string} chairCookie
 * @param {{ email: string, role: string }[]} members
 * @param {string} reference
 * @returns {Promise<string>} the meeting id
 */
export async function createMeeting(baseUrl, chairCookie, members, reference) {
  const { json } = await request(baseUrl, 'POST', '/api/meetings', {
    cookie: chairCookie,
    expect: 201,
    body: {
      reference,
      reason: 'Benchmark meeting: synthetic content only.',
      scheduledAt: '2026-03-02T13:00:00Z',
      format: 'online',
      children: [{ name: 'Bench Testcase', dateOfBirth: '2021-11-14' }],
    },
  });
  const meetingId = /** @type {{ id: string }} */ (json).id;
  for (const member of members) {
    await request(baseUrl, 'POST', `/api/meetings/${meetingId}/members`, {
      cookie: chairCookie,
      expect: 201,
      body: member,
    });
  }
  return meetingId;
}
