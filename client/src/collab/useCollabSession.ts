import { MEETING_ROLES, type MeetingRole } from '@roundtable/shared/constants';
import {
  CLOSE_CODES,
  COLLAB_PATH,
  compartmentDocumentName,
  type DocumentKind,
  documentName,
} from '@roundtable/shared/realtime';
import { useContext, useEffect, useRef, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SessionContext } from '../session/sessionContext';
import { sameSnapshot, type ConnectionSnapshot, type ConnectionState } from './connectionState';
import {
  EDITING_FIELD,
  type EditingState,
  publishUnsavedEditors,
  readEditingState,
  sectionOfType,
  type UnsavedEditor,
} from './editingPresence';
import { PendingEditsStore } from './pendingEdits';
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

/** How long everything must stay saved before the copy kept on this device is deleted (typing comes in bursts). */
const ERASE_KEPT_AFTER_MS = 1_000;

/** How long after the last edit was saved others still see "typing". */
const TYPING_LINGERS_MS = 2_000;

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
 *
 * Unsent edits are kept on this device while the server lacks them
 * (pendingEdits.ts), and restored by the next page of the same user. The
 * session publishes in its awareness which section it last edited and whether
 * the server lacks some of it (`editing`), and reads the same of others
 * (`useUnsavedEditors`), so the chair sees who is still typing before concluding.
 */
export function useCollabSession(
  meetingId: string,
  trackLocalChanges: boolean,
  callbacks: CollabCallbacks,
  kind: DocumentKind = 'record',
  /** A restricted compartment's own document instead (opened only by its audience; the server checks). */
  compartmentId: string | null = null,
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
  const sessionContext = useContext(SessionContext);
  const userId = sessionContext?.session.status === 'signed-in' ? sessionContext.session.me.id : null;

  useEffect(() => {
    const doc = new Y.Doc();
    const name = compartmentId ? compartmentDocumentName(meetingId, compartmentId) : documentName(meetingId, kind);
    // Who else has unsaved edits is kept for the record and the safety plan (the chair sees it before concluding).
    const publishEditors = (list: UnsavedEditor[]) => {
      if (!compartmentId) publishUnsavedEditors(meetingId, kind, list);
    };
    const provider = new WebsocketProvider(collabServerUrl(), name, doc, {
      disableBc: true,
    });
    const kept = userId ? new PendingEditsStore(doc, userId, name) : null;
    let eraseTimer: ReturnType<typeof setTimeout> | undefined;
    let editing: EditingState = { section: null, unsaved: false };
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
      const notSaved = tracker.notSaved;
      let state: ConnectionState;
      if (notSaved !== null && notSaved.length > 0) state = 'not-saved';
      else if (closeCode !== null) state = 'closed';
      else if (connected && !provider.synced) state = unsaved ? 'saving' : 'connecting';
      else if (connected) state = unsaved ? 'saving' : 'saved';
      else state = everConnected || failedBeforeOpen >= 2 ? 'offline' : 'connecting';
      const next = { state, hasUnsavedChanges: unsaved, closeCode, notSaved, keptOnDevice: kept !== null };
      setSnapshot((current) => (sameSnapshot(current, next) ? current : next));
    };

    // Keeps unsent edits on this device, and deletes them once the server holds them all.
    const keepWhileUnsaved = () => {
      clearTimeout(eraseTimer);
      if (!kept) return;
      if (tracker.hasUnsavedChanges) kept.keep();
      else eraseTimer = setTimeout(() => void kept.erase(), ERASE_KEPT_AFTER_MS);
    };

    // "Typing" lingers a little after the last edit is saved, so the room sees a typist, not a flicker per keystroke.
    let settledTimer: ReturnType<typeof setTimeout> | undefined;
    const setEditing = (next: EditingState) => {
      if (next.unsaved === editing.unsaved && next.section === editing.section) return;
      editing = next;
      provider.awareness.setLocalStateField(EDITING_FIELD, editing);
    };
    const publishEditing = () => {
      const unsaved = tracker.hasUnsavedChanges && trackRef.current;
      clearTimeout(settledTimer);
      if (unsaved) setEditing({ ...editing, unsaved });
      else settledTimer = setTimeout(() => setEditing({ ...editing, unsaved: false }), TYPING_LINGERS_MS);
    };

    const tracker = new SaveTracker(
      doc,
      provider,
      () => {
        refresh();
        keepWhileUnsaved();
        publishEditing();
      },
      trackRef.current,
    );
    trackerRef.current = tracker;

    // The section of the last local edit (typing in an editor), for the room to see.
    const handleTransaction = (transaction: Y.Transaction) => {
      if (!transaction.local || transaction.origin === provider) return;
      for (const type of transaction.changed.keys()) {
        const section = sectionOfType(doc, type);
        if (section !== null && section !== editing.section) {
          setEditing({ ...editing, section });
          return;
        }
      }
    };
    doc.on('afterTransaction', handleTransaction);

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
    // Others whose edits the server does not hold yet (the chair sees them before concluding).
    const publishOthers = () => {
      const others: UnsavedEditor[] = [];
      for (const [clientId, state] of provider.awareness.getStates()) {
        if (clientId === doc.clientID) continue;
        const user = state.user as { id?: unknown; name?: unknown } | undefined;
        const editingState = readEditingState(state[EDITING_FIELD]);
        if (!editingState?.unsaved || typeof user?.id !== 'string' || typeof user.name !== 'string') continue;
        if (user.id === userId || others.some((o) => o.userId === user.id)) continue;
        others.push({ userId: user.id, name: user.name, kind, section: editingState.section });
      }
      publishEditors(others);
    };

    // The server re-publishes our presence with our current role when a chair changes it.
    const handleAwarenessChange = ({
      added,
      updated,
      removed,
    }: {
      added: number[];
      updated: number[];
      removed: number[];
    }) => {
      if (added.length + updated.length + removed.length > 0) publishOthers();
      if (!added.includes(doc.clientID) && !updated.includes(doc.clientID)) return;
      const role = (provider.awareness.getLocalState()?.user as { role?: unknown } | undefined)?.role;
      if (typeof role === 'string' && (MEETING_ROLES as readonly string[]).includes(role))
        setServerRole(role as MeetingRole);
    };
    const authHandler = provider.messageHandlers[MESSAGE_AUTH];
    provider.messageHandlers[MESSAGE_AUTH] = (encoder, decoder, ...rest) => {
      authHandler?.(encoder, decoder, ...rest);
      // Whatever the server lacks of our edits now, it will not take: find out what, and say so.
      tracker.refused();
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
    // Edits an earlier page of this user kept on this device: they become this page's pending edits.
    void kept?.restore().then(() => refresh());

    return () => {
      clearTimeout(retryTimer);
      clearTimeout(eraseTimer);
      clearTimeout(settledTimer);
      doc.off('afterTransaction', handleTransaction);
      publishEditors([]);
      kept?.destroy();
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
  }, [meetingId, kind, compartmentId, userId]);

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
