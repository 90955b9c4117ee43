import { documentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../server/src/platform/database/embedded-postgres';
import { CollabDocumentRegistry } from '../../server/src/realtime/collab/collab-document-registry';
import { cookieWebSocket, eventually } from '../../server/test/support/eventually';
import { TestApp, type TestUser } from '../../server/test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../server/test/support/test-database';

/**
 * The scene every adversarial suite attacks: the real server in this process
 * (so tests can read its registry and event loop), a meeting with a chair, an
 * editing participant, an observer, and a signed-in outsider who is no member.
 */
export interface Person {
  user: TestUser;
  cookie: string;
}

export interface Arena {
  database: DatabaseHandle;
  app: TestApp;
  meetingId: string;
  /** `meetings/<id>/record` */
  record: string;
  chair: Person;
  editor: Person;
  observer: Person;
  outsider: Person;
  close(): Promise<void>;
}

export async function startArena(env: Record<string, string> = {}): Promise<Arena> {
  const database = await startTestDatabase(oneDatabaseKind());
  const app = await TestApp.start(database, env);
  const chairUser = await app.createUser({ displayName: 'Sam Chair', agency: 'childrens-social-care' });
  const editorUser = await app.createUser({ displayName: 'Pat Police', agency: 'police' });
  const observerUser = await app.createUser({ displayName: 'Oli Observer', agency: 'education' });
  const outsiderUser = await app.createUser({ displayName: 'Una Outsider', agency: 'health' });
  const { meeting, chairCookie } = await app.createMeeting(chairUser, [
    { member: editorUser, role: 'participant' },
    { member: observerUser, role: 'observer' },
  ]);
  return {
    database,
    app,
    meetingId: meeting.id,
    record: documentName(meeting.id, 'record'),
    chair: { user: chairUser, cookie: chairCookie },
    editor: { user: editorUser, cookie: await app.signIn(editorUser) },
    observer: { user: observerUser, cookie: await app.signIn(observerUser) },
    outsider: { user: outsiderUser, cookie: await app.signIn(outsiderUser) },
    close: async () => {
      await app.close();
      await database.stop();
    },
  };
}

/** What an upgrade attempt got: the socket (101) or the HTTP status of the refusal. */
export type UpgradeOutcome = { status: 101; ws: WebSocket } | { status: number; ws?: undefined };

/** Attempts a WebSocket upgrade with exactly these headers (no browser defaults). */
export function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      response.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** An open raw collab socket as a browser page of the app's own origin would open it. */
export async function openCollab(arena: Arena, person: Person, name = arena.record): Promise<WebSocket> {
  const outcome = await tryUpgrade(`${arena.app.wsUrl}/collab/${name}`, {
    Cookie: person.cookie,
    Origin: arena.app.url,
  });
  if (!outcome.ws) throw new Error(`upgrade refused: ${outcome.status}`);
  outcome.ws.on('error', () => undefined);
  return outcome.ws;
}

/** Resolves with the close code once the socket closes. */
export function closeCode(ws: WebSocket): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve((ws as unknown as { _closeCode: number })._closeCode);
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** A real y-websocket client in a section of the record, as the browser's editor is. */
export class Victim {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private typed = 0;

  constructor(arena: Arena, person: Person, name = arena.record) {
    this.provider = new WebsocketProvider(`${arena.app.wsUrl}/collab`, name, this.doc, {
      WebSocketPolyfill: cookieWebSocket(person.cookie, arena.app.url) as never,
      disableBc: true,
    });
    this.provider.awareness.setLocalStateField('cursor', { anchor: 1 });
  }

  synced(): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve) => this.provider.once('sync', () => resolve()));
  }

  /** Types a unique word at the end of the section; returns it. */
  type(section = 'reason'): string {
    const word = `victim-${this.typed++}-${Math.random().toString(36).slice(2, 7)} `;
    const fragment = this.doc.getXmlFragment(section);
    let text = fragment.get(0) as Y.XmlText | undefined;
    if (!(text instanceof Y.XmlText)) {
      text = new Y.XmlText();
      fragment.insert(0, [text]);
    }
    text.insert(text.length, word);
    return word;
  }

  text(section = 'reason'): string {
    return this.doc.getXmlFragment(section).toString();
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** The document as the server holds it now (memory when loaded, else PostgreSQL). */
export async function serverDoc(arena: Arena, name = arena.record): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await arena.app.get(CollabDocumentRegistry).encodeState(name));
  return doc;
}

/** Stored update rows of a document, optionally only those a user sent. */
export async function storedRows(arena: Arena, userId?: string, name = arena.record): Promise<number> {
  const rows = (await arena.app.dataSource.query(
    `SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1 AND ($2::uuid IS NULL OR user_id = $2)`,
    [name, userId ?? null],
  )) as { n: number }[];
  return rows[0]!.n;
}

/** Audit entries of a type for the arena's meeting (details included). */
export async function auditEntries(
  arena: Arena,
  type: string,
): Promise<{ actor_user_id: string | null; details: Record<string, unknown> }[]> {
  return arena.app.dataSource.query(
    `SELECT actor_user_id, details FROM audit_events WHERE meeting_id = $1 AND type = $2 ORDER BY seq`,
    [arena.meetingId, type],
  );
}

/** The victim's words reach the server and come back to a second, fresh client: the server is serving. */
export async function expectVictimConverges(arena: Arena, victim: Victim, person: Person): Promise<void> {
  const words = [victim.type(), victim.type()];
  await eventually(async () => {
    const text = (await serverDoc(arena)).getXmlFragment('reason').toString();
    for (const word of words) expect(text).toContain(word);
  }, 15_000);
  const witness = new Victim(arena, person);
  try {
    await witness.synced();
    await eventually(() => expect(witness.text()).toBe(victim.text()), 15_000);
  } finally {
    witness.destroy();
  }
  expect((await fetch(`${arena.app.url}/api/health`)).status).toBe(200);
}
