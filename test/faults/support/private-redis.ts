import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../../../server/src/platform/database/embedded-postgres';

const IN_CI = process.env.CI === 'true';

/**
 * Whether `redis-server` is on this machine. Locally a missing binary skips
 * the Redis tests with a printed reason; with CI=true it is a failure.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { timeout: 5_000 }).status === 0;
  if (found) return true;
  const reason = 'redis-server is not installed';
  if (IN_CI) throw new Error(`${reason}; CI requires it (nothing may skip in CI)`);
  process.stderr.write(`[roundtable tests] skipping the Redis fault test: ${reason}\n`);
  return false;
}

/** A Redis of the test's own (no persistence, a free port) that it can stop and start again on the same port. */
export class PrivateRedis {
  private process: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.resume();
    return redis;
  }

  async resume(): Promise<void> {
    if (this.process) return;
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills the server (SIGKILL: as abrupt as a crash) and waits until it is gone. */
  async halt(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
