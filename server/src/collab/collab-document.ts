import type { Logger } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import type { PresenceUser } from '@roundtable/shared/realtime';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  filterAwarenessEntries,
  withPresence,
} from './awareness-filter';
import { encodeAwarenessMessage, encodeSyncStep1, encodeUpdateMessage } from './collab-protocol';
import type { DocumentStore } from './document-store.service';
import { describeError } from './log-safe-error';
import { type SectionEdit, sectionEditsOf } from './section-edits';
import { UpdateBatcher } from './update-batcher';

/** What a document needs from a connection attached to it. */
export interface DocumentPeer {
  readonly userId: string;
  /** Awareness clientIDs this peer published (at most one: the first it used). */
  readonly clientIds: Set<number>;
  readonly presence: PresenceUser;
  send(message: Uint8Array): void;
  /** The server ends the connection, e.g. CLOSE_CODES.storageUnavailable after a failed write. */
  close(code: number, reason: string): void;
}

interface PendingUpdate {
  peer: DocumentPeer;
  update: Uint8Array;
}

export type SubmitResult = 'queued' | 'known' | 'too-large';

export interface CollabDocumentOptions {
  store: DocumentStore;
  logger: Logger;
  /** Called after each committed batch (the registry decides about compaction). */
  onCommitted(document: CollabDocument): void;
  /** Characters a connection's applied update added and removed, per record section (for the audit trail). */
  onEdits?(peer: DocumentPeer, edits: ReadonlyMap<string, SectionEdit>): void;
  /** Closes peers whose updates could not be stored. */
  storageUnavailableCode: number;
  maxDocumentBytes?: number;
}

/**
 * One shared document in memory: the Y.Doc, its awareness, the connections
 * attached to it and its write queue. An update reaches the Y.Doc and the
 * other connections only after PostgreSQL committed it.
 */
export class CollabDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Rows in `document_updates` after the snapshot (drives compaction). */
  rowsSinceSnapshot = 0;
  /** Highest update id committed and applied; every row up to it is committed. */
  lastCommittedId = '0';
  private readonly peers = new Set<DocumentPeer>();
  private readonly clientOwners = new Map<number, DocumentPeer>();
  private readonly batcher: UpdateBatcher<PendingUpdate, { lastId: string }>;
  private readonly maxDocumentBytes: number;
  /** Upper bound of the encoded state size: exact at load and after a check, plus bytes appended since. */
  private estimatedBytes = 0;
  private pendingBytes = 0;
  private destroyed = false;

  constructor(
    readonly name: string,
    private readonly options: CollabDocumentOptions,
  ) {
    this.maxDocumentBytes = options.maxDocumentBytes ?? LIMITS.collabMaxDocumentBytes;
    // The server publishes no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.relayUpdate);
    this.doc.on('afterTransaction', this.reportEdits);
    this.awareness.on('update', this.relayAwareness);
    this.batcher = new UpdateBatcher({
      write: (batch) =>
        options.store.append(
          name,
          batch.map((p) => ({ update: p.update, userId: p.peer.userId })),
        ),
      onCommitted: (batch, { lastId }) => this.applyCommitted(batch, lastId),
      onFailed: (batch, error) => this.failBatch(batch, error),
    });
  }

  /** Loads the snapshot and the log after it into the (fresh) Y.Doc. */
  async load(): Promise<void> {
    const stored = await this.options.store.load(this.name);
    let unapplied = 0;
    const apply = (update: Uint8Array) => {
      try {
        Y.applyUpdate(this.doc, update, 'load');
      } catch {
        unapplied++;
      }
    };
    if (stored.snapshot) apply(stored.snapshot);
    for (const row of stored.updates) apply(row.update);
    if (unapplied > 0) this.options.logger.error({ document: this.name, unapplied }, 'stored updates did not apply');
    this.rowsSinceSnapshot = stored.updates.length;
    this.lastCommittedId = stored.updates.at(-1)?.id ?? stored.snapshotUpdateId;
    this.estimatedBytes = Y.encodeStateAsUpdate(this.doc).length;
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  /** Starts serving a connection: sync step 1 and everyone's presence. */
  attach(peer: DocumentPeer): void {
    this.peers.add(peer);
    peer.send(encodeSyncStep1(this.doc));
    const states = this.awarenessMessage([...this.awareness.getStates().keys()]);
    if (states) peer.send(states);
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
   * Queues an authorised, validated, non-empty update for storage. `known`
   * when it changes nothing (checked for sync step 2, which repeats the whole
   * delete set on every reconnect); `too-large` when accepting it would push
   * the document over its size limit.
   */
  submitUpdate(peer: DocumentPeer, update: Uint8Array, checkKnown: boolean): SubmitResult {
    if (checkKnown && Y.snapshotContainsUpdate(Y.snapshot(this.doc), update)) return 'known';
    if (this.wouldExceedLimit(update.length)) return 'too-large';
    this.pendingBytes += update.length;
    this.batcher.enqueue({ peer, update });
    return 'queued';
  }

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
        return clientId === this.awareness.clientID || (owner !== undefined && owner !== peer);
      },
      presence: peer.presence,
      maxStateBytes: LIMITS.awarenessMaxStateBytes,
    });
    if (result.boundClientId !== null && boundBefore === undefined) {
      peer.clientIds.add(result.boundClientId);
      this.clientOwners.set(result.boundClientId, peer);
    }
    if (result.accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(result.accepted), peer);
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

  /** Resolves once every queued update has been written (or failed) and applied. */
  idle(): Promise<void> {
    return this.batcher.idle();
  }

  /** Frees the Y.Doc and awareness. Call only when no connection is attached and the queue is idle. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.doc.off('update', this.relayUpdate);
    this.doc.off('afterTransaction', this.reportEdits);
    this.awareness.off('update', this.relayAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private wouldExceedLimit(bytes: number): boolean {
    if (this.estimatedBytes + this.pendingBytes + bytes <= this.maxDocumentBytes) return false;
    // The estimate only grows; measure exactly before refusing (rare: near the limit).
    this.estimatedBytes = Y.encodeStateAsUpdate(this.doc).length;
    return this.estimatedBytes + this.pendingBytes + bytes > this.maxDocumentBytes;
  }

  private applyCommitted(batch: readonly PendingUpdate[], lastId: string): void {
    for (const { peer, update } of batch) {
      this.pendingBytes -= update.length;
      this.estimatedBytes += update.length;
      if (this.destroyed) continue;
      try {
        // Origin = the sending connection, so the relay skips it.
        Y.applyUpdate(this.doc, update, peer);
      } catch (error) {
        this.options.logger.error(
          { document: this.name, err: describeError(error) },
          'stored update failed to apply in memory',
        );
      }
    }
    this.rowsSinceSnapshot += batch.length;
    this.lastCommittedId = lastId;
    this.options.onCommitted(this);
  }

  private failBatch(batch: readonly PendingUpdate[], error: unknown): void {
    const failedPeers = new Set(batch.map((p) => p.peer));
    // Later updates of these connections depend on the lost ones: drop them too. The
    // providers reconnect and resend their whole state through sync.
    const discarded = this.batcher.discard((p) => failedPeers.has(p.peer));
    for (const { update } of [...batch, ...discarded]) this.pendingBytes -= update.length;
    this.options.logger.error(
      {
        document: this.name,
        updates: batch.length,
        discarded: discarded.length,
        connections: failedPeers.size,
        err: describeError(error),
      },
      'could not store updates; closing the sending connections',
    );
    for (const peer of failedPeers) peer.close(this.options.storageUnavailableCode, 'Could not store the change');
  }

  private readonly relayUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === 'load') return;
    const message = encodeUpdateMessage(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(message);
  };

  /** Runs before Yjs garbage-collects deleted content, so removed characters can still be counted. */
  private readonly reportEdits = (transaction: Y.Transaction): void => {
    const peer = transaction.origin as DocumentPeer | null;
    // Applied updates carry their sending connection as origin; loads carry 'load'.
    if (!this.options.onEdits || typeof peer !== 'object' || peer === null || !('userId' in peer)) return;
    const edits = sectionEditsOf(transaction);
    if (edits.size > 0) this.options.onEdits(peer, edits);
  };

  private readonly relayAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    // Sent to everyone, the sender included: its own renewals keep its provider's
    // "no message for 30 s" watchdog quiet, and the same clock makes the echo a no-op.
    const message = this.awarenessMessage([...added, ...updated, ...removed]);
    if (!message) return;
    for (const peer of this.peers) peer.send(message);
  };
}
