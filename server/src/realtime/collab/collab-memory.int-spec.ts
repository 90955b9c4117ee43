import { randomUUID } from 'node:crypto';
import { documentName } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { LiveConnectionRegistry } from '../../platform/live-connections/live-connections.registry';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { eventually } from '../../../test/support/eventually';
import { forcedGc, heapAfterGc } from '../../../test/support/heap';
import { buildMeeting, TestApp, type TestUser } from '../../../test/support/test-app';
import { availableDatabaseKinds, startTestDatabase } from '../../../test/support/test-database';
import { CollabDocumentRegistry } from './collab-document-registry';
import { encodeUpdateMessage } from './collab-protocol';
import { CollabGateway } from './collab.gateway';

/** Documents opened and closed in turn; the first part through real connections, the rest through the registry. */
const DOCUMENTS = 10_000;
const MEETINGS_OVER_WEBSOCKETS = 60; // two documents each: the record and the safety plan
const CONCURRENCY = 12;
/** Heap growth allowed over the whole run (a leak of 2 KiB per document would be 20 MiB). */
const HEAP_GROWTH_MAX_BYTES = 12 * 1024 * 1024;

/** Runs `work` for every item with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

function updateWithText(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('analysis').insert(0, [new Y.XmlText(text)]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

// The machine's PostgreSQL only: 10,000 loads are about the collab server's memory, not the database setup.
const kinds = availableDatabaseKinds().filter((kind) => kind === 'machine');
if (kinds.length === 0)
  process.stderr.write('[roundtable tests] skipping the collab memory test: no machine PostgreSQL\n');

for (const kind of kinds) {
  describe(`collab memory over ${DOCUMENTS} documents [${kind} PostgreSQL]`, () => {
    let database: DatabaseHandle;
    let app: TestApp;

    beforeAll(async () => {
      database = await startTestDatabase(kind);
      app = await TestApp.start(database, { COLLAB_UNLOAD_AFTER_MS: '0' });
    });

    afterAll(async () => {
      await app?.close();
      await database?.stop();
    });

    it('holds no document after each is opened and closed in turn, and the heap stays bounded', async () => {
      const registry = app.get(CollabDocumentRegistry);
      const gateway = app.get(CollabGateway);
      const gc = forcedGc();
      const started = performance.now();
      const phases: string[] = [];
      const phase = (what: string) => phases.push(`${what} ${Math.round(performance.now() - started)} ms`);

      // Real connections: 60 meetings, each of their two documents opened by a member who types, then leaves.
      const chair = await app.createUser({ displayName: 'Chair Person', agency: 'childrens-social-care' });
      const editorUser: TestUser = await app.createUser({ displayName: 'Ed Itor', agency: 'health' });
      const chairCookie = await app.signIn(chair); // once: sign-ins are throttled
      const meetingIds: string[] = [];
      for (let i = 0; i < MEETINGS_OVER_WEBSOCKETS; i++) {
        const created = await app.request('POST', '/api/meetings', { cookie: chairCookie, body: buildMeeting() });
        expect(created.status).toBe(201);
        const added = await app.request('POST', `/api/meetings/${created.body.id}/members`, {
          cookie: chairCookie,
          body: { email: editorUser.email, role: 'participant' },
        });
        expect(added.status).toBe(201);
        meetingIds.push(created.body.id as string);
      }
      const cookie = await app.signIn(editorUser);
      const viaWebSocket = meetingIds.flatMap((id) => [documentName(id, 'record'), documentName(id, 'safety-plan')]);

      // The rest straight through the registry, each document with a stored update to load.
      const viaRegistry = Array.from({ length: DOCUMENTS - viaWebSocket.length }, () =>
        documentName(randomUUID(), 'record'),
      );
      for (let start = 0; start < viaRegistry.length; start += 1000) {
        const names = viaRegistry.slice(start, start + 1000);
        await app.dataSource.query(
          `INSERT INTO document_updates (document_name, update, user_id)
           SELECT name, upd, $3 FROM unnest($1::text[], $2::bytea[]) AS t(name, upd)`,
          [names, names.map((name) => Buffer.from(updateWithText(`text of ${name}`))), editorUser.user.id],
        );
      }

      phase('setup');
      let maxLoaded = 0;
      const openAndClose = async (name: string) => {
        const socket = new WebSocket(`${app.wsUrl}/collab/${name}`, { headers: { Cookie: cookie, Origin: app.url } });
        // The server's first frame (sync step 1) comes once the document is loaded.
        await new Promise((resolve, reject) => {
          socket.once('message', resolve);
          socket.once('error', reject);
        });
        maxLoaded = Math.max(maxLoaded, registry.loadedCount);
        socket.send(encodeUpdateMessage(updateWithText(`typed into ${name}`)));
        await eventually(async () => {
          const [row]: { n: string }[] = await app.dataSource.query(
            'SELECT count(*) AS n FROM document_updates WHERE document_name = $1',
            [name],
          );
          expect(Number(row!.n)).toBe(1);
        });
        const closed = new Promise((resolve) => socket.once('close', resolve));
        socket.close();
        await closed;
      };
      const acquireAndRelease = async (name: string) => {
        const document = await registry.acquire(name);
        expect(document.doc.getXmlFragment('analysis').length).toBe(1);
        maxLoaded = Math.max(maxLoaded, registry.loadedCount);
        registry.release(document);
      };

      // Warm-up (code paths compiled, pools filled) before the baseline.
      await pool(viaWebSocket.slice(0, 20), CONCURRENCY, openAndClose);
      await pool(viaRegistry.slice(0, 500), CONCURRENCY, acquireAndRelease);
      await eventually(() => expect(registry.loadedCount).toBe(0));
      const baseline = await heapAfterGc(gc);

      phase('warm-up');
      await pool(viaWebSocket.slice(20), CONCURRENCY, openAndClose);
      phase('websockets');
      await pool(viaRegistry.slice(500), CONCURRENCY, acquireAndRelease);
      phase('registry');

      await eventually(() => expect(registry.loadedCount).toBe(0));
      await eventually(() => expect(gateway.connectionCount).toBe(0));
      expect(app.get(LiveConnectionRegistry).openConnectionsOf(editorUser.user.id)).toBe(0);
      // Unloading keeps pace: never more than the documents in use at once, and the few being unloaded.
      expect(maxLoaded).toBeLessThanOrEqual(2 * CONCURRENCY);

      const growth = (await heapAfterGc(gc)) - baseline;
      process.stdout.write(
        `[collab memory] ${DOCUMENTS} documents (${viaWebSocket.length} over WebSockets): heap ${
          Math.round(baseline / 1024 / 102.4) / 10
        } MiB at the baseline, growth ${Math.round(growth / 1024)} KiB, at most ${maxLoaded} loaded at once; ${phases.join(', ')}\n`,
      );
      expect(growth).toBeLessThan(HEAP_GROWTH_MAX_BYTES);
      // A guard against a hang, not a speed target (npm run bench measures speed): CPU-bound,
      // it takes 90-140 s beside two other test files on a 2-core machine.
    }, 300_000);
  });
}
