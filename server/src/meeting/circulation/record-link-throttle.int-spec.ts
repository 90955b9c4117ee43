import { randomBytes } from 'node:crypto';
import { CIRCULATION_LIMITS, RECORD_LINK_TOO_MANY, RECORD_LINK_UNKNOWN } from '@roundtable/shared/circulation';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { freshRedisKeyPrefix, redisAvailable, TEST_REDIS_URL } from '../../../test/support/redis';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';

/** A well-formed link token that names no link: each request still counts against the address. */
const unknownToken = () => randomBytes(32).toString('base64url');

const openLink = (app: TestApp) => app.request('POST', '/api/record-links/open', { body: { token: unknownToken() } });
const askForCode = (app: TestApp) => app.request('POST', '/api/record-links/code', { body: { token: unknownToken() } });

// Every request of these tests comes from one address (the loopback), so each test needs fresh counters.
describe('the per-address limit on record links', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
  });

  afterAll(async () => {
    await database?.stop();
  });

  it('refuses an address past its limit on one instance without Redis (counters in memory)', async () => {
    const app = await TestApp.start(database);
    try {
      for (let i = 0; i < CIRCULATION_LIMITS.attemptsPerAddress; i++) {
        const res = await openLink(app);
        expect(res.status).toBe(404);
        expect(res.body.message).toBe(RECORD_LINK_UNKNOWN);
      }
      const refused = await openLink(app);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RateLimited', message: RECORD_LINK_TOO_MANY });
      expect((await askForCode(app)).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  (redisAvailable() ? it : it.skip)(
    'refuses an address whose requests alternated between two instances once their sum reaches the limit',
    async () => {
      const env = { REDIS_URL: TEST_REDIS_URL, THROTTLE_REDIS_KEY_PREFIX: freshRedisKeyPrefix() };
      const a = await TestApp.start(database, env);
      const b = await TestApp.start(database, env);
      try {
        for (let i = 0; i < CIRCULATION_LIMITS.attemptsPerAddress; i++) {
          const res = await (i % 2 === 0 ? openLink(a) : askForCode(b));
          expect(res.status).toBe(404);
        }
        // Each instance has seen only half the requests; the limit is on their sum.
        const refused = await openLink(a);
        expect(refused.status).toBe(429);
        expect(refused.body).toMatchObject({ code: 'RateLimited', message: RECORD_LINK_TOO_MANY });
        expect((await openLink(b)).status).toBe(429);
        expect((await askForCode(b)).status).toBe(429);
      } finally {
        await a.close();
        await b.close();
      }
    },
    60_000,
  );
});
