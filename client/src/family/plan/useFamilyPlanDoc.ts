import { COLLAB_PATH } from '@roundtable/shared/realtime';
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
 */
export type FamilyPlanConnection = 'connecting' | 'saved' | 'saving' | 'offline' | 'closed';

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
    let closed = false;
    const refresh = () => {
      let next: FamilyPlanConnection;
      if (closed) next = 'closed';
      else if (!provider.wsconnected) next = everConnected ? 'offline' : 'connecting';
      else if (!provider.synced) next = 'connecting';
      else next = tracker.hasUnsavedChanges ? 'saving' : 'saved';
      if (provider.wsconnected) everConnected = true;
      setConnection(next);
    };
    const tracker = new SaveTracker(doc, provider, refresh, true);
    const handleClosed = () => {
      closed = true;
      refresh();
    };
    const handleStatus = ({ status }: { status: string }) => {
      if (status === 'connected') closed = false;
      refresh();
    };
    const goOffline = () => provider.disconnect();
    const goOnline = () => {
      if (!closed) provider.connect();
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
