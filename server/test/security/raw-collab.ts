import { documentName, type DocumentKind } from '@roundtable/shared/realtime';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** y-websocket message types and sync sub-types, as on the wire. */
export const SYNC = 0;
export const AWARENESS = 1;
export const AUTH = 2;
export const QUERY_AWARENESS = 3;
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

export function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncFrame = (subType: number, payload: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, SYNC);
    encoding.writeVarUint(e, subType);
    encoding.writeVarUint8Array(e, payload);
  });

/** One awareness entry of our own clientID. */
export const awarenessFrame = (clientId: number, clock: number, state: unknown): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, AWARENESS);
    encoding.writeVarUint8Array(
      e,
      frame((inner) => {
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, clientId);
        encoding.writeVarUint(inner, clock);
        encoding.writeVarString(inner, JSON.stringify(state));
      }),
    );
  });

/** An update that types `text` into a fresh section of the document. */
export function editUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment('reason').insert(0, [new Y.XmlText(text)]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * A raw collab connection that speaks the wire protocol by hand, so a test can
 * send exactly one message type and see exactly what comes back. Incoming
 * sync messages are applied to `doc`, so it mirrors what the server stored.
 */
export class RawCollab {
  readonly doc = new Y.Doc();
  readonly frames: Uint8Array[] = [];
  readonly denied: string[] = [];
  readonly awarenessClients = new Set<number>();
  closeCode: number | null = null;
  private listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
    ws.on('close', (code) => {
      this.closeCode = code;
      this.notify();
    });
  }

  /** Opens the connection; resolves with the client, or with `upgrade <status>` when the upgrade is refused. */
  static open(
    baseUrl: string,
    cookie: string | undefined,
    meetingId: string,
    kind: DocumentKind,
  ): Promise<RawCollab | string> {
    const headers: Record<string, string> = { origin: baseUrl };
    if (cookie) headers.cookie = cookie;
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/collab/${documentName(meetingId, kind)}`, { headers });
    const client = new RawCollab(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        resolve(`upgrade ${res.statusCode}`);
      });
      ws.once('error', reject);
    });
  }

  send(message: Uint8Array): void {
    this.ws.send(message);
  }

  close(): void {
    this.ws.terminate();
    this.doc.destroy();
  }

  text(): string {
    return this.doc.getXmlFragment('reason').toString();
  }

  /** Resolves once `check` holds; rejects after `timeoutMs`. */
  until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error('timed out waiting on the collab connection'));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private receive(message: Uint8Array): void {
    this.frames.push(message);
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC) {
      const sub = decoding.readVarUint(decoder);
      if (sub === SYNC_STEP_1) {
        // Answer the server's step 1 as a provider would: with nothing (we hold no edits of our own).
        this.send(syncFrame(SYNC_STEP_2, Y.encodeStateAsUpdate(new Y.Doc())));
      } else {
        Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder));
      }
    } else if (type === AWARENESS) {
      const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(inner);
      for (let i = 0; i < count; i++) {
        this.awarenessClients.add(decoding.readVarUint(inner));
        decoding.readVarUint(inner);
        decoding.readVarString(inner);
      }
    } else if (type === AUTH) {
      decoding.readVarUint(decoder);
      this.denied.push(decoding.readVarString(decoder));
    }
    this.notify();
  }
}
