import { SERVICE_ACCOUNT_REQUESTS_PER_MINUTE } from '@roundtable/shared/integrations';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { freshRedisKeyPrefix, redisAvailable, TEST_REDIS_URL } from '../../../test/support/redis';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';

const TOO_MANY = `Too many requests with this token: at most ${SERVICE_ACCOUNT_REQUESTS_PER_MINUTE} a minute`;

/** A records:read token issued by a new administrator on `app`. */
async function issueToken(app: TestApp): Promise<string> {
  const admin = await app.createUser({ isAdmin: true, agency: 'other' });
  return (await app.createServiceAccount(await app.signIn(admin), { scopes: ['records:read'] })).token;
}

const listRecords = (app: TestApp, token: string) =>
  app.request('GET', '/api/integrations/records', { headers: { authorization: `Bearer ${token}` } });

describe("a service-account token's per-minute limit", () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
  });

  afterAll(async () => {
    await database?.stop();
  });

  it('refuses a token past its limit on one instance without Redis (counters in memory)', async () => {
    const app = await TestApp.start(database);
    try {
      const token = await issueToken(app);
      for (let i = 0; i < SERVICE_ACCOUNT_REQUESTS_PER_MINUTE; i++)
        expect((await listRecords(app, token)).status).toBe(200);
      const refused = await listRecords(app, token);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RateLimited', message: TOO_MANY });
      // The limit is the token's: another token is not held back.
      expect((await listRecords(app, await issueToken(app))).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);

  (redisAvailable() ? it : it.skip)(
    'refuses a token whose requests alternated between two instances once their sum reaches the limit',
    async () => {
      const env = { REDIS_URL: TEST_REDIS_URL, THROTTLE_REDIS_KEY_PREFIX: freshRedisKeyPrefix() };
      const a = await TestApp.start(database, env);
      const b = await TestApp.start(database, env);
      try {
        const token = await issueToken(a);
        for (let i = 0; i < SERVICE_ACCOUNT_REQUESTS_PER_MINUTE; i++) {
          expect((await listRecords(i % 2 === 0 ? a : b, token)).status).toBe(200);
        }
        // Each instance has seen only half the requests; the limit is on their sum.
        const refused = await listRecords(a, token);
        expect(refused.status).toBe(429);
        expect(refused.body).toMatchObject({ code: 'RateLimited', message: TOO_MANY });
        expect((await listRecords(b, token)).status).toBe(429);
      } finally {
        await a.close();
        await b.close();
      }
    },
    60_000,
  );
});
