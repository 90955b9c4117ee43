import { CLOSE_CODES, COLLAB_PATH } from '@roundtable/shared/realtime';
import { useEffect, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SaveTracker } from '../../collab/SaveTracker';

/**
 * - connecting: not connected yet, or the first sync is not done
 * - saved:      every change is stored by the server
 * - saving:     a change is on its way
 * - offline:    the connection dropped; changes are sent when it comes back
 * - closed:     the server ended the connection (the meeting closed, or access ended)
 * - signed-out: the family session ended or was revoked: sign in again
 */
export type FamilyPlanConnection = 'connecting' | 'saved' | 'saving' | 'offline' | 'closed' | 'signed-out';

/** After the server closed us for sending too fast, how long to wait before connecting again (as the room does). */
const RATE_LIMITED_RETRY_MS = 5_000;

export interface FamilyPlanDoc {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

function collabServerUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${COLLAB_PATH}`;
}

/**
 * The family's live draft plan: one Y.Doc bound to `documentName`
 * (`meetings/<id>/family-plan`) through y-websocket. The browser sends the
 * family cookie with the upgrade; the server lets only the meeting's family
 * members in. Created inside the effect and kept in state, so StrictMode's
 * mount–unmount–mount leaves a live pair (as useCollabSession does). Whether
 * every change is stored comes from the same SaveTracker the room uses, so
 * the family shares only a plan the server holds.
 */
export function useFamilyPlanDoc(documentName: string | null) {
  const [session, setSession] = useState<FamilyPlanDoc | null>(null);
  const [connection, setConnection] = useState<FamilyPlanConnection>('connecting');

  useEffect(() => {
    if (!documentName) return;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(collabServerUrl(), documentName, doc, { disableBc: true });
    let everConnected = false;
    let closed: number | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      let next: FamilyPlanConnection;
      if (closed === CLOSE_CODES.sessionEnded || closed === CLOSE_CODES.accessRevoked) next = 'signed-out';
      else if (closed !== null) next = 'closed';
      else if (!provider.wsconnected) next = everConnected ? 'offline' : 'connecting';
      else if (!provider.synced) next = 'connecting';
      else next = tracker.hasUnsavedChanges ? 'saving' : 'saved';
      if (provider.wsconnected) everConnected = true;
      setConnection(next);
    };
    const tracker = new SaveTracker(doc, provider, refresh, true);
    const handleClosed = ({ code }: { code: number }) => {
      // Sending too fast is not final: the changes stay in the Y.Doc and go with the next sync.
      if (code === CLOSE_CODES.rateLimited) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => provider.connect(), RATE_LIMITED_RETRY_MS);
      } else closed = code;
      refresh();
    };
    const handleStatus = ({ status }: { status: string }) => {
      if (status === 'connected') closed = null;
      refresh();
    };
    const goOffline = () => provider.disconnect();
    const goOnline = () => {
      if (closed === null) provider.connect();
    };
    provider.on('status', handleStatus);
    provider.on('sync', refresh);
    provider.on('connection-close', refresh);
    provider.on('closed', handleClosed);
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    setSession({ doc, provider });
    refresh();
    return () => {
      clearTimeout(retryTimer);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      tracker.destroy();
      provider.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [documentName]);

  return { session, connection };
}
