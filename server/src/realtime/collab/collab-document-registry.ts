import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { APP_CONFIG, type AppConfig, ClusterBus, describeError, Metrics } from '../../platform';
import { CollabDocument } from './collab-document';
import { CollabRelay } from './collab-relay.service';
import { DocumentEditAudit } from './document-edit-audit.service';
import { DocumentIntegrityService } from './document-integrity.service';
import { DocumentStore } from './document-store.service';
import { DocumentRepository } from './document.repository';

interface Entry {
  document: CollabDocument;
  ready: Promise<void>;
  /** Connections holding the document (including ones still waiting for the load). */
  holds: number;
  unloadTimer: NodeJS.Timeout | null;
  compaction: Promise<void> | null;
  /** Stops the Redis relay of this document (several instances only). */
  detachRelay: (() => Promise<void>) | null;
}

/**
 * The documents loaded in this process. Concurrent first connections share
 * one load; a document with no connections is unloaded after a grace period
 * (a reconnect within it cancels the unload); compaction runs in the
 * background once the log since the snapshot is long enough.
 *
 * With several instances (REDIS_URL) each loaded document is relayed through
 * Redis, and a periodic check against PostgreSQL catches up with whatever
 * Redis lost, as does a Redis reconnection.
 */
@Injectable()
export class CollabDocumentRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CollabDocuments');
  private readonly entries = new Map<string, Entry>();
  private readonly compactions = new Set<Promise<void>>();
  private shuttingDown = false;
  private resyncTimer: NodeJS.Timeout | null = null;
  private stopResyncListener: (() => void) | null = null;

  constructor(
    private readonly store: DocumentRepository,
    private readonly storedState: DocumentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly editAudit: DocumentEditAudit,
    private readonly relay: CollabRelay,
    private readonly bus: ClusterBus,
    private readonly integrity: DocumentIntegrityService,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.relay.enabled) return;
    this.resyncTimer = setInterval(() => void this.catchUpStale(), this.config.collabResyncIntervalMs);
    this.resyncTimer.unref();
    this.stopResyncListener = this.bus.onResync(() => {
      for (const entry of this.entries.values()) {
        void entry.ready.then(
          () => {
            void entry.document.catchUp();
            this.relay.queryAwareness(entry.document);
          },
          () => undefined,
        );
      }
    });
  }

  onApplicationShutdown(): void {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.stopResyncListener?.();
  }

  /**
   * The loaded document, held for the caller until `release`. Loads it on the
   * first call; later callers wait for the same load.
   */
  async acquire(documentName: string): Promise<CollabDocument> {
    if (this.shuttingDown) throw new Error('collab is shutting down');
    const entry = this.entries.get(documentName) ?? this.createEntry(documentName);
    entry.holds++;
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = null;
    }
    try {
      await entry.ready;
    } catch (error) {
      entry.holds--;
      throw error;
    }
    return entry.document;
  }

  /** Gives back a hold; the last one starts the unload grace period. */
  release(document: CollabDocument): void {
    const entry = this.entries.get(document.name);
    if (!entry || entry.document !== document) return;
    entry.holds--;
    if (entry.holds > 0 || this.shuttingDown) return;
    entry.unloadTimer = setTimeout(() => void this.unload(entry), this.config.collabUnloadAfterMs);
    entry.unloadTimer.unref();
  }

  /** Documents currently in memory (for tests and health). */
  get loadedCount(): number {
    return this.entries.size;
  }

  /** Whether a document is in memory. */
  isLoaded(documentName: string): boolean {
    return this.entries.has(documentName);
  }

  /**
   * The document's state now (`Y.encodeStateAsUpdate`), e.g. to bind a
   * decision to the record it was made on. From memory when the document is
   * loaded: updates are applied there only after PostgreSQL committed them,
   * so that is the stored state. Otherwise read from PostgreSQL, without
   * loading the document into the registry.
   */
  async encodeState(documentName: string): Promise<Uint8Array> {
    const entry = this.entries.get(documentName);
    if (entry) {
      try {
        await entry.ready;
      } catch {
        // The load failed; the store below reports its own errors.
      }
      // Other instances' latest rows may not have been relayed yet.
      if (this.relay.enabled && this.entries.get(documentName) === entry) await entry.document.catchUp();
      // Still loaded after the wait (unloading deletes and destroys synchronously).
      if (this.entries.get(documentName) === entry) return entry.document.encodeState();
    }
    return this.storedState.encodeState(documentName);
  }

  /**
   * Resolves once every update this process has accepted for the document is
   * stored and applied (immediately when it is not loaded), e.g. before the
   * sealed record is rendered at a meeting's conclusion.
   */
  async settle(documentName: string): Promise<void> {
    const entry = this.entries.get(documentName);
    if (!entry) return;
    await entry.ready;
    await entry.document.idle();
    if (this.relay.enabled) await entry.document.catchUp();
  }

  /** Resolves when no compaction is running. */
  async compactionsIdle(): Promise<void> {
    while (this.compactions.size > 0) await Promise.allSettled([...this.compactions]);
  }

  /**
   * Stops loading, writes every queued update, waits for compactions and
   * frees every document. Connections must have been closed first.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    const entries = [...this.entries.values()];
    for (const entry of entries) if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    await Promise.allSettled(entries.map((e) => e.ready.then(() => e.document.idle())));
    await this.compactionsIdle();
    for (const entry of entries) entry.document.destroy();
    await Promise.allSettled(entries.map((e) => e.detachRelay?.()));
    this.entries.clear();
    // The last updates' edit counts, now that every queued update has been applied.
    await this.editAudit.flush();
  }

  /** Catches up every loaded document for which PostgreSQL holds rows this instance has not applied. */
  private async catchUpStale(): Promise<void> {
    const loaded = [...this.entries.values()].filter((e) => e.detachRelay !== null);
    if (loaded.length === 0) return;
    let latest: Map<string, string>;
    try {
      latest = await this.store.latestIds(loaded.map((e) => e.document.name));
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'could not check documents for missed updates');
      return;
    }
    for (const { document } of loaded) {
      const id = latest.get(document.name);
      if (id !== undefined && BigInt(id) > BigInt(document.lastCommittedId)) void document.catchUp();
    }
  }

  private createEntry(documentName: string): Entry {
    const document = new CollabDocument(documentName, {
      store: this.store,
      logger: this.logger,
      storageUnavailableCode: CLOSE_CODES.storageUnavailable,
      clientIdTakenCode: CLOSE_CODES.clientIdTaken,
      ensureChecked: (name) => this.integrity.ensureChecked(name),
      onCommitted: () => this.maybeCompact(entry),
      onEdits: (peer, edits) =>
        this.editAudit.note(
          documentName,
          peer.familyParticipantId !== undefined
            ? { familyParticipantId: peer.familyParticipantId }
            : { userId: peer.userId, agency: peer.presence.agency },
          edits,
        ),
      relay: this.relay.enabled ? this.relay : undefined,
      onStored: (receivedAt) => this.metrics?.documentUpdatesStored(receivedAt),
    });
    const entry: Entry = {
      document,
      // Subscribed before loading, so nothing committed elsewhere falls between the two.
      ready: this.relay.enabled
        ? this.relay.attach(document).then((detach) => {
            entry.detachRelay = detach;
            return document.load();
          })
        : document.load(),
      holds: 0,
      unloadTimer: null,
      compaction: null,
      detachRelay: null,
    };
    this.entries.set(documentName, entry);
    entry.ready.then(
      () => this.maybeCompact(entry),
      (error: unknown) => {
        // Forget the failed load so the next connection tries again.
        if (this.entries.get(documentName) === entry) this.entries.delete(documentName);
        document.destroy();
        void entry.detachRelay?.();
        this.logger.error({ document: documentName, err: describeError(error) }, 'could not load document');
      },
    );
    return entry;
  }

  private async unload(entry: Entry): Promise<void> {
    entry.unloadTimer = null;
    // Queued updates are written and applied before the doc goes away.
    await entry.document.idle();
    // A connection may have arrived while we waited; so may shutdown, which frees everything itself.
    if (entry.holds > 0 || this.shuttingDown || this.entries.get(entry.document.name) !== entry) return;
    // The next load then reads one snapshot, not the log since the last one. Encoded now,
    // stored in the background: a reconnect meanwhile loads from the rows, which stay.
    this.compact(entry, { final: true });
    this.entries.delete(entry.document.name);
    entry.document.destroy();
    void entry.detachRelay?.();
    this.logger.debug({ document: entry.document.name }, 'document unloaded');
  }

  /**
   * Compacts once `COLLAB_COMPACT_AFTER_UPDATES` rows follow the snapshot and
   * they add up to a quarter of its size: each compaction encodes and writes
   * the whole state, so a long record being typed into is not rewritten
   * every few hundred keystrokes (the cost stays proportional to what is
   * typed), while a load still reads at most the snapshot and a quarter more.
   */
  private maybeCompact(entry: Entry): void {
    const { document } = entry;
    if (document.rowsSinceSnapshot < this.config.collabCompactAfterUpdates) return;
    if (document.bytesSinceSnapshot < document.snapshotBytes / 4) return;
    this.compact(entry);
  }

  /**
   * Stores the in-memory state as the snapshot of every row up to
   * `lastCommittedId`, so the next load reads one snapshot instead of the log
   * (the rows stay: they are the attributed history). Encoded from memory:
   * a loaded doc holds exactly the committed rows, so nothing is re-read or
   * re-applied. One compaction per document at a time.
   */
  private compact(entry: Entry, options: { final?: boolean } = {}): void {
    const { document } = entry;
    const upToId = document.lastCommittedId;
    const rows = document.rowsSinceSnapshot;
    const bytes = document.bytesSinceSnapshot;
    if (rows === 0 || upToId === '0') return;
    // A periodic compaction waits for its turn; the one at unload is queued after it (the doc is going away).
    if (entry.compaction && !options.final) return;
    const started = Date.now();
    const state = document.encodeState();
    const compaction = (entry.compaction ?? Promise.resolve())
      .then(() => this.store.saveSnapshot(document.name, state, upToId))
      .then((saved) => {
        document.compacted(rows, bytes, saved ? state.length : null);
        if (!saved) return;
        this.logger.log(
          { document: document.name, rows, upToId, snapshotBytes: state.length, ms: Date.now() - started },
          'document log compacted',
        );
      })
      .catch((error: unknown) => {
        this.logger.error({ document: document.name, err: describeError(error) }, 'compaction failed');
      })
      .finally(() => {
        if (entry.compaction === compaction) entry.compaction = null;
        this.compactions.delete(compaction);
      });
    entry.compaction = compaction;
    this.compactions.add(compaction);
  }
}
