import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cookieWebSocket, eventually } from '../../../server/test/support/eventually';

/** The record section the editors type into (a Y.XmlFragment of paragraphs, as the browser editor writes). */
export const SECTION = 'reason';
/** Every typed paragraph is one unique token: `E<editor>N<sequence>`, e.g. E07N0012. */
const TOKEN = /E\d{2}N\d{4}/g;

/** The tokens in some text (or in the raw bytes of an update, where ASCII strings appear verbatim). */
export function tokensIn(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The tokens of a document's record section. */
export function documentTokens(doc: Y.Doc): Set<string> {
  return new Set(tokensIn(doc.getXmlFragment(SECTION).toString()));
}

/**
 * A real y-websocket client in Node (session cookie, `ws`) that types unique
 * tokens, one paragraph each, and records every token the server sent it.
 */
export class Editor {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Tokens this editor typed, in order. */
  readonly typed: string[] = [];
  /** Tokens that arrived from the server (which relays an update only after PostgreSQL committed it). */
  readonly received = new Set<string>();
  /** Close codes of the connections the server ended. */
  readonly closeCodes: number[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: number,
    wsUrl: string,
    documentName: string,
    cookie: string,
    origin: string,
  ) {
    this.provider = new WebsocketProvider(`${wsUrl}/collab`, documentName, this.doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, origin) as never,
      disableBc: true,
      maxBackoffTime: 250,
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) return;
      for (const token of tokensIn(Buffer.from(update).toString('latin1'))) this.received.add(token);
    });
    this.provider.on('connection-close', (event) => {
      if (event) this.closeCodes.push(event.code);
    });
  }

  /** Resolves once the provider has synced with the server (now or later). */
  whenSynced(): Promise<void> {
    return new Promise((resolve) => {
      if (this.provider.synced) return resolve();
      const onSync = (synced: boolean) => {
        if (!synced) return;
        this.provider.off('sync', onSync);
        resolve();
      };
      this.provider.on('sync', onSync);
    });
  }

  /** Appends one paragraph with the next token; returns it. */
  type(): string {
    const token = `E${String(this.id).padStart(2, '0')}N${String(this.typed.length).padStart(4, '0')}`;
    this.typed.push(token);
    const fragment = this.doc.getXmlFragment(SECTION);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(token)]);
    fragment.insert(fragment.length, [paragraph]);
    return token;
  }

  /** Types a token every `intervalMs` until stopTyping (whether or not it is connected, as a person would). */
  startTyping(intervalMs: number): void {
    this.stopTyping();
    this.timer = setInterval(() => this.type(), intervalMs);
  }

  stopTyping(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Tokens received from others (its own excluded). */
  receivedFromOthers(): string[] {
    const own = `E${String(this.id).padStart(2, '0')}N`;
    return [...this.received].filter((token) => !token.startsWith(own));
  }

  tokens(): Set<string> {
    return documentTokens(this.doc);
  }

  destroy(): void {
    this.stopTyping();
    this.provider.destroy();
    this.doc.destroy(); // stops the awareness interval
  }
}

/** Every token typed by any of the editors. */
export function allTyped(editors: readonly Editor[]): string[] {
  return editors.flatMap((editor) => editor.typed);
}

/**
 * Waits until every editor is connected and holds the same section, with
 * every token any of them typed.
 */
export async function converged(editors: readonly Editor[], timeoutMs = 20_000): Promise<string> {
  return eventually(() => {
    const expected = allTyped(editors);
    const [first, ...rest] = editors.map((editor) => editor.doc.getXmlFragment(SECTION).toString());
    for (const editor of editors)
      expect({ editor: editor.id, synced: editor.provider.synced }).toEqual({ editor: editor.id, synced: true });
    for (const [i, text] of rest.entries())
      expect({ editor: editors[i + 1]!.id, same: text === first }).toEqual({ editor: editors[i + 1]!.id, same: true });
    expect(missing(expected, new Set(tokensIn(first ?? '')))).toEqual([]);
    return first ?? '';
  }, timeoutMs);
}

/** The tokens of `expected` that `actual` lacks. */
export function missing(expected: Iterable<string>, actual: ReadonlySet<string>): string[] {
  return [...expected].filter((token) => !actual.has(token));
}
