import { Logger } from '@nestjs/common';
import * as Y from 'yjs';
import type { AppConfig } from '../../platform/config/app-config';
import type { ClusterBus } from '../../platform/cluster/cluster-bus.service';
import { CollabDocumentRegistry } from './collab-document-registry';
import type { CollabRelay } from './collab-relay.service';
import type { CollabDocument, DocumentPeer } from './collab-document';
import type { DocumentStore } from './document-store.service';
import type { AppendedBatch, DocumentRepository, StoredDocument, UpdateToAppend } from './document.repository';
import type { DocumentEditAudit } from './document-edit-audit.service';
import type { DocumentIntegrityService } from './document-integrity.service';
import { shapeOfUpdate } from './update-integrity';

const NAME = 'meetings/3f1c9a3e-2b7d-4c8a-9e0f-5a6b7c8d9e0f/record';

class FakeStore {
  loads = 0;
  appended = 0;
  compactions: string[] = [];
  loadGate: Promise<void> = Promise.resolve();
  snapshot: Buffer | null = null;
  appendGate: Promise<void> = Promise.resolve();

  async load(): Promise<StoredDocument> {
    this.loads++;
    await this.loadGate;
    return { snapshot: this.snapshot, snapshotUpdateId: this.snapshot ? '100' : '0', updates: [] };
  }
  async append(_name: string, batch: readonly UpdateToAppend[]): Promise<AppendedBatch> {
    await this.appendGate;
    const base = this.snapshot ? 100 : 0;
    const prevId = String(base + this.appended);
    this.appended += batch.length;
    return { prevId, lastId: String(base + this.appended) };
  }
  async readAfter(): Promise<{ id: string; update: Buffer }[]> {
    return [];
  }
  async findClientOwners(): Promise<{ owners: Map<number, string>; unchecked: boolean }> {
    return { owners: new Map(), unchecked: false };
  }
  storedStateReads = 0;
  async encodeState(): Promise<Uint8Array> {
    this.storedStateReads++;
    return Y.encodeStateAsUpdate(new Y.Doc());
  }
  async saveSnapshot(_name: string, _state: Uint8Array, upToId: string): Promise<boolean> {
    this.compactions.push(upToId);
    return true;
  }
}

const peer: DocumentPeer = {
  userId: 'b0000000-0000-4000-8000-000000000002',
  clientIds: new Set(),
  presence: {
    id: 'b',
    name: 'B',
    jobTitle: 'J',
    agency: 'health',
    organisation: null,
    role: 'participant',
    colour: '#1d70b8',
  },
  send: () => undefined,
  close: () => undefined,
  writeRefused: () => undefined,
};

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** Submits as a connection does once the update validated. */
function submit(document: CollabDocument, from: DocumentPeer, update: Uint8Array) {
  return document.submitUpdate(from, update, shapeOfUpdate(Y, update), false);
}

function setup(config: Partial<AppConfig> = {}) {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const store = new FakeStore();
  const registry = new CollabDocumentRegistry(
    store as unknown as DocumentRepository,
    store as unknown as DocumentStore,
    {
      collabUnloadAfterMs: 1_000,
      collabCompactAfterUpdates: 3,
      ...config,
    } as AppConfig,
    { note: () => undefined, flush: async () => undefined } as unknown as DocumentEditAudit,
    // One instance: no relay (the relay is covered with real Redis in collab-relay.int-spec.ts).
    { enabled: false } as CollabRelay,
    { enabled: false } as ClusterBus,
    { ensureChecked: async () => undefined } as unknown as DocumentIntegrityService,
  );
  return { store, registry };
}

describe('CollabDocumentRegistry', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.useRealTimers());

  it('shares one load between concurrent first connections', async () => {
    const { store, registry } = setup();
    let open!: () => void;
    store.loadGate = new Promise((resolve) => (open = resolve));
    const first = registry.acquire(NAME);
    const second = registry.acquire(NAME);
    open();
    expect(await first).toBe(await second);
    expect(store.loads).toBe(1);
    await registry.shutdown();
  });

  it('encodes the state of a loaded document from memory and of any other from the store', async () => {
    const { store, registry } = setup();
    const document = await registry.acquire(NAME);
    submit(document, peer, edit('agreed'));
    await document.idle();
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await registry.encodeState(NAME));
    expect(loaded.getText('t').toString()).toBe('agreed');
    expect(store.storedStateReads).toBe(0);

    await registry.encodeState('meetings/00000000-0000-4000-8000-000000000000/record');
    expect(store.storedStateReads).toBe(1);
    expect(registry.isLoaded('meetings/00000000-0000-4000-8000-000000000000/record')).toBe(false);
    await registry.shutdown();
  });

  it('unloads a document after the grace period once the last connection left', async () => {
    const { store, registry } = setup();
    const document = await registry.acquire(NAME);
    registry.release(document);
    expect(registry.isLoaded(NAME)).toBe(true);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(registry.isLoaded(NAME)).toBe(false);
    await registry.acquire(NAME);
    expect(store.loads).toBe(2);
    await registry.shutdown();
  });

  it('keeps the document when someone reconnects within the grace period', async () => {
    const { store, registry } = setup();
    const document = await registry.acquire(NAME);
    registry.release(document);
    await jest.advanceTimersByTimeAsync(500);
    expect(await registry.acquire(NAME)).toBe(document);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(registry.isLoaded(NAME)).toBe(true);
    expect(store.loads).toBe(1);
    await registry.shutdown();
  });

  it('writes queued updates before unloading', async () => {
    const { store, registry } = setup({ collabUnloadAfterMs: 0 });
    let open!: () => void;
    store.appendGate = new Promise((resolve) => (open = resolve));
    const document = await registry.acquire(NAME);
    submit(document, peer, edit('late'));
    registry.release(document);
    await jest.advanceTimersByTimeAsync(10);
    expect(registry.isLoaded(NAME)).toBe(true); // still waiting for the write
    open();
    await document.idle();
    await jest.advanceTimersByTimeAsync(0);
    expect(store.appended).toBe(1);
    expect(registry.isLoaded(NAME)).toBe(false);
  });

  it('compacts in the background once the log since the snapshot reaches the threshold', async () => {
    const { store, registry } = setup();
    const document = await registry.acquire(NAME);
    submit(document, peer, edit('a'));
    await document.idle();
    expect(store.compactions).toEqual([]);
    submit(document, peer, edit('b'));
    submit(document, peer, edit('c'));
    await document.idle();
    await registry.compactionsIdle();
    expect(store.compactions).toEqual(['3']);
    expect(document.rowsSinceSnapshot).toBe(0);
    await registry.shutdown();
  });

  it('compacts a large document again only once the rows add up to a quarter of its snapshot', async () => {
    const { store, registry } = setup();
    store.snapshot = Buffer.from(edit('x'.repeat(8_000)));
    const document = await registry.acquire(NAME);
    for (const text of ['a', 'b', 'c', 'd']) submit(document, peer, edit(text));
    await document.idle();
    await registry.compactionsIdle();
    expect(store.compactions).toEqual([]); // 4 rows, but a few dozen bytes against 8 KB
    submit(document, peer, edit('y'.repeat(2_000)));
    await document.idle();
    await registry.compactionsIdle();
    expect(store.compactions).toEqual(['105']);
    expect(document.bytesSinceSnapshot).toBe(0);
    await registry.shutdown();
  });
});
