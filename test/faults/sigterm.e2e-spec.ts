import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { eventually } from '../../server/test/support/eventually';
import type { ServerProcess } from '../support/server-process';
import { type Editor, documentTokens, missing } from './support/editors';
import { type Scene, connectEditors, setUpScene } from './support/scene';

const AUDIT_VERIFY = path.join(__dirname, '..', '..', 'server', 'dist', 'cli', 'audit-verify.js');
const run = promisify(execFile);

/**
 * SIGTERM (what an orchestrator sends before it kills) while people type:
 * the server tells the clients it is going away (1001), writes what it has
 * queued, signs a final audit checkpoint and exits 0, all within 10 s.
 */
describe('SIGTERM during editing', () => {
  let scene: Scene;
  let server: ServerProcess;
  const editors: Editor[] = [];

  beforeAll(async () => {
    // A long edit window: the edits' audit entries are written only at shutdown, so the final checkpoint must follow them.
    ({ server, ...scene } = await setUpScene(3, { AUDIT_EDIT_WINDOW_MS: '60000' }));
  });

  afterAll(async () => {
    for (const editor of editors.splice(0)) editor.destroy();
    await server?.stop();
    await scene?.database.destroy();
  });

  it('flushes, signs a final checkpoint, closes clients with 1001 and exits 0 within 10 s', async () => {
    editors.push(...(await connectEditors(scene, server, 8)));
    for (const editor of editors) editor.startTyping(50);
    await eventually(() => {
      for (const editor of editors) expect(editor.receivedFromOthers().length).toBeGreaterThan(40);
    }, 20_000);

    const signalledAt = Date.now();
    server.kill('SIGTERM');
    const exit = await server.exited;
    const tookMs = Date.now() - signalledAt;
    for (const editor of editors) editor.stopTyping();
    for (const editor of editors) editor.provider.disconnect();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(10_000);

    // Everyone was told the server is going away.
    for (const editor of editors) {
      expect({ editor: editor.id, codes: editor.closeCodes }).toEqual({
        editor: editor.id,
        codes: expect.arrayContaining([CLOSE_CODES.goingAway]),
      });
    }
    // Whatever any client received is stored.
    const received = new Set(editors.flatMap((editor) => [...editor.received]));
    const stored = await scene.database.storedDocument(scene.documentName);
    expect(missing(received, documentTokens(stored))).toEqual([]);
    stored.destroy();

    // The last checkpoint, signed during shutdown, covers the whole audit trail, edits included…
    const [head] = await scene.database.query<{ seq: string }>(`SELECT max(seq)::text AS seq FROM audit_events`);
    const [checkpoint] = await scene.database.query<{ tree_size: string; signed_at: Date }>(
      `SELECT tree_size::text AS tree_size, signed_at FROM audit_checkpoints ORDER BY audit_checkpoints.tree_size DESC LIMIT 1`,
    );
    const edits = await scene.database.query<{ occurred_at: Date }>(
      `SELECT occurred_at FROM audit_events WHERE type = 'document.edited'`,
    );
    expect(edits.length).toBeGreaterThan(0);
    for (const edit of edits) expect(new Date(edit.occurred_at).getTime()).toBeGreaterThanOrEqual(signalledAt - 1_000);
    expect(checkpoint?.tree_size).toBe(head?.seq);
    expect(new Date(checkpoint!.signed_at).getTime()).toBeGreaterThanOrEqual(signalledAt - 1_000);
    // …and verifies with the public key, as a safeguarding partner would check it.
    const verify = await run(process.execPath, [
      AUDIT_VERIFY,
      '--database-url',
      scene.database.url,
      '--public-key',
      server.env.AUDIT_SIGNING_KEY_FILE!.replace(/\.pem$/, '.pub.pem'),
      '--json',
    ]).catch((error: { code?: number; stdout?: string; stderr?: string }) => error);
    expect(verify.stderr).toBe('');
    // (The whole report on failure: which entry or checkpoint is broken, and why.)
    expect(JSON.stringify(JSON.parse(verify.stdout!))).toContain('"ok":true');
    expect('code' in verify ? verify.code : 0).toBe(0);

    const messages = server.logs().map((r) => r.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'collab endpoint shut down']));
  });
});
