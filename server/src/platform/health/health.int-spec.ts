import net from 'node:net';
import { HealthResponseSchema } from '@roundtable/shared/schemas';
import type { DatabaseHandle } from '../database/embedded-postgres';
import { freePort } from '../database/embedded-postgres';
import { eventually } from '../../../test/support/eventually';
import { TestApp } from '../../../test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../../../test/support/test-database';

const MACHINE_REDIS = { host: '127.0.0.1', port: 6379 };
const IN_CI = process.env.CI === 'true';

/** Whether the machine's Redis answers; locally its absence skips the Redis cases, in CI it fails them. */
function machineRedisAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(MACHINE_REDIS.port, MACHINE_REDIS.host);
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

/**
 * A TCP relay to the machine's Redis that the test can cut and restore on the
 * same port: to the app, Redis goes away (connections reset, then refused)
 * and comes back.
 */
class CuttableRedis {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  private constructor(readonly port: number) {}

  static async start(): Promise<CuttableRedis> {
    const relay = new CuttableRedis(await freePort());
    await relay.restore();
    return relay;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(MACHINE_REDIS.port, MACHINE_REDIS.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

// Health does not depend on the kind of PostgreSQL: one run, on the machine's when there is one.
const kind = availableDatabaseKinds().includes('machine') ? 'machine' : 'embedded';

describe(`GET /api/health [${kind} PostgreSQL]`, () => {
  let database: DatabaseHandle;
  let redisAvailable = false;
  const apps: TestApp[] = [];
  const relays: CuttableRedis[] = [];

  beforeAll(async () => {
    database = await startTestDatabase(kind);
    redisAvailable = await machineRedisAvailable();
    if (!redisAvailable) {
      const reason = `Redis at ${MACHINE_REDIS.host}:${MACHINE_REDIS.port} is not reachable`;
      if (IN_CI) throw new Error(`${reason}; CI requires it (nothing may skip in CI)`);
      process.stderr.write(`[roundtable tests] skipping the health checks with Redis: ${reason}\n`);
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const relay of relays) await relay.cut();
    await database?.stop();
  });

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    const app = await TestApp.start(database, env);
    apps.push(app);
    return app;
  }

  it('is ok without Redis configured (one instance needs none)', async () => {
    const app = await start();
    const res = await app.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(HealthResponseSchema.parse(res.body)).toMatchObject({ status: 'ok', database: 'up', redis: 'disabled' });
  });

  it('reports Redis up when REDIS_URL answers', async () => {
    if (!redisAvailable) return;
    const app = await start({ REDIS_URL: `redis://${MACHINE_REDIS.host}:${MACHINE_REDIS.port}` });
    const res = await app.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('is degraded (503) while a configured Redis is away, and ok again once it is back', async () => {
    if (!redisAvailable) return;
    const redis = await CuttableRedis.start();
    relays.push(redis); // cut for good after the apps have closed
    const app = await start({ REDIS_URL: redis.url });
    expect((await app.request('GET', '/api/health')).body).toMatchObject({ status: 'ok', redis: 'up' });

    await redis.cut();
    const down = await eventually(async () => {
      const res = await app.request('GET', '/api/health');
      expect(res.status).toBe(503);
      return res.body;
    });
    expect(HealthResponseSchema.parse(down)).toMatchObject({ status: 'degraded', database: 'up', redis: 'down' });

    await redis.restore();
    await eventually(async () => {
      const res = await app.request('GET', '/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', database: 'up', redis: 'up' });
    });
  });

  it('refuses to start, quickly and saying why, when REDIS_URL does not answer', async () => {
    const port = await freePort(); // nothing listens there
    const started = Date.now();
    await expect(TestApp.start(database, { REDIS_URL: `redis://:s3cret@127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port} \\(REDIS_URL\\) did not answer: .*ECONNREFUSED`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('never puts the Redis password in the refusal', async () => {
    const port = await freePort();
    const error = await TestApp.start(database, { REDIS_URL: `redis://user:s3cret@127.0.0.1:${port}` }).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('s3cret');
  });
});
