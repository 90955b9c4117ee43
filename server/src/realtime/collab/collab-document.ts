import { performance } from 'node:perf_hooks';
import type { Logger } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import { CLOSE_CODES, type PresenceUser } from '@roundtable/shared/realtime';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  filterAwarenessEntries,
  withPresence,
} from './awareness-filter';
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Message,
  encodeUpdateMessage,
  isEmptyStateVector,
} from './collab-protocol';
import { type AppendedBatch, ClientIdConflictError, type DocumentRepository } from './document.repository';
import { describeError } from '../../platform';
import { type SectionEdit, sectionEditsOf } from './section-edits';
import { UpdateBatcher } from './update-batcher';
import {
  checkIntegrity,
  checkOrigins,
  documentState,
  type IntegrityProblem,
  originsHoldInCopy,
  prepareUpdate,
  type UpdateShape,
} from './update-integrity';

/** What a document needs from a connection attached to it. */
export interface DocumentPeer {
  /** The writer: a user's id, or a family member's participant id (then familyParticipantId is set too). */
  readonly userId: string;
  /** Set for a family member's connection (the family plan document). */
  readonly familyParticipantId?: string;
  /** Awareness clientIDs this peer published (at most one: the first it used). */
  readonly clientIds: Set<number>;
  readonly presence: PresenceUser;
  send(message: Uint8Array): void;
  /** The server ends the connection, e.g. CLOSE_CODES.storageUnavailable after a failed write. */
  close(code: number, reason: string): void;
  /**
   * An update of this peer that the document had accepted was refused when
   * it came to be written: checked again just before (`takeBatch`, then the
   * peer is closed with 4522), or refused by the database for a clientID
   * another instance bound first (`failBatch`; the peer was closed with its
   * batch). Recorded for the audit trail as a refusal on arrival is, once per
   * refused peer; never for an update lost because storage failed.
   */
  writeRefused(reason: WriteRefusal): void;
}

/** An update the Y.Doc emitted, with its transaction's origin (the sending connection, for applied updates). */
interface EmittedUpdate {
  update: Uint8Array;
  origin: unknown;
}

interface PendingUpdate {
  peer: DocumentPeer;
  update: Uint8Array;
  /** performance.now() when the update was accepted, for the persistence lag metric. */
  receivedAt: number;
  /** The clocks it creates, per client (counted as held until it is applied). */
  created: ReadonlyMap<number, { from: number; to: number }>;
  /** ClientIDs it is the first to write with: bound to its sender in the same statement that stores it. */
  binds: readonly number[];
  /** Its shape, as stored (trimmed). */
  shape: UpdateShape;
  /**
   * Anchored to structs of updates accepted but not yet applied: its origins are
   * checked (checkOrigins) once they are, before it is written.
   */
  recheck: boolean;
}

/**
 * What became of a submitted update. `update-not-applicable`: Yjs could not apply it
 * whole against what the document holds (it is never stored); `client-id-taken`:
 * it creates structs under a clientID that belongs to another person.
 */
export type SubmitResult =
  | 'queued'
  | 'known'
  | 'too-large'
  | { refused: 'update-not-applicable'; problem: IntegrityProblem | 'inconsistent-origins' }
  | { refused: 'client-id-taken'; clientId: number };

/** Why a write was refused: the same words whether it was refused on arrival or just before it was written. */
export type WriteRefusal = Exclude<SubmitResult, string>['refused'];

export interface CollabDocumentOptions {
  store: Pick<DocumentRepository, 'append' | 'load' | 'readAfter' | 'findClientOwners' | 'bindClientIds'>;
  /** Checks (once) a document stored before updates were checked on arrival; resolves when it is safe to serve. */
  ensureChecked?(documentName: string): Promise<void>;
  logger: Logger;
  /** Called after each committed batch (the registry decides about compaction). */
  onCommitted(document: CollabDocument): void;
  /** Characters a connection's applied update added and removed, per record section (for the audit trail). */
  onEdits?(peer: DocumentPeer, edits: ReadonlyMap<string, SectionEdit>): void;
  /** After each committed batch of this process's own updates: when each was accepted (performance.now()), for metrics. */
  onStored?(receivedAt: readonly number[]): void;
  /** Closes peers whose updates could not be stored. */
  storageUnavailableCode: number;
  /** Closes a peer whose presence claimed a clientID another person owns. */
  clientIdTakenCode: number;
  maxDocumentBytes?: number;
  /** Other instances serving this document (Redis); absent when this process is alone. */
  relay?: DocumentRelayPort;
  /** How long a detected gap may wait for the missing batch to arrive before reading it from PostgreSQL. */
  catchUpDelayMs?: number;
}

/** What a document sends to the other instances. Losses are fine: they catch up from PostgreSQL. */
export interface DocumentRelayPort {
  /** A batch this process committed: the rows after `prevId` up to `lastId`. */
  publishUpdates(document: CollabDocument, batch: AppendedBatch, updates: readonly Uint8Array[]): void;
  /** Presence changes of this process's own connections. */
  publishAwareness(document: CollabDocument, update: Uint8Array): void;
}

/** Transaction origin of changes that came from another instance or from PostgreSQL (catch-up). */
export const RELAY_ORIGIN = 'relay';

/**
 * One shared document in memory: the Y.Doc, its awareness, the connections
 * attached to it and its write queue. An update reaches the Y.Doc and the
 * other connections only after PostgreSQL committed it.
 */
export class CollabDocument {
  private readonly ydoc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  /**
   * What load() read and the Y.Doc does not hold yet. Applied on first use of
   * `doc`, or just after the first connection was sent the stored state: the
   * server builds its copy while the client decodes its own.
   */
  private loaded: Uint8Array[] | null = null;
  /** Connections attached before the doc was built: they get the server's sync step 1 once it is. */
  private readonly awaitingStep1 = new Set<DocumentPeer>();
  /** Work `idle` waits for before the write queue (see `hold`). */
  private readonly holds = new Set<Promise<void>>();
  /** Rows in `document_updates` after the snapshot (drives compaction). */
  rowsSinceSnapshot = 0;
  /** Bytes of those rows, and the size of the snapshot they follow (compaction is paced by both). */
  bytesSinceSnapshot = 0;
  snapshotBytes = 0;
  /**
   * Every row of this document up to this id has been applied here (rows commit
   * in id order per document, see DocumentRepository), so catching up means reading
   * the rows after it. Drives compaction too.
   */
  lastCommittedId = '0';
  /** Batches applied out of order, waiting for the gap before them: prevId → lastId. */
  private readonly ahead = new Map<string, string>();
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchUpRun: Promise<void> | null = null;
  /** Another instance's messages that arrived before the load finished. */
  private early: (() => void)[] | null = [];
  /** Awareness clientIDs owned by connections on other instances. */
  private readonly remoteClientIds = new Set<number>();
  private readonly peers = new Set<DocumentPeer>();
  private readonly clientOwners = new Map<number, DocumentPeer>();
  /**
   * The user each Yjs clientID of this document belongs to (document_client_ids):
   * bound for good by the first update or presence with it, on any instance, and
   * kept across restarts. Nobody else may write with it or show presence under it.
   */
  private clientIdUsers = new Map<number, string>();
  /** Clocks created by updates accepted but not yet applied (queued or being written), per client. */
  private readonly acceptedClocks = new Map<number, number>();
  private readonly batcher: UpdateBatcher<PendingUpdate, AppendedBatch>;
  private readonly maxDocumentBytes: number;
  /** Upper bound of the encoded state size: exact at load and after a check, plus bytes appended since. */
  private estimatedBytes = 0;
  private pendingBytes = 0;
  private destroyed = false;
  /** While a committed batch is applied: what the Y.Doc emitted, relayed once the batch is in. */
  private collecting: EmittedUpdate[] | null = null;
  /**
   * `Y.encodeStateAsUpdate(doc)`, kept while the doc does not change: the
   * stored snapshot right after a load, or the last whole state encoded.
   * Every fresh connection gets exactly this, and compaction stores it.
   */
  private encodedState: Uint8Array | null = null;

  constructor(
    readonly name: string,
    private readonly options: CollabDocumentOptions,
  ) {
    this.maxDocumentBytes = options.maxDocumentBytes ?? LIMITS.collabMaxDocumentBytes;
    // The server publishes no presence of its own.
    this.awareness.setLocalState(null);
    this.ydoc.on('update', this.relayUpdate);
    this.ydoc.on('afterTransaction', this.reportEdits);
    this.awareness.on('update', this.relayAwareness);
    this.batcher = new UpdateBatcher({
      write: (batch) =>
        options.store.append(
          name,
          batch.map((p) => ({ update: p.update, userId: p.peer.userId, binds: p.binds })),
        ),
      onCommitted: (batch, appended) => this.applyCommitted(batch, appended),
      onFailed: (batch, error) => this.failBatch(batch, error),
      take: () => this.takeBatch(),
    });
  }

  /**
   * Reads the snapshot and the log after it. They are applied to the (fresh)
   * Y.Doc on its first use (see `doc`), or in the event-loop turn after the
   * first connection attaches. A snapshot with nothing after it is the
   * encoded state: fresh connections get it as stored, and it stays valid
   * through the build (the doc's listeners are off meanwhile).
   */
  async load(): Promise<void> {
    const [stored, bindings] = await Promise.all([
      this.options.store.load(this.name),
      this.options.store.findClientOwners(this.name),
    ]);
    if (bindings.unchecked && this.options.ensureChecked) {
      // Stored before updates were checked on arrival: checked (and repaired) once, before anyone is served.
      await this.options.ensureChecked(this.name);
      return this.load();
    }
    this.clientIdUsers = bindings.owners;
    const updates = stored.updates.map((row) => row.update);
    if (stored.snapshot) updates.unshift(stored.snapshot);
    this.loaded = updates.length > 0 ? updates : null;
    if (stored.snapshot && stored.updates.length === 0) this.encodedState = stored.snapshot;
    this.snapshotBytes = stored.snapshot?.length ?? 0;
    this.countRows(stored.updates.map((row) => row.update));
    this.lastCommittedId = stored.updates.at(-1)?.id ?? stored.snapshotUpdateId;
    // An upper bound (merged state is never larger than its parts); measured exactly only near the limit.
    this.estimatedBytes = this.snapshotBytes + this.bytesSinceSnapshot;
    const early = this.early ?? [];
    this.early = null;
    for (const receive of early) receive();
  }

  /** The Y.Doc, holding every stored update this process has applied (the load included). */
  get doc(): Y.Doc {
    if (this.loaded) this.applyLoaded();
    return this.ydoc;
  }

  /**
   * Applies what load() read. The listeners are off meanwhile: a load is
   * neither relayed nor audited, and an `update` listener would make Yjs
   * encode the whole loaded state once more.
   */
  private applyLoaded(): void {
    const updates = this.loaded;
    this.loaded = null;
    if (!updates || this.destroyed) return;
    this.ydoc.off('update', this.relayUpdate);
    this.ydoc.off('afterTransaction', this.reportEdits);
    let unapplied = 0;
    try {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.ydoc, update);
        } catch {
          unapplied++;
        }
      }
    } finally {
      this.ydoc.on('update', this.relayUpdate);
      this.ydoc.on('afterTransaction', this.reportEdits);
    }
    if (unapplied > 0) {
      this.encodedState = null;
      this.options.logger.error({ document: this.name, unapplied }, 'stored updates did not apply');
    }
    const waiting = [...this.awaitingStep1].filter((peer) => this.peers.has(peer));
    this.awaitingStep1.clear();
    if (waiting.length === 0) return;
    const step1 = encodeSyncStep1(this.ydoc);
    for (const peer of waiting) peer.send(step1);
  }

  /** Builds the Y.Doc after the current I/O (replies already due go out first). */
  private applyLoadedSoon(): void {
    if (this.loaded) setImmediate(() => this.applyLoaded());
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  /** Starts serving a connection: sync step 1 and everyone's presence. */
  attach(peer: DocumentPeer): void {
    this.peers.add(peer);
    if (this.loaded && this.encodedState) {
      // A fresh load: its step 1 follows once the doc is built. The client's own step 1 is
      // answered from the stored bytes meanwhile, which is all a fresh client needs to be synced.
      this.awaitingStep1.add(peer);
      this.applyLoadedSoon();
    } else {
      peer.send(encodeSyncStep1(this.doc));
    }
    const states = this.awarenessMessage([...this.awareness.getStates().keys()]);
    if (states) peer.send(states);
  }

  /**
   * The answer to a client's sync step 1: everything its state vector lacks.
   * @throws MalformedMessageError when the state vector does not decode.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(this.doc, stateVector);
    return encodeSyncStep2Message(this.encodeState());
  }

  /**
   * The whole state, `Y.encodeStateAsUpdate(doc)`. Updates are applied here
   * only after PostgreSQL committed them, so this is the stored state: every
   * row up to `lastCommittedId` (and any later rows relayed early).
   */
  encodeState(): Uint8Array {
    return (this.encodedState ??= Y.encodeStateAsUpdate(this.doc));
  }

  /** Stops serving a connection and removes its presence for everyone. Idempotent. */
  detach(peer: DocumentPeer): void {
    if (!this.peers.delete(peer)) return;
    for (const clientId of peer.clientIds) {
      if (this.clientOwners.get(clientId) === peer) this.clientOwners.delete(clientId);
    }
    if (!this.destroyed) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.clientIds], peer);
  }

  /**
   * Queues an authorised, validated, non-empty update for storage, once it is
   * known to apply whole (update-integrity.ts) against what the document
   * holds and has accepted, and to create structs only under clientIDs of its
   * sender. A clientID nobody owns yet is bound to the sender by the very
   * statement that stores the update, which fails if another instance bound
   * it to someone else first. `known` when it changes nothing (checked for
   * sync step 2, which repeats the whole delete set on every reconnect);
   * `too-large` when accepting it would push the document over its size limit.
   */
  submitUpdate(peer: DocumentPeer, update: Uint8Array, shape: UpdateShape, checkKnown: boolean): SubmitResult {
    if (checkKnown && Y.snapshotContainsUpdate(Y.snapshot(this.doc), update)) return 'known';
    const integrity = prepareUpdate(update, shape, this.acceptedStateOf, this.isItemAt);
    if (!integrity.ok) return { refused: 'update-not-applicable', problem: integrity.problem };
    // What is stored and applied: the update without the clocks the document already holds.
    update = integrity.update;
    if (integrity.shape.structs.length === 0 && integrity.shape.deletes.length === 0) return 'known';
    // Where its items land must not depend on when a replica receives it (checkOrigins).
    let origins = checkOrigins(integrity.shape, this.doc);
    if (origins === 'unproven') origins = originsHoldInCopy(this.doc, update, integrity.shape) ? 'ok' : 'inconsistent';
    if (origins === 'inconsistent') return { refused: 'update-not-applicable', problem: 'inconsistent-origins' };
    const binds: number[] = [];
    for (const clientId of integrity.created.keys()) {
      const owner = this.clientIdUsers.get(clientId);
      if (owner === undefined) binds.push(clientId);
      else if (owner !== peer.userId) return { refused: 'client-id-taken', clientId };
    }
    if (this.wouldExceedLimit(update.length)) return 'too-large';
    this.pendingBytes += update.length;
    for (const clientId of binds) this.clientIdUsers.set(clientId, peer.userId);
    for (const [clientId, { to }] of integrity.created) {
      if ((this.acceptedClocks.get(clientId) ?? 0) < to) this.acceptedClocks.set(clientId, to);
    }
    this.batcher.enqueue({
      peer,
      update,
      receivedAt: performance.now(),
      created: integrity.created,
      binds,
      shape: integrity.shape,
      recheck: origins === 'unresolved',
    });
    return 'queued';
  }

  /**
   * The next batch: the queued updates up to the next one that waits for a
   * check (`recheck`). When that one comes first, everything accepted before
   * it has been applied: its origins are checked now, and it is refused (its
   * sender's refusal reported, and the sender closed) if they are inconsistent.
   */
  private takeBatch(): number {
    let queue = this.batcher.queued();
    while (queue[0]?.recheck) {
      const first = queue[0];
      const origins = checkOrigins(first.shape, this.doc);
      if (origins === 'ok' || (origins === 'unproven' && originsHoldInCopy(this.doc, first.update, first.shape))) {
        first.recheck = false;
        break;
      }
      this.options.logger.warn(
        { document: this.name, userId: first.peer.userId, problem: 'inconsistent-origins' },
        'collab update refused',
      );
      this.dropQueued(new Set([first.peer]), this.refuseAtWrite);
      queue = this.batcher.queued();
    }
    let count = 1;
    while (count < queue.length && !queue[count]?.recheck) count++;
    return count;
  }

  /**
   * Removes the queued updates of `peers` and ends each of them with `end`;
   * then, in turn, any queued update that no longer applies whole without
   * what was removed (and ends its sender the same way, once): nothing stored
   * may be left pending. Recounts the accepted clocks.
   */
  private dropQueued(peers: Set<DocumentPeer>, end: (peer: DocumentPeer) => void): PendingUpdate[] {
    const dropped: PendingUpdate[] = [];
    for (let closing = peers; closing.size > 0;) {
      dropped.push(...this.batcher.discard((p) => closing.has(p.peer)));
      for (const peer of closing) end(peer);
      // What the rest may depend on: the document, and the queued updates before each.
      const accepted = new Map<number, number>();
      const stateOf = (client: number) => Math.max(Y.getState(this.doc.store, client), accepted.get(client) ?? 0);
      const next = new Set<DocumentPeer>();
      for (const item of this.batcher.queued()) {
        if (next.has(item.peer)) continue;
        const integrity = checkIntegrity(item.shape, stateOf, this.isItemAt);
        if (!integrity.ok) {
          this.options.logger.warn(
            { document: this.name, userId: item.peer.userId, problem: integrity.problem },
            'queued collab update depends on one dropped',
          );
          next.add(item.peer);
          continue;
        }
        for (const [clientId, { to }] of item.created) {
          if ((accepted.get(clientId) ?? 0) < to) accepted.set(clientId, to);
        }
      }
      closing = next;
    }
    for (const { update, binds } of dropped) {
      this.pendingBytes -= update.length;
      // Not stored: not bound (another instance may have bound one meanwhile).
      for (const clientId of binds) this.clientIdUsers.delete(clientId);
    }
    this.acceptedClocks.clear();
    for (const { created } of this.batcher.queued()) {
      for (const [clientId, { to }] of created) {
        if ((this.acceptedClocks.get(clientId) ?? 0) < to) this.acceptedClocks.set(clientId, to);
      }
    }
    return dropped;
  }

  /**
   * Refuses a peer's accepted update at write time, as `submitUpdate` would have on arrival: the
   * refusal is reported (the audit trail), then the peer is closed with 4522 and resyncs.
   */
  private readonly refuseAtWrite = (peer: DocumentPeer): void => {
    peer.writeRefused('update-not-applicable');
    peer.close(CLOSE_CODES.updateNotApplicable, 'The change cannot be applied; reconnecting');
  };

  /** A client's clock as the next update must find it: what the document holds, and what it has accepted. */
  private readonly acceptedStateOf = (clientId: number): number =>
    Math.max(Y.getState(this.doc.store, clientId), this.acceptedClocks.get(clientId) ?? 0);

  /** Whether the document holds an item (not a garbage-collected struct) at an ID; undefined when not applied yet. */
  private readonly isItemAt = (clientId: number, clock: number): boolean | undefined =>
    documentState(this.doc).isItemAt(clientId, clock);

  /**
   * Applies a connection's awareness update after filtering it: only its own
   * clientID, size-limited, `user` set by the server.
   * @throws MalformedMessageError when the update does not decode.
   */
  receiveAwareness(peer: DocumentPeer, update: Uint8Array): void {
    const [boundBefore] = peer.clientIds;
    const result = filterAwarenessEntries(decodeAwarenessUpdate(update), {
      boundClientId: boundBefore ?? null,
      isClaimedElsewhere: (clientId) => {
        const owner = this.clientOwners.get(clientId);
        return (
          clientId === this.awareness.clientID ||
          (owner !== undefined && owner !== peer) ||
          (this.clientIdUsers.get(clientId) ?? peer.userId) !== peer.userId ||
          this.remoteClientIds.has(clientId)
        );
      },
      presence: peer.presence,
      maxStateBytes: LIMITS.awarenessMaxStateBytes,
    });
    if (result.boundClientId !== null && boundBefore === undefined) {
      peer.clientIds.add(result.boundClientId);
      this.clientOwners.set(result.boundClientId, peer);
      if (!this.clientIdUsers.has(result.boundClientId)) {
        this.clientIdUsers.set(result.boundClientId, peer.userId);
        void this.persistPresenceBinding(peer, result.boundClientId);
      }
    }
    if (result.accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(result.accepted), peer);
  }

  /**
   * Stores a presence clientID's binding. Shown at once; if another instance
   * bound it to someone else first, the presence goes and the connection is
   * told its clientID is taken.
   */
  private async persistPresenceBinding(peer: DocumentPeer, clientId: number): Promise<void> {
    let owner: string | undefined;
    try {
      owner = (await this.options.store.bindClientIds(this.name, [clientId], peer.userId)).get(clientId);
    } catch (error) {
      // Bound again by its next update, or at the next presence after a reload.
      this.options.logger.warn(
        { document: this.name, err: describeError(error) },
        'could not store a presence binding',
      );
      return;
    }
    if (owner === undefined || owner === peer.userId || this.destroyed) return;
    this.clientIdUsers.set(clientId, owner);
    awarenessProtocol.removeAwarenessStates(this.awareness, [clientId], peer);
    peer.close(this.options.clientIdTakenCode, 'This editing identity belongs to another person');
  }

  /** Re-publishes a connection's presence (its role changed). The clock moves on so every client takes it. */
  refreshPresence(peer: DocumentPeer): void {
    const entries = [];
    for (const clientId of peer.clientIds) {
      const state = this.awareness.getStates().get(clientId);
      const meta = this.awareness.meta.get(clientId);
      if (!state || !meta) continue;
      entries.push({ clientId, clock: meta.clock + 1, json: JSON.stringify(withPresence(state, peer.presence)) });
    }
    if (entries.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), peer);
    }
  }

  /** The awareness message with every current state (answer to query-awareness), or null if nobody is present. */
  awarenessMessage(clientIds: number[]): Uint8Array | null {
    if (clientIds.length === 0) return null;
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds));
  }

  /**
   * Makes `idle` wait for `work` too: a connection's updates that arrived before the meeting
   * concluded and are still being validated (they are stored, then the sealed record is rendered).
   */
  hold(work: Promise<void>): void {
    const held: Promise<void> = work
      .catch(() => undefined)
      .finally(() => {
        this.holds.delete(held);
      });
    this.holds.add(held);
  }

  /** Resolves once every held piece of work is done and every queued update has been written (or failed) and applied. */
  async idle(): Promise<void> {
    for (;;) {
      while (this.holds.size > 0) await Promise.all([...this.holds]);
      await this.batcher.idle();
      if (this.holds.size === 0) return;
    }
  }

  /** Frees the Y.Doc and awareness. Call only when no connection is attached and the queue is idle. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.encodedState = null;
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.loaded = null;
    this.ydoc.off('update', this.relayUpdate);
    this.ydoc.off('afterTransaction', this.reportEdits);
    this.awareness.off('update', this.relayAwareness);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private wouldExceedLimit(bytes: number): boolean {
    if (this.estimatedBytes + this.pendingBytes + bytes <= this.maxDocumentBytes) return false;
    // The estimate only grows; measure exactly before refusing (rare: near the limit).
    this.estimatedBytes = this.encodeState().length;
    return this.estimatedBytes + this.pendingBytes + bytes > this.maxDocumentBytes;
  }

  private applyCommitted(batch: readonly PendingUpdate[], appended: AppendedBatch): void {
    for (const { update } of batch) {
      this.pendingBytes -= update.length;
      this.estimatedBytes += update.length;
    }
    this.options.onStored?.(batch.map((p) => p.receivedAt));
    if (this.destroyed) return;
    // Each connection's consecutive updates are applied in one transaction whose origin is
    // the sender (edit attribution). The connections then get one frame for the whole batch.
    const emitted: EmittedUpdate[] = [];
    this.collecting = emitted;
    try {
      for (let start = 0; start < batch.length;) {
        const peer = batch[start]?.peer;
        let end = start + 1;
        while (end < batch.length && batch[end]?.peer === peer) end++;
        const run = batch.slice(start, end);
        this.doc.transact(() => {
          for (const { update } of run) this.applyStored(update, 'stored update failed to apply in memory');
        }, peer);
        start = end;
      }
    } finally {
      // What was applied is relayed even if a listener threw part-way.
      this.collecting = null;
      this.relayBatch(emitted);
    }
    if (this.ydoc.store.pendingStructs || this.ydoc.store.pendingDs) {
      // The checks let through what Yjs could not integrate: the state encoded for fresh
      // connections now holds structs no live connection was sent.
      this.options.logger.error({ document: this.name }, 'a stored update left structs pending');
    }
    this.forgetApplied(batch);
    this.countRows(batch.map((p) => p.update));
    this.options.relay?.publishUpdates(
      this,
      appended,
      batch.map((p) => p.update),
    );
    this.advance(appended);
    this.options.onCommitted(this);
  }

  /**
   * Applies a batch another instance committed (relayed through Redis).
   * Duplicates are ignored; a batch after a gap is applied (Yjs holds what
   * it cannot integrate yet) and the gap is read from PostgreSQL.
   */
  receiveRemoteUpdates(appended: AppendedBatch, updates: readonly Uint8Array[]): void {
    if (this.early) {
      this.early.push(() => this.receiveRemoteUpdates(appended, updates));
      return;
    }
    if (this.destroyed || BigInt(appended.lastId) <= BigInt(this.lastCommittedId)) return;
    this.doc.transact(() => {
      for (const update of updates) this.applyStored(update, 'relayed update failed to apply');
    }, RELAY_ORIGIN);
    this.countRows(updates);
    this.advance(appended);
    this.options.onCommitted(this);
  }

  /** Applies another instance's presence changes (already filtered there). */
  receiveRemoteAwareness(update: Uint8Array): void {
    if (this.early) {
      this.early.push(() => this.receiveRemoteAwareness(update));
      return;
    }
    if (this.destroyed) return;
    try {
      for (const entry of decodeAwarenessUpdate(update)) {
        if (entry.json === 'null') this.remoteClientIds.delete(entry.clientId);
        else if (!this.clientOwners.has(entry.clientId)) this.remoteClientIds.add(entry.clientId);
      }
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, RELAY_ORIGIN);
    } catch (error) {
      this.options.logger.warn(
        { document: this.name, err: describeError(error) },
        'ignored a relayed awareness update',
      );
    }
  }

  /** The presence of this process's own connections (answer to another instance that just loaded the document). */
  localAwarenessUpdate(): Uint8Array | null {
    const own = [...this.clientOwners.keys()].filter((id) => this.awareness.getStates().has(id));
    return own.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, own) : null;
  }

  /**
   * Reads and applies every stored row after `lastCommittedId`: what other
   * instances wrote while their messages were lost. One run at a time.
   */
  catchUp(): Promise<void> {
    if (this.catchUpTimer) {
      clearTimeout(this.catchUpTimer);
      this.catchUpTimer = null;
    }
    // Runs are chained, so two never read and apply at the same time.
    const run = (this.catchUpRun ?? Promise.resolve()).then(() => this.readMissedRows());
    this.catchUpRun = run;
    void run.finally(() => {
      if (this.catchUpRun === run) this.catchUpRun = null;
    });
    return run;
  }

  private async readMissedRows(): Promise<void> {
    if (this.destroyed || this.early) return;
    const from = this.lastCommittedId;
    let rows: { id: string; update: Buffer }[];
    try {
      rows = await this.options.store.readAfter(this.name, from);
    } catch (error) {
      this.options.logger.error({ document: this.name, err: describeError(error) }, 'could not catch up from storage');
      this.scheduleCatchUp();
      return;
    }
    if (this.destroyed || rows.length === 0) return;
    this.doc.transact(() => {
      for (const row of rows) this.applyStored(row.update, 'stored update failed to apply in memory');
    }, RELAY_ORIGIN);
    this.countRows(rows.map((row) => row.update));
    this.options.logger.log({ document: this.name, rows: rows.length, fromId: from }, 'caught up from storage');
    this.advance({ prevId: from, lastId: rows.at(-1)?.id ?? from });
    this.options.onCommitted(this);
  }

  /**
   * A snapshot of the first `rows` rows (`bytes` of them) after the previous
   * one was stored (`snapshotBytes`), or was not because a newer one was there
   * (null): those rows no longer count towards the next compaction.
   */
  compacted(rows: number, bytes: number, snapshotBytes: number | null): void {
    this.rowsSinceSnapshot = Math.max(0, this.rowsSinceSnapshot - rows);
    this.bytesSinceSnapshot = Math.max(0, this.bytesSinceSnapshot - bytes);
    if (snapshotBytes !== null) this.snapshotBytes = snapshotBytes;
  }

  private countRows(updates: readonly Uint8Array[]): void {
    this.rowsSinceSnapshot += updates.length;
    for (const update of updates) this.bytesSinceSnapshot += update.length;
  }

  /** Moves `lastCommittedId` over a batch that follows it, or remembers the batch and reads the gap. */
  private advance({ prevId, lastId }: AppendedBatch): void {
    if (BigInt(prevId) > BigInt(this.lastCommittedId)) {
      this.ahead.set(prevId, lastId);
      this.scheduleCatchUp();
      return;
    }
    if (BigInt(lastId) > BigInt(this.lastCommittedId)) this.lastCommittedId = lastId;
    for (const [prev, last] of [...this.ahead]) {
      if (BigInt(prev) > BigInt(this.lastCommittedId)) continue;
      this.ahead.delete(prev);
      if (BigInt(last) > BigInt(this.lastCommittedId)) this.lastCommittedId = last;
    }
    // Chained batches may now connect in turn.
    let next = this.ahead.get(this.lastCommittedId);
    while (next !== undefined) {
      this.ahead.delete(this.lastCommittedId);
      this.lastCommittedId = next;
      next = this.ahead.get(this.lastCommittedId);
    }
    if (this.ahead.size === 0 && this.catchUpTimer) {
      clearTimeout(this.catchUpTimer);
      this.catchUpTimer = null;
    }
  }

  /** A gap is usually closed by the missing message within milliseconds; read it from PostgreSQL if not. */
  private scheduleCatchUp(): void {
    if (this.catchUpTimer || this.destroyed) return;
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = null;
      void this.catchUp();
    }, this.options.catchUpDelayMs ?? 200);
    this.catchUpTimer.unref();
  }

  private applyStored(update: Uint8Array, problem: string): void {
    try {
      Y.applyUpdate(this.doc, update);
    } catch (error) {
      this.options.logger.error({ document: this.name, err: describeError(error) }, problem);
    }
  }

  /** Reads the clientID bindings afresh (after a failed write: one of them may belong to someone else now). */
  private async refreshClientIdUsers(): Promise<void> {
    try {
      const { owners } = await this.options.store.findClientOwners(this.name);
      for (const [clientId, owner] of owners) this.clientIdUsers.set(clientId, owner);
    } catch (error) {
      this.options.logger.warn({ document: this.name, err: describeError(error) }, 'could not read clientID bindings');
    }
  }

  /** Accepted clocks the document now holds stop counting as held. */
  private forgetApplied(batch: readonly PendingUpdate[]): void {
    for (const { created } of batch) {
      for (const clientId of created.keys()) {
        const held = this.acceptedClocks.get(clientId);
        if (held !== undefined && Y.getState(this.ydoc.store, clientId) >= held) this.acceptedClocks.delete(clientId);
      }
    }
  }

  private failBatch(batch: readonly PendingUpdate[], error: unknown): void {
    for (const { update, binds } of batch) {
      this.pendingBytes -= update.length;
      // Not bound (another instance may have bound one first).
      for (const clientId of binds) this.clientIdUsers.delete(clientId);
    }
    const conflict = error instanceof ClientIdConflictError;
    const bindings = this.refreshClientIdUsers();
    if (conflict) void bindings.then(() => this.reportTakenClientIds(batch));
    // Later updates of these connections depend on the lost ones, and so may another connection's
    // (one that knew them before they were relayed: a forger, or a client sharing edits between its
    // tabs): dropped too, their senders closed as not stored, not refused (nothing is audited).
    // The providers reconnect and resend their whole state through sync.
    const failedPeers = new Set(batch.map((p) => p.peer));
    const discarded = this.dropQueued(failedPeers, this.closeUnstored);
    const context = {
      document: this.name,
      updates: batch.length,
      discarded: discarded.length,
      connections: new Set([...failedPeers, ...discarded.map((p) => p.peer)]).size,
    };
    if (conflict) {
      this.options.logger.warn(
        context,
        'a clientID of the batch belongs to another person; closing the sending connections',
      );
    } else {
      this.options.logger.error(
        { ...context, err: describeError(error) },
        'could not store updates; closing the sending connections',
      );
    }
  }

  /** Closes a peer whose updates could not be stored: not a refused write (nothing is audited). */
  private readonly closeUnstored = (peer: DocumentPeer): void =>
    peer.close(this.options.storageUnavailableCode, 'Could not store the change');

  /**
   * A batch the database refused because another instance bound one of its
   * clientIDs to someone else first: with the bindings read afresh, each
   * sender that wrote under a clientID now another person's is reported
   * once, as `client-id-taken` on arrival is. Its connection was closed with
   * the rest of the batch (4503): which update was at fault is known only now.
   */
  private reportTakenClientIds(batch: readonly PendingUpdate[]): void {
    const refused = new Set<DocumentPeer>();
    for (const { peer, binds } of batch) {
      const taken = binds.some((clientId) => (this.clientIdUsers.get(clientId) ?? peer.userId) !== peer.userId);
      if (taken) refused.add(peer);
    }
    // The peer logs and audits it (writeRefused).
    for (const peer of refused) peer.writeRefused('client-id-taken');
  }

  private readonly relayUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.collecting) this.collecting.push({ update, origin });
    else this.relayBatch([{ update, origin }]);
  };

  /**
   * Sends what a committed batch changed to every connection, its sender
   * included (as the stock y-websocket server does; its own part is a no-op
   * for it), as one frame: the transactions' updates as Yjs emitted them,
   * merged (`Y.mergeUpdates`). A client integrates the merged update in
   * another order than the server integrated the transactions, and reaches
   * the same state: every stored update integrates whole (nothing is held
   * back) and its items land between their origins wherever they are
   * integrated (checkOrigins). Before that check, a merged frame was caught
   * leaving a live client without content the server held (a bit-flipped
   * origin lands by history), and the relay went back to one frame per run.
   */
  private relayBatch(emitted: readonly EmittedUpdate[]): void {
    if (emitted.length === 0) return;
    let updates = emitted.map(({ update }) => update);
    if (updates.length > 1) {
      try {
        updates = [Y.mergeUpdates(updates)];
      } catch (error) {
        this.options.logger.error({ document: this.name, err: describeError(error) }, 'could not merge a batch');
      }
    }
    for (const update of updates) {
      const message = encodeUpdateMessage(update);
      for (const peer of this.peers) peer.send(message);
    }
  }

  /** Runs before Yjs garbage-collects deleted content, so removed characters can still be counted. */
  private readonly reportEdits = (transaction: Y.Transaction): void => {
    // Every transaction may change the encoded state, even one that emits no update
    // (structs held back until what they depend on arrives are part of it).
    this.encodedState = null;
    // Applied updates carry their sending connection as origin; loads and other instances' updates do not
    // (those are audited where they were received).
    const peer = transaction.origin;
    if (!this.options.onEdits || !isPeer(peer)) return;
    const edits = sectionEditsOf(transaction);
    if (edits.size > 0) this.options.onEdits(peer, edits);
  };

  private readonly relayAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    // Sent to everyone, the sender included: its own renewals keep its provider's
    // "no message for 30 s" watchdog quiet, and the same clock makes the echo a no-op.
    const message = encodeAwarenessMessage(update);
    for (const peer of this.peers) peer.send(message);
    // Only this process's own connections' changes go to the other instances
    // (each instance times out and relays its own).
    if (this.options.relay && isPeer(origin)) this.options.relay.publishAwareness(this, update);
  };
}

function isPeer(origin: unknown): origin is DocumentPeer {
  return typeof origin === 'object' && origin !== null && 'userId' in origin && 'send' in origin;
}
