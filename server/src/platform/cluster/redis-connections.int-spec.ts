import type { DatabaseHandle } from '../database/embedded-postgres';
import { eventually } from '../../../test/support/eventually';
import { freshRedisKeyPrefix, redisAvailable, TEST_REDIS_URL } from '../../../test/support/redis';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';

/** This process's open TCP connections to the test Redis. */
function connectionsToRedis(): number {
  const port = Number(new URL(TEST_REDIS_URL).port) || 6379;
  const handles = (process as unknown as { _getActiveHandles(): { remotePort?: number }[] })._getActiveHandles();
  return handles.filter((handle) => handle.remotePort === port).length;
}

(redisAvailable() ? describe : describe.skip)('an instance with REDIS_URL', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
  });

  afterAll(async () => {
    await database?.stop();
  });

  it('closes every connection it opened to Redis when it shuts down', async () => {
    // The throttles' client was made twice (its init ran once for each provider it serves as),
    // and the first was never closed: it held each test worker, and would hold a process open.
    const before = connectionsToRedis();
    const app = await TestApp.start(database, {
      REDIS_URL: TEST_REDIS_URL,
      THROTTLE_REDIS_KEY_PREFIX: freshRedisKeyPrefix(),
    });
    // The link between instances (2), socket.io's adapter (2) and the throttles' counters (1).
    await eventually(() => expect(connectionsToRedis() - before).toBe(5), 5_000);
    await app.close();
    await eventually(() => expect(connectionsToRedis()).toBe(before), 5_000);
  });
});
