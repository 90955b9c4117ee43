import { freePort } from '../../server/src/platform/database/embedded-postgres';
import { eventually } from '../../server/test/support/eventually';
import { ServerProcess } from '../support/server-process';
import { type Editor, allTyped, converged, documentTokens, missing } from './support/editors';
import { PrivateRedis, redisServerAvailable } from './support/private-redis';
import { type Scene, connectEditors, setUpScene } from './support/scene';

/**
 * Two instances behind one PostgreSQL, linked by Redis, with people on both
 * editing one record. Redis dies for a few seconds and comes back: messages
 * sent meanwhile are lost (pub/sub), so the instances must catch up from
 * PostgreSQL, and every client ends with every edit.
 */
(redisServerAvailable() ? describe : describe.skip)('Redis stopped and restarted under two instances', () => {
  let redis: PrivateRedis;
  let scene: Scene;
  const servers: ServerProcess[] = [];
  const editors: Editor[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const { server, ...rest } = await setUpScene(3, { REDIS_URL: redis.url });
    scene = rest;
    servers.push(server);
    // The second instance: same database, same Redis (and, through envFor, the same audit signing key).
    servers.push(await ServerProcess.start(scene.envFor(await freePort(), { REDIS_URL: redis.url })));
  });

  afterAll(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    for (const server of servers) await server.stop();
    await scene?.database.destroy();
    await redis?.halt();
  });

  it('lets clients on both instances converge on every edit', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    editors.push(...(await connectEditors(scene, a, 3, 0)), ...(await connectEditors(scene, b, 3, 3)));
    for (const editor of editors) for (let i = 0; i < 3; i++) editor.type();
    await converged(editors);

    for (const editor of editors) editor.startTyping(150);
    await redis.halt();
    await eventually(async () => {
      for (const server of [a, b]) expect((await server.health()).body?.redis).toBe('down');
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await redis.resume();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const editor of editors) editor.stopTyping();

    for (const server of [a, b]) {
      await eventually(async () => expect((await server.health()).status).toBe(200), 15_000);
      expect(server.running).toBe(true);
    }
    await converged(editors, 30_000);
    const stored = await scene.database.storedDocument(scene.documentName);
    expect(missing(allTyped(editors), documentTokens(stored))).toEqual([]);
    stored.destroy();
  });
});
