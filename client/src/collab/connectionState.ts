/**
 * What the connection indicator shows (data-state on #connection-status):
 * - connecting: first connection, or connected but the first sync is not done
 * - saved:      connected, synced, every local edit is stored by the server
 * - saving:     connected, some local edit not yet confirmed
 * - offline:    the connection dropped (or cannot be made); edits stay in the
 *               Y.Doc and are sent when the provider reconnects
 * - closed:     the server ended the connection for good (access removed,
 *               session ended, edit refused), or for a pause after sending
 *               too fast (4429: the session connects again by itself); see `closeCode`
 */
export type ConnectionState = 'connecting' | 'saved' | 'saving' | 'offline' | 'closed';

export interface ConnectionSnapshot {
  state: ConnectionState;
  hasUnsavedChanges: boolean;
  /** The WebSocket close code when state is 'closed' (CLOSE_CODES in shared/src/realtime.ts). */
  closeCode: number | null;
}

export function sameSnapshot(a: ConnectionSnapshot, b: ConnectionSnapshot): boolean {
  return a.state === b.state && a.hasUnsavedChanges === b.hasUnsavedChanges && a.closeCode === b.closeCode;
}
