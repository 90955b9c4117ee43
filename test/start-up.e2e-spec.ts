import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { type DatabaseHandle, freePort } from '../server/src/platform/database/embedded-postgres';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { type LogRecord, SERVER_MAIN, ServerProcess, serverEnv } from './support/server-process';

/**
 * What the built server prints: a few readable lines for a person who ran
 * `npm start` in a terminal, JSON lines for everything else (production, a
 * pipe, a log collector). The terminal is a real pseudo-terminal from
 * util-linux `script`, and the server is stopped the way a person stops it:
 * Ctrl+C typed into that terminal.
 */
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** The built server on a pseudo-terminal; resolves with its output once it has exited after Ctrl+C. */
async function runOnTerminal(env: NodeJS.ProcessEnv, readyWhen: (output: string) => boolean): Promise<string[]> {
  // `script` runs the command through $SHELL (or /bin/sh): `exec` makes the server the terminal's
  // foreground process, as when a person types the command, rather than a child of a shell that
  // takes the Ctrl+C itself (dash dies of it and `script -e` then reports 130, whatever the server did).
  const child: ChildProcess = spawn('script', ['-qfec', `exec "${process.execPath}" "${SERVER_MAIN}"`, '/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!readyWhen(stripVTControlCharacters(output))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start on the terminal:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.stdin?.write('\x03'); // Ctrl+C: the terminal sends SIGINT to the server
  expect(await exited).toBe(0);
  return stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((line) => line.replace(/^\^C/, ''))
    .filter((line) => line.trim() !== '');
}

/** Settings a production start needs besides the database: its own keys, and plain TCP to the test PostgreSQL. */
function productionSettings(): NodeJS.ProcessEnv {
  const keys = mkdtempSync(path.join(os.tmpdir(), 'roundtable-start-up-keys-'));
  const auditKey = path.join(keys, 'audit-signing-key.pem');
  writeFileSync(auditKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const mfaKey = path.join(keys, 'mfa-encryption-key');
  writeFileSync(mfaKey, randomBytes(32).toString('base64'));
  return {
    NODE_ENV: 'production',
    AUDIT_SIGNING_KEY_FILE: auditKey,
    MFA_ENCRYPTION_KEY_FILE: mfaKey,
    ALLOW_INSECURE_INTERNAL_TRANSPORT: 'true',
    DEMO_DATA: 'off',
    // Not the test runs' cheap password hashing: a production server refuses it (production-refusal.e2e-spec).
    PASSWORD_HASH_COST_LOG2_FOR_TESTS: undefined,
  };
}

describe('the built server at start', () => {
  const databases: DatabaseHandle[] = [];
  const database = async () => {
    const handle = await startTestDatabase(oneDatabaseKind());
    databases.push(handle);
    return handle;
  };

  beforeAll(() => {
    if (!HAS_SCRIPT && process.env.CI === 'true')
      throw new Error('util-linux `script` is missing (it gives the test a terminal)');
  });

  afterAll(async () => {
    for (const handle of databases) await handle.stop();
  });

  it('prints a few readable lines on a terminal: where to open it, which database, the demo password', async () => {
    if (!HAS_SCRIPT) return void process.stderr.write('[roundtable tests] skipping: no `script` to give a terminal\n');
    const { url } = await database();
    const port = await freePort();
    const lines = await runOnTerminal(serverEnv(port, url, { DEMO_DATA: 'on' }), (output) =>
      output.includes('Stop it with Ctrl+C'),
    );
    const started = lines.findIndex((line) => line.includes('Stop it with Ctrl+C'));
    expect(started).toBeLessThan(8); // not ~80 lines of module and route registrations
    for (const line of lines) expect({ line, json: line.trimStart().startsWith('{') }).toEqual({ line, json: false });
    const text = lines.join('\n');
    expect(text).toContain(`Roundtable is running at http://127.0.0.1:${port}`);
    const databaseUrl = new URL(url);
    expect(text).toContain(`Database: PostgreSQL at ${databaseUrl.host}${databaseUrl.pathname}`);
    expect(text).not.toContain(url);
    if (databaseUrl.password) expect(text).not.toContain(databaseUrl.password);
    expect(text).toContain(
      'Demo accounts: sam.demo@example.org (chair) and the others in the README, password roundtable-demo',
    );
    expect(text).not.toContain('Mapped {');
    expect(lines.slice(started + 1).join('\n')).toContain('shutting down');
  });

  it('writes JSON lines in production, even on a terminal', async () => {
    if (!HAS_SCRIPT) return void process.stderr.write('[roundtable tests] skipping: no `script` to give a terminal\n');
    const { url } = await database();
    const port = await freePort();
    const lines = await runOnTerminal({ ...serverEnv(port, url), ...productionSettings() }, (output) =>
      output.includes('Roundtable is running at'),
    );
    const records = lines.map((line) => JSON.parse(line) as LogRecord);
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 30,
        url: `http://127.0.0.1:${port}`,
        database: 'external',
        demoData: false,
        msg: `Roundtable is running at http://127.0.0.1:${port}`,
      }),
    );
  });

  it('writes one JSON record a line without a terminal: a request line with its correlation id, nothing from the query string or cookies, service logs with the request id, no health checks', async () => {
    const { url } = await database();
    const server = await ServerProcess.start(serverEnv(await freePort(), url));
    let correlationId = '';
    try {
      const meetings = await fetch(`${server.baseUrl}/api/meetings?child=Zebulon`, {
        headers: { cookie: 'rt_session=canary-session-cookie' },
      });
      expect(meetings.status).toBe(401);
      ({ correlationId } = (await meetings.json()) as { correlationId: string });
      const login = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.org', password: 'canary-password' }),
      });
      expect(login.status).toBe(401);
      expect((await server.health()).status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
    const lines = server.output.split('\n').filter((line) => line !== '');
    const records = lines.map((line) => JSON.parse(line) as LogRecord & { req?: { id: string; path: string } });
    const requestLine = records.find((r) => r.msg === 'GET /api/meetings 401');
    expect(requestLine).toMatchObject({
      level: 30,
      req: { method: 'GET', path: '/api/meetings' },
      res: { statusCode: 401 },
    });
    // The correlation id of the error body is the request's id in the log.
    expect(requestLine?.req?.id).toBe(correlationId);
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.output).not.toContain('Zebulon');
    expect(server.output).not.toContain('canary-session-cookie');
    expect(server.output).not.toContain('canary-password');
    const signInLine = records.find((r) => r.msg === 'POST /api/auth/login 401');
    const refusal = records.find((r) => r.context === 'AuthService' && r.msg === 'sign-in failed');
    expect(signInLine?.req?.id).toBeDefined();
    expect(refusal?.req?.id).toBe(signInLine?.req?.id);
    expect(records.filter((r) => r.req?.path === '/api/health')).toEqual([]);
    expect(records).toContainEqual(
      expect.objectContaining({ context: 'NestApplication', msg: 'Nest application successfully started' }),
    );
  });
});
