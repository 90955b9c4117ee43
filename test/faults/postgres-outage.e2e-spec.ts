import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { eventually } from '../../server/test/support/eventually';
import type { ServerProcess } from '../support/server-process';
import { type Editor, allTyped, converged, documentTokens, missing } from './support/editors';
import { type Scene, connectEditors, setUpScene } from './support/scene';

const OUTAGE_MS = 10_000;

/**
 * PostgreSQL stopped for 10 s while people type. The server must stay up,
 * say so on /api/health, relay nothing it could not store (the senders'
 * connections end with 4503 and their providers keep the edits), and recover
 * by itself once PostgreSQL is back: the providers reconnect, resend through
 * sync, and every edit ends up stored.
 */
describe('PostgreSQL stopped for 10 s during editing', () => {
  let scene: Scene;
  let server: ServerProcess;
  const editors: Editor[] = [];

  beforeAll(async () => {
    ({ server, ...scene } = await setUpScene(3));
  });

  afterAll(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    await server?.stop();
    await scene?.database.destroy();
  });

  it('keeps the server up, acknowledges nothing unstored, and recovers by itself', async () => {
    editors.push(...(await connectEditors(scene, server, 6)));
    for (const editor of editors) for (let i = 0; i < 3; i++) editor.type();
    await converged(editors);
    const pid = server.child.pid;

    await scene.database.halt();
    const haltedAt = Date.now();
    const before = new Set(allTyped(editors));
    for (const editor of editors) editor.startTyping(250);

    // The server answers, and says the database is down.
    const health = await eventually(async () => {
      const { status, body } = await server.health();
      expect({ status, database: body?.database }).toEqual({ status: 503, database: 'down' });
      return body;
    });
    expect(health.status).toBe('degraded');

    // Every typist's connection was ended as "could not store", and nobody saw anything typed since the halt.
    await eventually(() => {
      for (const editor of editors) {
        expect({ editor: editor.id, closedWith: editor.closeCodes.includes(CLOSE_CODES.storageUnavailable) }).toEqual({
          editor: editor.id,
          closedWith: true,
        });
      }
    }, OUTAGE_MS - 1_000);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - haltedAt)));
    for (const editor of editors) editor.stopTyping();
    const duringOutage = allTyped(editors).filter((token) => !before.has(token));
    expect(duringOutage.length).toBeGreaterThan(6 * 10);
    const relayed = editors.flatMap((editor) => editor.receivedFromOthers()).filter((t) => !before.has(t));
    expect(relayed).toEqual([]);
    expect(server.running).toBe(true);

    await scene.database.resume();
    // Same process, no restart: health recovers and the providers get back in and resend.
    await eventually(async () => expect((await server.health()).status).toBe(200), 15_000);
    await converged(editors, 30_000);
    expect(server.child.pid).toBe(pid);
    expect(server.running).toBe(true);
    const stored = await scene.database.storedDocument(scene.documentName);
    expect(missing(allTyped(editors), documentTokens(stored))).toEqual([]);
    stored.destroy();

    // The on-call engineer sees which document failed and why, and no record text.
    const failures = server.logs().filter((r) => r.msg === 'could not store updates; closing the sending connections');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toMatchObject({ document: scene.documentName, err: { code: expect.any(String) } });
    }
    // Reconnections refused meanwhile (the session could not be read) name the document too.
    const refused = server.logs().filter((r) => r.msg === 'collab upgrade failed');
    expect(refused.length).toBeGreaterThan(0);
    for (const failure of refused) {
      expect(failure).toMatchObject({ document: scene.documentName, err: { code: expect.any(String) } });
    }
    expect(server.output).not.toMatch(/E\d{2}N\d{4}/);
  });
});
