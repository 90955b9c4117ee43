import { documentName, type DocumentKind } from '@roundtable/shared/realtime';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cookieWebSocket } from './eventually';

/** The text field the tests type into. */
export const TEST_FIELD = 'notes';

/**
 * A real y-websocket provider in Node connected with a session cookie, with
 * what tests observe about it: close codes, permission-denied reasons, text.
 */
export class CollabTestClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly closeCodes: number[] = [];
  readonly denied: string[] = [];

  constructor(
    baseUrl: string,
    cookie: string,
    meetingId: string,
    kind: DocumentKind = 'record',
    link: { sendDelayMs?: number } = {},
  ) {
    const wsUrl = baseUrl.replace(/^http/, 'ws');
    this.provider = new WebsocketProvider(`${wsUrl}/collab`, documentName(meetingId, kind), this.doc, {
      WebSocketPolyfill: cookieWebSocket(cookie, baseUrl, link) as never,
      disableBc: true,
      maxBackoffTime: 300,
    });
    this.provider.on('connection-close', (event) => {
      if (event) this.closeCodes.push(event.code);
    });
    // Record permission-denied messages instead of the provider's console warning.
    this.provider.messageHandlers[2] = (_encoder, decoder) =>
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.denied.push(reason));
  }

  /** Connects and resolves once the first sync completed. */
  static async connected(baseUrl: string, cookie: string, meetingId: string, kind?: DocumentKind) {
    const client = new CollabTestClient(baseUrl, cookie, meetingId, kind);
    await client.synced();
    return client;
  }

  synced(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.provider.synced) return resolve();
      const onSync = (synced: boolean) => {
        if (!synced) return;
        this.provider.off('sync', onSync);
        resolve();
      };
      this.provider.on('sync', onSync);
    });
  }

  text(): string {
    return this.doc.getText(TEST_FIELD).toString();
  }

  type(text: string): void {
    const field = this.doc.getText(TEST_FIELD);
    field.insert(field.length, text);
  }

  /** Names of the people whose presence this client sees (other than itself). */
  presentNames(): string[] {
    return [...this.provider.awareness.getStates().entries()]
      .filter(([clientId]) => clientId !== this.doc.clientID)
      .map(([, state]) => (state as { user?: { name?: string } }).user?.name)
      .filter((name): name is string => typeof name === 'string');
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy(); // stops the awareness interval
  }
}
