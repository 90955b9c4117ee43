import { MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import { CLOSE_CODES, COLLAB_PATH, type DocumentKind, documentName } from '@roundtable/shared/realtime';
import { useEffect, useRef, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sameSnapshot, type ConnectionSnapshot, type ConnectionState } from './connectionState';
import { SaveTracker } from './SaveTracker';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabCallbacks {
  /** The server closed the connection for good (code 4400–4499). */
  onClosed?: (code: number) => void;
  /** The upgrade keeps failing before the socket opens (e.g. 401 or 404): worth re-checking access. */
  onRefused?: () => void;
  /** The server refused an edit (y-protocols auth "permission denied"): our role became read-only. */
  onPermissionDenied?: () => void;
}

/** y-websocket's message type for y-protocols/auth messages. */
const MESSAGE_AUTH = 2;

/** After the server closed us for sending too fast (4429), how long to wait before connecting again. */
export const RATE_LIMITED_RETRY_MS = 5_000;

const REFUSALS_BEFORE_CHECK = 3;
const REFUSAL_CHECK_INTERVAL_MS = 20_000;

function collabServerUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${COLLAB_PATH}`;
}

/**
 * One Y.Doc and one WebsocketProvider for one of a meeting's documents (the
 * record by default, or the safety plan), shared by every section editor. Both are created inside the effect and kept in
 * state, so React StrictMode's mount–unmount–mount leaves a live pair
 * (STACK.md §3, pitfall 14); both are destroyed on unmount.
 *
 * The browser sends the session cookie with the upgrade; no ticket is needed.
 * Cross-tab BroadcastChannel sync is off: every edit goes through the server,
 * which authorises and stores it.
 */
export function useCollabSession(
  meetingId: string,
  trackLocalChanges: boolean,
  callbacks: CollabCallbacks,
  kind: DocumentKind = 'record',
) {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [serverRole, setServerRole] = useState<MeetingRole | null>(null);
  const [snapshot, setSnapshot] = useState<ConnectionSnapshot>({
    state: 'connecting',
    hasUnsavedChanges: false,
    closeCode: null,
  });
  const trackerRef = useRef<SaveTracker | null>(null);
  const callbacksRef = useRef(callbacks);
  callbacksRef.current = callbacks;
  const trackRef = useRef(trackLocalChanges);
  trackRef.current = trackLocalChanges;

  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(collabServerUrl(), documentName(meetingId, kind), doc, {
      disableBc: true,
    });
    let everConnected = false;
    let failedBeforeOpen = 0;
    let lastRefusalCheck = 0;
    let closeCode: number | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const refresh = () => {
      const connected = provider.wsconnected;
      if (connected) {
        everConnected = true;
        failedBeforeOpen = 0;
      }
      const unsaved = tracker.hasUnsavedChanges;
      let state: ConnectionState;
      if (closeCode !== null) state = 'closed';
      else if (connected && !provider.synced) state = unsaved ? 'saving' : 'connecting';
      else if (connected) state = unsaved ? 'saving' : 'saved';
      else state = everConnected || failedBeforeOpen >= 2 ? 'offline' : 'connecting';
      const next = { state, hasUnsavedChanges: unsaved, closeCode };
      setSnapshot((current) => (sameSnapshot(current, next) ? current : next));
    };

    const tracker = new SaveTracker(doc, provider, refresh, trackRef.current);
    trackerRef.current = tracker;

    const handleConnectionClose = () => {
      // Consecutive closes without a successful connection in between.
      failedBeforeOpen += 1;
      const now = Date.now();
      if (failedBeforeOpen >= REFUSALS_BEFORE_CHECK && now - lastRefusalCheck > REFUSAL_CHECK_INTERVAL_MS) {
        lastRefusalCheck = now;
        callbacksRef.current.onRefused?.();
      }
      refresh();
    };
    const handleStatus = ({ status }: { status: string }) => {
      if (status === 'connected') {
        closeCode = null;
        failedBeforeOpen = 0;
      }
      refresh();
    };
    const handleClosed = ({ code }: { code: number }) => {
      closeCode = code;
      refresh();
      // Sending too fast is not final: local edits stay in the Y.Doc and the sync on reconnect sends them.
      if (code === CLOSE_CODES.rateLimited) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => provider.connect(), RATE_LIMITED_RETRY_MS);
      }
      callbacksRef.current.onClosed?.(code);
    };
    // The server re-publishes our presence with our current role when a chair changes it.
    const handleAwarenessChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (!added.includes(doc.clientID) && !updated.includes(doc.clientID)) return;
      const role = (provider.awareness.getLocalState()?.user as { role?: unknown } | undefined)?.role;
      if (typeof role === 'string' && (MEETING_ROLES as readonly string[]).includes(role))
        setServerRole(role as MeetingRole);
    };
    const authHandler = provider.messageHandlers[MESSAGE_AUTH];
    provider.messageHandlers[MESSAGE_AUTH] = (encoder, decoder, ...rest) => {
      authHandler?.(encoder, decoder, ...rest);
      callbacksRef.current.onPermissionDenied?.();
    };

    // The browser knows about lost networks long before a WebSocket times out.
    const goOffline = () => provider.disconnect();
    const goOnline = () => {
      if (closeCode === null) provider.connect();
    };

    provider.on('status', handleStatus);
    provider.on('sync', refresh);
    provider.on('connection-close', handleConnectionClose);
    provider.on('closed', handleClosed);
    provider.awareness.on('change', handleAwarenessChange);
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    setSession({ doc, provider });
    refresh();

    return () => {
      clearTimeout(retryTimer);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      provider.awareness.off('change', handleAwarenessChange);
      tracker.destroy();
      trackerRef.current = null;
      provider.destroy();
      // The provider leaves the awareness timer running unless the doc goes too (STACK.md §3, pitfall 5).
      doc.destroy();
      setSession(null);
    };
  }, [meetingId, kind]);

  useEffect(() => {
    trackerRef.current?.setTracking(trackLocalChanges);
  }, [trackLocalChanges]);

  /** Connects again after the server closed the connection (e.g. after a role change). */
  const reconnect = () => {
    const provider = session?.provider;
    if (!provider) return;
    provider.connect();
  };

  return { session, connection: snapshot, serverRole, reconnect };
}
