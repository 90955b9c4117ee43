import type { UnsavedPassage } from './unsavedText';

/**
 * What the connection indicator shows (data-state on #connection-status):
 * - connecting: first connection, or connected but the first sync is not done
 * - saved:      connected, synced, every local edit is stored by the server
 * - saving:     connected, some local edit not yet confirmed (or, after a refusal, being checked)
 * - offline:    the connection dropped (or cannot be made); edits stay in the
 *               Y.Doc (and on this device when `keptOnDevice`) and are sent when the provider reconnects
 * - not-saved:  the server refused our edits (the meeting concluded, or our role became read-only)
 *               and does not hold some of them: `notSaved` lists the text on this screen it lacks
 * - closed:     the server ended the connection for good (access removed,
 *               session ended, edit refused), or for a pause after sending
 *               too fast (4429: the session connects again by itself); see `closeCode`
 */
export type ConnectionState = 'connecting' | 'saved' | 'saving' | 'offline' | 'not-saved' | 'closed';

export interface ConnectionSnapshot {
  state: ConnectionState;
  hasUnsavedChanges: boolean;
  /** The WebSocket close code when state is 'closed' (CLOSE_CODES in shared/src/realtime.ts). */
  closeCode: number | null;
  /** When state is 'not-saved': the passages on this screen the server does not hold. */
  notSaved?: readonly UnsavedPassage[] | null;
  /** Unsent edits survive a reload or a crash of the tab (kept in this browser's IndexedDB). */
  keptOnDevice?: boolean;
}

export function sameSnapshot(a: ConnectionSnapshot, b: ConnectionSnapshot): boolean {
  return (
    a.state === b.state &&
    a.hasUnsavedChanges === b.hasUnsavedChanges &&
    a.closeCode === b.closeCode &&
    a.notSaved === b.notSaved &&
    a.keptOnDevice === b.keptOnDevice
  );
}
