import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeSyncStep1, MESSAGE_SYNC, readSyncMessage, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from './syncMessages';
import { type UnsavedPassage, unsavedPassages } from './unsavedText';

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
 * Only the clients of the pending edits matter: our own, and those of edits
 * kept on this device from an earlier page (pendingEdits.ts) that the server
 * may not have yet.
 *
 * When the server refuses our edits (the meeting concluded, or our role became
 * read-only) the pending edits are not "saved": `refused()` asks the server
 * for its whole state (the server sends the refusal only after it stored and
 * relayed everything it accepted) and, if our edits are still not all there,
 * `notSaved` lists the passages on this screen the server does not hold.
 */
export class SaveTracker {
  /** Per client of the pending edits: the clock the server is known to have. */
  private serverClocks = new Map<number, number>();
  private serverDeleteSet: DeleteSet = Y.createDeleteSet();
  private pending: Uint8Array | null = null;
  private tracking: boolean;
  /** Probes sent since the last sync, and step 2 replies received since; the full-state probe's number. */
  private probesSent = 0;
  private repliesReceived = 0;
  private verdictProbe: number | null = null;
  private notSavedPassages: UnsavedPassage[] | null = null;
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
      const message = readSyncMessage(decoder.arr, decoder.pos);
      this.originalSyncHandler?.(encoder, decoder, ...rest);
      if (!message) return;
      // A step 2 with a probe of ours outstanding answers it (replies come in order); others answer the provider.
      const answersProbe = message.syncType === SYNC_STEP_2 && this.repliesReceived < this.probesSent;
      if (answersProbe) this.repliesReceived += 1;
      if (this.pending) this.learnFromServer(message.syncType, message.payload, answersProbe);
    };
    doc.on('update', this.handleDocUpdate);
    provider.on('sync', this.handleSync);
  }

  /** True while some local edit is not known to be stored by the server. */
  get hasUnsavedChanges(): boolean {
    return this.pending !== null;
  }

  /** The local edits, merged, that the server is not known to hold (null: none). */
  get pendingUpdate(): Uint8Array | null {
    return this.pending;
  }

  /**
   * After the server refused our edits: the passages on this screen it does
   * not hold (empty when only deletions were lost). null while nothing was
   * refused, or while the server's answer is awaited.
   */
  get notSaved(): UnsavedPassage[] | null {
    return this.notSavedPassages;
  }

  /**
   * Observers cannot change the record, so their local updates (which the
   * server refuses) are not tracked. Edits still pending when tracking stops
   * are not saved for all that: they are checked with the server (`refused`).
   */
  setTracking(tracking: boolean): void {
    this.tracking = tracking;
    if (!tracking && this.pending) this.refused();
  }

  /**
   * The server refused an edit: asks it for its whole state; its answer says
   * which of our pending edits it holds. Anything else is not saved.
   */
  refused(): void {
    if (!this.pending || this.verdictProbe !== null) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    // An empty state vector: the server answers with everything it holds. Without a connection,
    // the edits stay unsaved (never "saved") and the next sync asks again.
    if (this.send(new Uint8Array([0]))) this.verdictProbe = this.probesSent;
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
    for (const client of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()) {
      if (!this.serverClocks.has(client)) this.serverClocks.set(client, 0);
    }
    if (wasSaved) {
      this.probeDelay = FIRST_PROBE_MS;
      this.onChange();
    }
    this.scheduleProbe();
  };

  private readonly handleSync = (synced: boolean) => {
    if (!synced) return;
    // The provider's own step 1 has just been answered: replies from here on answer our probes.
    this.probesSent = 0;
    this.repliesReceived = 0;
    this.verdictProbe = null;
    if (!this.pending) return;
    if (!this.tracking) return this.refused();
    // Reconnected with edits made offline: the provider has just sent them; confirm soon.
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.probeDelay = FIRST_PROBE_MS;
    this.scheduleProbe();
  };

  private learnFromServer(syncType: number, payload: Uint8Array, answersProbe: boolean): void {
    const isVerdict = answersProbe && this.repliesReceived === this.verdictProbe;
    try {
      if (syncType === SYNC_STEP_1) {
        const serverVector = Y.decodeStateVector(payload);
        for (const [client, clock] of this.serverClocks) {
          this.serverClocks.set(client, Math.max(clock, serverVector.get(client) ?? 0));
        }
      } else if (syncType === SYNC_STEP_2 || syncType === SYNC_UPDATE) {
        const { structs, ds } = Y.decodeUpdate(payload);
        this.learnOwnStructs(structs);
        this.serverDeleteSet = Y.mergeDeleteSets([this.serverDeleteSet, ds]);
      } else return;
    } catch {
      return; // Not decodable: the provider's own handler has already dealt with it.
    }
    this.check();
    if (isVerdict) this.decideRefused(payload);
  }

  /** Raises the known clocks over structs of tracked clients that continue what the server is known to have. */
  private learnOwnStructs(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): void {
    const own = structs
      .filter((struct) => !(struct instanceof Y.Skip) && this.serverClocks.has(struct.id.client))
      .sort((a, b) => a.id.clock - b.id.clock);
    for (const struct of own) {
      const known = this.serverClocks.get(struct.id.client) ?? 0;
      if (struct.id.clock > known) continue; // a gap: the server may hold these as pending, not applied
      this.serverClocks.set(struct.id.client, Math.max(known, struct.id.clock + struct.length));
    }
  }

  private check(): void {
    if (!this.pending) return;
    const serverState = Y.createSnapshot(this.serverDeleteSet, new Map(this.serverClocks));
    if (Y.snapshotContainsUpdate(serverState, this.pending)) this.markSaved();
  }

  /** The answer to the full-state probe after a refusal: what is still pending will never be saved. */
  private decideRefused(serverState: Uint8Array): void {
    this.verdictProbe = null;
    if (!this.pending) return;
    this.notSavedPassages = this.passagesNotIn(serverState);
    this.onChange();
  }

  /** The local passages the server's whole state lacks. */
  private passagesNotIn(serverState: Uint8Array): UnsavedPassage[] {
    const server = new Y.Doc();
    try {
      Y.applyUpdate(server, serverState);
      return unsavedPassages(this.doc, server);
    } finally {
      server.destroy();
    }
  }

  private markSaved(): void {
    this.pending = null;
    this.notSavedPassages = null;
    this.verdictProbe = null;
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
    if (this.verdictProbe !== null) return;
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    for (const [client, clock] of this.serverClocks) stateVector.set(client, clock);
    this.send(Y.encodeStateVector(stateVector));
  }

  /** Sends a sync step 1 carrying `stateVector`; false when there is no open, synced connection. */
  private send(stateVector: Uint8Array): boolean {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !this.provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(encodeSyncStep1(stateVector));
    this.probesSent += 1;
    return true;
  }
}
