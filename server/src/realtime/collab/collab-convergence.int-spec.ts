import { CLOSE_CODES, documentName } from '@roundtable/shared/realtime';
import fc from 'fast-check';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE, syncFrame } from '../../../test/security/raw-collab';
import { CollabTestClient } from '../../../test/support/collab-client';
import { eventually } from '../../../test/support/eventually';
import { writeRawUpdate } from '../../../test/support/yjs-update-writer';
import { buildMeeting, TestApp, type TestUser } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';
import { CollabDocumentRegistry } from './collab-document-registry';
import { DocumentStore } from './document-store.service';

/**
 * Convergence under hostile writers, against the real server and PostgreSQL:
 * a permitted writer sends updates that decode and may be accepted (bit-flipped,
 * truncated, duplicated and out-of-order copies of real edits, its own and the
 * victim's), while a victim types, formats and deletes through a stock
 * y-websocket provider and a second stock provider sometimes types too (their
 * batches go out as one merged frame). At the end every
 * connected stock client, and a fresh one, holds exactly the state reloaded
 * from PostgreSQL, and no honest client was ever refused.
 * FUZZ_SEED=n replays a run; CONVERGENCE_RUNS=n changes the number of runs.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 25);

interface Person {
  user: TestUser;
  cookie: string;
}

/** What a replica shows: the section's XML and the map's entries, and its state vector. */
function view(doc: Y.Doc): string {
  const map = JSON.stringify(Object.entries(doc.getMap('meta').toJSON()).sort());
  const vector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b);
  return `${doc.getXmlFragment('reason').toString()} ${map} ${JSON.stringify(vector)}`;
}

/** Real edits of a client the hostile writer owns: a formatted sentence (with and without its base), a map entry. */
function corpus(clientId: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getXmlFragment('reason').insert(0, [new Y.XmlText('Seen at school with a bruise')]);
  const before = Y.encodeStateVector(doc);
  const text = doc.getXmlFragment('reason').get(0) as Y.XmlText;
  text.format(0, 4, { bold: true });
  text.delete(5, 3);
  doc.getMap('meta').set('seen', 'school');
  return [Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(doc, before)];
}

/** The hostile writer's raw connection, reopened whenever the server closes it. */
class Hostile {
  private ws: WebSocket | null = null;
  readonly closeCodes: number[] = [];

  constructor(
    private readonly app: TestApp,
    private readonly person: Person,
    private readonly name: string,
  ) {}

  async send(frame: Uint8Array): Promise<void> {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) this.ws = await this.open();
    this.ws.send(frame);
  }

  /** Resolves once the server handled every frame sent so far: it answered a sync step 1, or closed. */
  async flush(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        ws.off('message', onMessage);
        resolve();
      };
      const onMessage = (data: Buffer) => {
        if (data[0] === SYNC && data[1] === SYNC_STEP_2) done();
      };
      ws.on('message', onMessage);
      ws.once('close', done);
      ws.send(syncFrame(SYNC_STEP_1, Uint8Array.of(0))); // an empty state vector
    });
  }

  close(): void {
    this.ws?.close();
  }

  private open(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.app.wsUrl}/collab/${this.name}`, {
        headers: { Cookie: this.person.cookie, Origin: this.app.url },
      });
      ws.on('error', () => undefined);
      ws.once('close', (code) => this.closeCodes.push(code));
      ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
      // The server's sync step 1 comes first.
      ws.once('message', () => resolve(ws));
    });
  }
}

const victimOp = fc.record({
  /** The victim, or the second stock client (both type: batches of several writers go out merged). */
  writer: fc.constantFrom('victim', 'victim', 'watcher'),
  kind: fc.constantFrom('insert', 'delete', 'format', 'several', 'map'),
  at: fc.nat(60),
  text: fc.constantFrom('a', 'bc', 'xyz '),
  pause: fc.constantFrom(0, 0, 3),
});
/** A valid item typed by the hostile writer's client, anchored between any two characters the victim holds. */
const anchoredOp = fc.record({
  kind: fc.constant('anchor' as const),
  origin: fc.nat(),
  rightOrigin: fc.nat(),
  pause: fc.constantFrom(0, 0, 3),
});
const HOSTILE_CLIENT = 1_000;

/** Every character ID of the victim's section text (what an item can be anchored to). */
function characterIds(doc: Y.Doc): { client: number; clock: number }[] {
  const ids: { client: number; clock: number }[] = [];
  const text = doc.getXmlFragment('reason').get(0);
  if (!(text instanceof Y.XmlText)) return ids;
  for (let item = text._start; item !== null; item = item.right) {
    for (let i = 0; i < item.length; i++) ids.push({ client: item.id.client, clock: item.id.clock + i });
  }
  return ids;
}

const hostileOp = fc.record({
  kind: fc.constantFrom('flip', 'flip', 'duplicate', 'truncate'),
  source: fc.nat(),
  flips: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { minLength: 1, maxLength: 2 }),
  pause: fc.constantFrom(0, 0, 3),
});

describe('convergence under hostile writers (real server, PostgreSQL)', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let chair: Person;
  let editor: Person;
  let watcherPerson: Person;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database);
    const chairUser = await app.createUser({ agency: 'childrens-social-care' });
    const editorUser = await app.createUser({ agency: 'police' });
    const watcherUser = await app.createUser({ agency: 'health' });
    chair = { user: chairUser, cookie: await app.signIn(chairUser) };
    editor = { user: editorUser, cookie: await app.signIn(editorUser) };
    watcherPerson = { user: watcherUser, cookie: await app.signIn(watcherUser) };
    process.stderr.write(`[collab convergence] FUZZ_SEED=${SEED}\n`);
  });

  async function newMeeting(): Promise<string> {
    const created = await app.request('POST', '/api/meetings', { cookie: chair.cookie, body: buildMeeting() });
    const { id } = created.body as { id: string };
    for (const member of [editor, watcherPerson]) {
      const added = await app.request('POST', `/api/meetings/${id}/members`, {
        cookie: chair.cookie,
        body: { email: member.user.email, role: 'participant' },
      });
      expect(added.status).toBe(201);
    }
    return id;
  }

  afterAll(async () => {
    await app?.close();
    await database?.stop();
  });

  it('leaves every stock client with exactly the state reloaded from PostgreSQL', async () => {
    let hostileFrames = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(victimOp, hostileOp, anchoredOp), { minLength: 4, maxLength: 30 }),
        async (ops) => {
          // A fresh document each run (signing in once: sign-ins are rate-limited).
          const meetingId = await newMeeting();
          const name = documentName(meetingId, 'record');
          const victim = new CollabTestClient(app.url, chair.cookie, meetingId);
          const watcher = new CollabTestClient(app.url, watcherPerson.cookie, meetingId);
          const clients = [victim, watcher];
          const hostile = new Hostile(app, editor, name);
          try {
            await Promise.all([victim.synced(), watcher.synced()]);
            const sources = [...corpus(HOSTILE_CLIENT), ...corpus(3_000)];
            for (const op of ops) {
              if (op.kind === 'anchor') {
                const ids = characterIds(victim.doc);
                if (ids.length === 0) continue;
                const item = {
                  kind: 'item' as const,
                  client: HOSTILE_CLIENT,
                  clock: Y.getState(victim.doc.store, HOSTILE_CLIENT),
                  text: 'Z',
                  origin: ids[op.origin % ids.length],
                  rightOrigin: ids[op.rightOrigin % ids.length],
                };
                await hostile.send(syncFrame(SYNC_UPDATE, writeRawUpdate([item])));
                hostileFrames++;
              } else if ('flips' in op) {
                const copy = Uint8Array.from(sources[op.source % sources.length]!);
                if (op.kind === 'flip') for (const [at, bit] of op.flips) copy[at % copy.length]! ^= 1 << bit;
                const sent = op.kind === 'truncate' ? copy.subarray(0, 1 + (op.flips[0]![0] % copy.length)) : copy;
                await hostile.send(syncFrame(SYNC_UPDATE, sent));
                hostileFrames++;
              } else {
                const writer = op.writer === 'victim' ? victim : watcher;
                const fragment = writer.doc.getXmlFragment('reason');
                let text = fragment.get(0);
                if (!(text instanceof Y.XmlText)) fragment.insert(0, [(text = new Y.XmlText())]);
                const t = text;
                const at = Math.min(op.at, t.length);
                if (op.kind === 'insert') t.insert(at, op.text);
                else if (op.kind === 'delete') t.delete(at, Math.min(2, t.length - at));
                else if (op.kind === 'format') t.format(at, 3, { italic: true });
                else if (op.kind === 'map') writer.doc.getMap('meta').set(op.text, op.at);
                else {
                  writer.doc.transact(() => {
                    t.insert(at, op.text);
                    t.insert(Math.min(at + 4, t.length), op.text);
                    t.insert(at + 1, 'Q');
                  });
                }
                // What the victim holds, for the hostile writer to mutate (structs of other clients).
                sources.push(Y.encodeStateAsUpdate(writer.doc));
              }
              if (op.pause > 0) await new Promise((resolve) => setTimeout(resolve, op.pause));
            }
            await hostile.flush();
            const registry = app.get(CollabDocumentRegistry);
            await eventually(async () => {
              await registry.settle(name);
              const live = view(decode(await registry.encodeState(name)));
              expect(view(victim.doc)).toBe(live);
              expect(view(watcher.doc)).toBe(live);
            }, 5_000);
            // The stored state, replayed from PostgreSQL as a load does.
            const stored = view(decode(await app.get(DocumentStore).encodeState(name)));
            expect(view(victim.doc)).toBe(stored);
            expect(view(watcher.doc)).toBe(stored);
            // A fresh stock client, joining late.
            const witness = await CollabTestClient.connected(app.url, watcherPerson.cookie, meetingId);
            clients.push(witness);
            await eventually(() => expect(view(witness.doc)).toBe(stored));
            // Honest clients are never refused.
            for (const code of [...victim.closeCodes, ...watcher.closeCodes]) {
              expect([CLOSE_CODES.updateNotApplicable, CLOSE_CODES.clientIdTaken]).not.toContain(code);
            }
          } finally {
            hostile.close();
            for (const client of clients) client.destroy();
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(hostileFrames).toBeGreaterThan(RUNS * 3);
  }, 300_000);
});

function decode(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
