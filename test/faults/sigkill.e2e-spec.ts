import { eventually } from '../../server/test/support/eventually';
import { ServerProcess } from '../support/server-process';
import { type Editor, allTyped, converged, documentTokens, missing } from './support/editors';
import { type Scene, connectEditors, setUpScene } from './support/scene';

/**
 * The server killed outright (SIGKILL: no shutdown code runs) while 20
 * clients type. The server relays an update only after PostgreSQL committed
 * it, so whatever any client received before the kill must be there after a
 * restart; and the clients, which keep what was not stored, reconnect and
 * converge.
 */
describe('server killed with SIGKILL during editing by 20 clients', () => {
  let scene: Scene;
  const servers: ServerProcess[] = [];
  const editors: Editor[] = [];

  beforeAll(async () => {
    // Each y-websocket provider adds a process 'exit' listener; 21 of them are expected here.
    process.setMaxListeners(30);
    const { server, ...rest } = await setUpScene(3);
    scene = rest;
    servers.push(server);
  });

  afterAll(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    for (const server of servers) await server.stop();
    await scene?.database.destroy();
  });

  it('keeps every update any client had received, and the clients converge after a restart', async () => {
    const first = servers[0]!;
    editors.push(...(await connectEditors(scene, first, 20)));
    for (const editor of editors) editor.startTyping(60);

    // Mid-stream: every editor has typed and has received the others' typing.
    await eventually(() => {
      for (const editor of editors) expect(editor.receivedFromOthers().length).toBeGreaterThan(150);
    }, 20_000);
    first.kill('SIGKILL');
    const exit = await first.exited;
    expect(exit.signal).toBe('SIGKILL');
    for (const editor of editors) editor.stopTyping();
    // No new server can have sent anything yet: hold the clients back so their resent state cannot hide a loss.
    for (const editor of editors) editor.provider.disconnect();
    const received = new Set(editors.flatMap((editor) => [...editor.received]));
    const typed = allTyped(editors);
    expect(received.size).toBeGreaterThan(150);

    const second = await ServerProcess.start(scene.envFor(Number(new URL(first.baseUrl).port)));
    servers.push(second);

    // A fresh client and the database itself: everything any client had received is stored.
    const [fresh] = await connectEditors(scene, second, 1, 90);
    editors.push(fresh!);
    expect(missing(received, fresh!.tokens())).toEqual([]);
    const stored = await scene.database.storedDocument(scene.documentName);
    expect(missing(received, documentTokens(stored))).toEqual([]);
    stored.destroy();

    // The old clients come back, resend what was not stored, and everyone ends with every token.
    for (const editor of editors) editor.provider.connect();
    await converged(editors, 30_000);
    const after = await scene.database.storedDocument(scene.documentName);
    expect(missing(typed, documentTokens(after))).toEqual([]);
    after.destroy();
  });
});
