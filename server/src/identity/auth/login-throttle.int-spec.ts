import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import { FAMILY_LIMITS } from '@roundtable/shared/family';
import { createClient, type RedisClientType } from 'redis';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { eventually } from '../../../test/support/eventually';
import { PartitionProxy } from '../../../test/support/partition-proxy';
import { freshRedisKeyPrefix, redisAvailable, TEST_REDIS_URL } from '../../../test/support/redis';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';

const wrongPassword = (app: TestApp, email: string) =>
  app.request('POST', '/api/auth/login', { body: { email, password: 'not the password at all' } });

describe('sign-in throttles', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
  });

  afterAll(async () => {
    await database?.stop();
  });

  it('throttles one instance without Redis (counters in memory)', async () => {
    const app = await TestApp.start(database);
    try {
      const { email } = await app.createUser();
      for (let i = 0; i < LIMITS.loginAttemptsPerWindow; i++)
        expect((await wrongPassword(app, email)).status).toBe(401);
      expect((await wrongPassword(app, email)).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  (redisAvailable() ? describe : describe.skip)('two instances behind Redis', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      const env = { REDIS_URL: TEST_REDIS_URL, THROTTLE_REDIS_KEY_PREFIX: freshRedisKeyPrefix() };
      a = await TestApp.start(database, env);
      b = await TestApp.start(database, env);
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('refuses attempts alternating between the instances once the shared limit is reached', async () => {
      const { email } = await a.createUser();
      for (let i = 0; i < LIMITS.loginAttemptsPerWindow; i++) {
        expect((await wrongPassword(i % 2 === 0 ? a : b, email)).status).toBe(401);
      }
      // Each instance has seen only half the attempts; the limit is on their sum.
      expect((await wrongPassword(a, email)).status).toBe(429);
      expect((await wrongPassword(b, email)).status).toBe(429);
      // Even the right password waits for the window to pass.
      const refused = await b.request('POST', '/api/auth/login', {
        body: { email, password: (await a.createUser()).password },
      });
      expect(refused.status).toBe(429);
    });

    it('refuses family sign-in codes tried from one address across the instances once its limit is reached', async () => {
      const email = `${randomBytes(4).toString('hex')}@example.org`;
      const tryCode = (app: TestApp) =>
        app.request('POST', '/api/family/sign-in', {
          body: { meetingReference: 'NO-SUCH-MEETING', email, code: '000000' },
        });
      for (let i = 0; i < FAMILY_LIMITS.signInAttemptsPerAddress; i++) {
        expect((await tryCode(i % 2 === 0 ? a : b)).status).toBe(401);
      }
      expect((await tryCode(a)).status).toBe(429);
      expect((await tryCode(b)).status).toBe(429);
    });
  });

  (redisAvailable() ? it : it.skip)(
    'falls back to counting in memory, with a warning, while Redis is unreachable, and shares again once it is back',
    async () => {
      const redis = new URL(TEST_REDIS_URL);
      const proxy = await PartitionProxy.start({ host: redis.hostname, port: Number(redis.port) || 6379 });
      const prefix = freshRedisKeyPrefix();
      const app = await TestApp.start(database, {
        REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        THROTTLE_REDIS_KEY_PREFIX: prefix,
      });
      const inspector: RedisClientType = createClient({ url: TEST_REDIS_URL });
      await inspector.connect();
      const countersInRedis = async () => (await inspector.keys(`${prefix}*`)).length;
      try {
        const { email } = await app.createUser();
        const warn = jest.spyOn(Logger.prototype, 'warn');
        proxy.partition();
        // Refused quickly and still counted: neither unlimited nor a lock-out of everyone.
        const started = Date.now();
        for (let i = 0; i < LIMITS.loginAttemptsPerWindow; i++)
          expect((await wrongPassword(app, email)).status).toBe(401);
        expect((await wrongPassword(app, email)).status).toBe(429);
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(await countersInRedis()).toBe(0);
        expect(warn).toHaveBeenCalledWith(
          expect.anything(),
          'Redis does not answer: throttles (sign-in, record links, service tokens) count per instance until it does',
        );
        warn.mockRestore();
        proxy.heal();
        // Back on Redis within seconds: new attempts are counted there again.
        await eventually(async () => {
          await wrongPassword(app, `${randomBytes(4).toString('hex')}@example.org`);
          expect(await countersInRedis()).toBeGreaterThan(0);
        }, 15_000);
      } finally {
        await inspector.quit();
        await app.close();
        await proxy.close();
      }
    },
    60_000,
  );
});
