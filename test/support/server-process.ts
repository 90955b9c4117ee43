import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** The built server and admin CLI, run as in production: their own processes, their own stdout. */
export const SERVER_MAIN = path.join(__dirname, '..', '..', 'server', 'dist', 'main.js');
export const ADMIN_CLI = path.join(__dirname, '..', '..', 'server', 'dist', 'cli', 'admin.js');
const run = promisify(execFile);

/** One pino JSON line of the server's output. */
export type LogRecord = Record<string, unknown> & { level?: number; msg?: string };

/**
 * The environment of a built server on `port` against `databaseUrl`: test
 * mode, no demo data, its own audit signing key. `overrides` win.
 */
export function serverEnv(port: number, databaseUrl: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DEMO_DATA: 'off',
    LOG_LEVEL: 'info',
    AUDIT_SIGNING_KEY_FILE: path.join(os.tmpdir(), `roundtable-test-key-${randomUUID()}.pem`),
    ...overrides,
  };
}

/**
 * Creates an account with the admin CLI (which migrates the database first); the password goes in on stdin.
 * A children's social care account may convene and chair unless `canChair` says otherwise.
 */
export async function createUserWithCli(
  env: NodeJS.ProcessEnv,
  user: { email: string; name: string; agency: string; password: string; canChair?: boolean },
): Promise<void> {
  const canChair = user.canChair ?? user.agency === 'childrens-social-care';
  const child = run(
    process.execPath,
    [
      ADMIN_CLI,
      'create-user',
      '--email',
      user.email,
      '--name',
      user.name,
      '--job-title',
      'Tester',
      '--agency',
      user.agency,
      ...(canChair ? ['--can-chair'] : []),
    ],
    { env },
  );
  child.child.stdin?.end(`${user.password}\n`);
  await child;
}

/** Signs in over HTTP; the session cookie (`name=value`) and the status. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
}

/** A JSON API call with a session cookie; throws on a non-2xx answer. */
export async function api(
  baseUrl: string,
  method: string,
  route: string,
  cookie: string,
  body?: unknown,
): Promise<any> {
  const res = await fetch(baseUrl + route, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/**
 * `node server/dist/main.js` as a child process: its output is captured (for
 * assertions about what it logged), and it can be signalled like any process.
 */
export class ServerProcess {
  /** Everything the process wrote to stdout and stderr. */
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    /** The environment it was started with. */
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  /** Spawns the server with `env` (see serverEnv) and waits until `/api/health` answers 200. */
  static async start(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ServerProcess> {
    if (!existsSync(SERVER_MAIN)) throw new Error('server/dist is missing: run `npm run build` (npm test does) first');
    const child = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ServerProcess(child, `http://${env.HOST ?? '127.0.0.1'}:${env.PORT}`, env);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!server.running) throw new Error(`server exited during start:\n${server.output}`);
      if ((await server.health()).status === 200) return server;
      if (Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`server did not start:\n${server.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** ws://… of the same server. */
  get wsUrl(): string {
    return this.baseUrl.replace(/^http/, 'ws');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** `/api/health`: status 0 when nothing answered. */
  async health(): Promise<{ status: number; body: any }> {
    try {
      const res = await fetch(`${this.baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: await res.json().catch(() => null) };
    } catch {
      return { status: 0, body: null };
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** The JSON lines of the output (pino), in order; other lines are left out. */
  logs(): LogRecord[] {
    const records: LogRecord[] = [];
    for (const line of this.output.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        records.push(JSON.parse(line) as LogRecord);
      } catch {
        // a line cut by a kill
      }
    }
    return records;
  }

  /** Kills the process if it still runs and waits for it to exit. */
  async stop(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
  }
}
