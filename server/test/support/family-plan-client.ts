import { FAMILY_PLAN_FRAGMENT, familyPlanDocumentName } from '@roundtable/shared/fgdm';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cookieWebSocket } from './eventually';

/**
 * A stock y-websocket provider on an FGDM's family plan document
 * (`meetings/<id>/family-plan`), connected with a Cookie header: the family
 * cookie for a family member, or a professional's session cookie to show it
 * is refused. Writes paragraphs into the one fragment the plan editor binds.
 */
export class FamilyPlanClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly closeCodes: number[] = [];
  opened = false;

  constructor(baseUrl: string, cookie: string, meetingId: string) {
    this.provider = new WebsocketProvider(
      `${baseUrl.replace(/^http/, 'ws')}/collab`,
      familyPlanDocumentName(meetingId),
      this.doc,
      { WebSocketPolyfill: cookieWebSocket(cookie, baseUrl) as never, disableBc: true, maxBackoffTime: 300 },
    );
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.opened = true;
    });
    this.provider.on('connection-close', (event) => {
      if (event) this.closeCodes.push(event.code);
    });
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

  /** Appends a paragraph of text, as the plan editor (TipTap) would. */
  write(text: string): void {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    const fragment = this.doc.getXmlFragment(FAMILY_PLAN_FRAGMENT);
    fragment.insert(fragment.length, [paragraph]);
  }

  /** The plan's text, one line per paragraph. */
  text(): string {
    return this.doc
      .getXmlFragment(FAMILY_PLAN_FRAGMENT)
      .toArray()
      .map((node) =>
        node instanceof Y.XmlElement
          ? node
              .toArray()
              .map((t) => t.toString())
              .join('')
          : '',
      )
      .join('\n');
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}
