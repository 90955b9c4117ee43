import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeSyncStep1, MESSAGE_SYNC, readSyncMessage, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from './syncMessages';

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;
type SyncHandler = WebsocketProvider['messageHandlers'][number];

const FIRST_PROBE_MS = 300;
const MAX_PROBE_MS = 5_000;

/**
 * Knows whether every local edit has reached the server.
 *
 * The y-websocket protocol has no acknowledgement, but the server applies an
 * update to its document only after storing it in PostgreSQL
 * (docs/ARCHITECTURE.md, "Request flow: an edit"). So an edit is saved once
 * the server's document contains it.
 *
 * - Local updates not yet confirmed are merged into one `pending` update.
 * - From what the server sends (its sync step 1 state vector, step 2 replies
 *   and relayed updates) we keep a lower bound of the server's state: the
 *   clock it has for our client and the deletions it has.
 * - `Y.snapshotContainsUpdate(serverState, pending)` says whether the pending
 *   edits are all there, deletions included (a deletion does not advance a
 *   state vector, so comparing clocks alone would miss it).
 * - While something is pending we ask with a standard sync step 1 whose entry
 *   for our client is the clock the server is known to have. The server's
 *   step 2 reply carries our structs beyond that clock and its whole delete
 *   set, which is what we need to learn. Probes back off from 300 ms to 5 s.
 *
 * Only our own client matters: a fresh Y.Doc has a new client id, so nothing
 * needs learning until we have made an edit.
 */
export class SaveTracker {
  private serverClock = 0;
  private serverDeleteSet: DeleteSet = Y.createDeleteSet();
  private pending: Uint8Array | null = null;
  private tracking: boolean;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private probeDelay = FIRST_PROBE_MS;
  private readonly originalSyncHandler: SyncHandler | undefined;

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider,
    private readonly onChange: () => void,
    trackLocalChanges: boolean,
  ) {
    this.tracking = trackLocalChanges;
    this.originalSyncHandler = provider.messageHandlers[MESSAGE_SYNC];
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
      // Peek before the provider consumes the message: the bytes after the outer type are the sync message.
      const message = this.pending ? readSyncMessage(decoder.arr, decoder.pos) : null;
      this.originalSyncHandler?.(encoder, decoder, ...rest);
      if (message) this.learnFromServer(message.syncType, message.payload);
    };
    doc.on('update', this.handleDocUpdate);
    provider.on('sync', this.handleSync);
  }

  /** True while some local edit is not known to be stored by the server. */
  get hasUnsavedChanges(): boolean {
    return this.pending !== null;
  }

  /** Observers cannot change the record, so their local updates (which the server refuses) are not tracked. */
  setTracking(tracking: boolean): void {
    this.tracking = tracking;
    if (!tracking && this.pending) this.markSaved();
  }

  destroy(): void {
    clearTimeout(this.probeTimer);
    this.doc.off('update', this.handleDocUpdate);
    this.provider.off('sync', this.handleSync);
    if (this.originalSyncHandler) this.provider.messageHandlers[MESSAGE_SYNC] = this.originalSyncHandler;
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown) => {
    // Updates the provider applies came from the server.
    if (origin === this.provider || !this.tracking) return;
    const wasSaved = this.pending === null;
    this.pending = wasSaved ? update : Y.mergeUpdates([this.pending as Uint8Array, update]);
    if (wasSaved) {
      this.probeDelay = FIRST_PROBE_MS;
      this.onChange();
    }
    this.scheduleProbe();
  };

  private readonly handleSync = (synced: boolean) => {
    if (!synced || !this.pending) return;
    // Reconnected with edits made offline: the provider has just sent them; confirm soon.
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.probeDelay = FIRST_PROBE_MS;
    this.scheduleProbe();
  };

  private learnFromServer(syncType: number, payload: Uint8Array): void {
    const me = this.doc.clientID;
    try {
      if (syncType === SYNC_STEP_1) {
        this.serverClock = Math.max(this.serverClock, Y.decodeStateVector(payload).get(me) ?? 0);
      } else if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE) {
        const { structs, ds } = Y.decodeUpdate(payload);
        this.learnOwnStructs(structs);
        this.serverDeleteSet = Y.mergeDeleteSets([this.serverDeleteSet, ds]);
      } else return;
    } catch {
      return; // Not decodable: the provider's own handler has already dealt with it.
    }
    this.check();
  }

  /** Raises the known clock over our structs that continue what the server is known to have. */
  private learnOwnStructs(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): void {
    const own = structs
      .filter((struct) => !(struct instanceof Y.Skip) && struct.id.client === this.doc.clientID)
      .sort((a, b) => a.id.clock - b.id.clock);
    for (const struct of own) {
      if (struct.id.clock > this.serverClock) break; // a gap: the server may hold these as pending, not applied
      this.serverClock = Math.max(this.serverClock, struct.id.clock + struct.length);
    }
  }

  private check(): void {
    if (!this.pending) return;
    const serverState = Y.createSnapshot(this.serverDeleteSet, new Map([[this.doc.clientID, this.serverClock]]));
    if (Y.snapshotContainsUpdate(serverState, this.pending)) this.markSaved();
  }

  private markSaved(): void {
    this.pending = null;
    // Deletions are only worth knowing while something is pending.
    this.serverDeleteSet = Y.createDeleteSet();
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.onChange();
  }

  private scheduleProbe(): void {
    if (this.probeTimer !== undefined) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      if (!this.pending) return;
      this.probe();
      this.probeDelay = Math.min(this.probeDelay * 2, MAX_PROBE_MS);
      this.scheduleProbe();
    }, this.probeDelay);
  }

  private probe(): void {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !this.provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return;
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    stateVector.set(this.doc.clientID, this.serverClock);
    ws.send(encodeSyncStep1(Y.encodeStateVector(stateVector)));
  }
}
