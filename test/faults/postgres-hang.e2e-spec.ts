import { eventually } from '../../server/test/support/eventually';
import type { ServerProcess } from '../support/server-process';
import { type Scene, setUpScene } from './support/scene';

/** The health check waits at most this long for each dependency (HEALTH_DEPENDENCY_TIMEOUT_MS), plus slack for a busy machine. */
const BOUND_MS = 2_500;

/**
 * PostgreSQL hangs (SIGSTOP: connections stay open, nothing answers), which
 * is what a load balancer must notice. /api/health answers 503 "database:
 * down" within its bound, on a connection of its own, however many probes
 * arrive, and recovers once PostgreSQL runs again.
 */
describe('PostgreSQL hung (stopped, not down)', () => {
  let scene: Scene;
  let server: ServerProcess;

  beforeAll(async () => {
    ({ server, ...scene } = await setUpScene(1));
  });

  afterAll(async () => {
    await scene?.database.thaw();
    await server?.stop();
    await scene?.database.destroy();
  });

  it('answers /api/health with 503 "database: down" within its bound, and recovers', async () => {
    expect((await server.health()).status).toBe(200);
    await scene.database.freeze();
    try {
      // More probes than the pool has connections (10): none of them may queue behind the others.
      const probes = await Promise.all(
        Array.from({ length: 15 }, async () => {
          const started = Date.now();
          const { status, body } = await server.health();
          return { status, database: body?.database, ms: Date.now() - started };
        }),
      );
      for (const probe of probes) {
        expect({ status: probe.status, database: probe.database }).toEqual({ status: 503, database: 'down' });
        expect(probe.ms).toBeLessThan(BOUND_MS);
      }
    } finally {
      await scene.database.thaw();
    }
    await eventually(async () => expect((await server.health()).status).toBe(200), 10_000);
  });
});
