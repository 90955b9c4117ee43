import { Logger } from '@nestjs/common';
import type { MeetingRole } from '@roundtable/shared/constants';
import { CLOSE_CODES, type PresenceUser } from '@roundtable/shared/realtime';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { decodeAwarenessUpdate } from './awareness-filter';
import { CollabDocument, type DocumentPeer } from './collab-document';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from './collab-protocol';
import type { AppendedBatch, DocumentRepository, StoredDocument, UpdateToAppend } from './document.repository';

/** An in-memory DocumentRepository whose appends the test can hold back or fail. */
class FakeStore {
  rows: { id: string; update: Uint8Array }[] = [];
  appendCalls: UpdateToAppend[][] = [];
  hold: Promise<void> | null = null;
  failNext = false;
  stored: StoredDocument = { snapshot: null, snapshotUpdateId: '0', updates: [] };

  async load(): Promise<StoredDocument> {
    return this.stored;
  }

  async append(_name: string, batch: readonly UpdateToAppend[]): Promise<AppendedBatch> {
    this.appendCalls.push([...batch]);
    if (this.hold) await this.hold;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('connection refused');
    }
    const prevId = String(this.rows.length);
    for (const b of batch) this.rows.push({ id: String(this.rows.length + 1), update: b.update });
    return { prevId, lastId: String(this.rows.length) };
  }

  async readAfter(_name: string, afterId: string): Promise<{ id: string; update: Buffer }[]> {
    return this.rows
      .filter((r) => Number(r.id) > Number(afterId))
      .map((r) => ({ ...r, update: Buffer.from(r.update) }));
  }
}

class FakePeer implements DocumentPeer {
  readonly clientIds = new Set<number>();
  sent: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  role: MeetingRole = 'participant';
  constructor(
    readonly userId: string,
    readonly name: string,
  ) {}
  get presence(): PresenceUser {
    return {
      id: this.userId,
      name: this.name,
      jobTitle: 'Nurse',
      agency: 'health',
      role: this.role,
      colour: '#00703c',
    };
  }
  send(message: Uint8Array): void {
    this.sent.push(message);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  /** Updates relayed to this peer, applied to a fresh doc. */
  receivedText(): string {
    const doc = new Y.Doc();
    for (const message of this.sent) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== 2) continue;
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    }
    return doc.getText('t').toString();
  }
  /** Awareness states sent to this peer, last one wins per clientID. */
  awarenessStates(): Map<number, unknown> {
    const states = new Map<number, unknown>();
    for (const message of this.sent) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) continue;
      for (const e of decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)))
        states.set(e.clientId, JSON.parse(e.json));
    }
    return states;
  }
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** The relayed update frames (sync, type update) a peer was sent. */
function updateFrames(peer: FakePeer): Uint8Array[] {
  return peer.sent.filter((message) => {
    const decoder = decoding.createDecoder(message);
    return decoding.readVarUint(decoder) === MESSAGE_SYNC && decoding.readVarUint(decoder) === 2;
  });
}

/** The update carried by a sync step 2 message. */
function syncStep2Payload(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
  expect(decoding.readVarUint(decoder)).toBe(1);
  return decoding.readVarUint8Array(decoder);
}

const opened: CollabDocument[] = [];
afterEach(() => {
  // Awareness keeps an interval running until destroyed.
  for (const document of opened.splice(0)) document.destroy();
});

async function setup(options: { maxDocumentBytes?: number; catchUpDelayMs?: number } = {}) {
  const store = new FakeStore();
  const committed: number[] = [];
  const document = new CollabDocument('meetings/x/record', {
    store: store as unknown as DocumentRepository,
    logger: new Logger('test'),
    storageUnavailableCode: CLOSE_CODES.storageUnavailable,
    onCommitted: (d) => committed.push(d.rowsSinceSnapshot),
    ...options,
  });
  opened.push(document);
  await document.load();
  const alice = new FakePeer('a0000000-0000-4000-8000-00000000000a', 'Alice');
  const bob = new FakePeer('b0000000-0000-4000-8000-00000000000b', 'Bob');
  document.attach(alice);
  document.attach(bob);
  return { store, document, alice, bob, committed };
}

describe('CollabDocument', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('stores an update before applying it and relaying it to the other connections', async () => {
    const { store, document, alice, bob } = await setup();
    let release!: () => void;
    store.hold = new Promise((resolve) => (release = resolve));
    expect(document.submitUpdate(alice, edit('hello'), false)).toBe('queued');
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.appendCalls).toHaveLength(1);
    expect(document.doc.getText('t').toString()).toBe(''); // not applied before the commit
    expect(bob.receivedText()).toBe('');
    release();
    await document.idle();
    expect(document.doc.getText('t').toString()).toBe('hello');
    expect(bob.receivedText()).toBe('hello');
    expect(alice.receivedText()).toBe('hello'); // echoed: a transaction may integrate others' held-back structs too
    expect(store.appendCalls[0]).toEqual([{ update: expect.any(Uint8Array), userId: alice.userId }]);
  });

  it('groups the updates of one tick into one append', async () => {
    const { store, document, alice, bob, committed } = await setup();
    document.submitUpdate(alice, edit('a'), false);
    document.submitUpdate(bob, edit('b'), false);
    await document.idle();
    expect(store.appendCalls.map((c) => c.length)).toEqual([2]);
    expect(committed).toEqual([2]);
    expect(document.lastCommittedId).toBe('2');
  });

  it("relays each writer's run of a batch to everyone, as Yjs emitted it", async () => {
    const { document, alice, bob } = await setup();
    const carol = new FakePeer('c0000000-0000-4000-8000-00000000000c', 'Carol');
    document.attach(carol);
    document.submitUpdate(alice, edit('a'), false);
    document.submitUpdate(bob, edit('b'), false);
    document.submitUpdate(alice, edit('c'), false);
    await document.idle();
    // Runs: alice (a), bob (b), alice (c); everyone gets each run.
    for (const peer of [alice, bob, carol]) expect(updateFrames(peer)).toHaveLength(3);
    expect(carol.receivedText()).toBe(document.doc.getText('t').toString());
    expect(document.doc.getText('t').length).toBe(3);
  });

  it('answers a fresh connection with the stored snapshot as it is, and with the current state after a change', async () => {
    const store = new FakeStore();
    const base = new Y.Doc();
    base.getText('t').insert(0, 'stored');
    const snapshot = Y.encodeStateAsUpdate(base);
    store.stored = { snapshot: Buffer.from(snapshot), snapshotUpdateId: '3', updates: [] };
    const document = new CollabDocument('meetings/x/record', {
      store: store as unknown as DocumentRepository,
      logger: new Logger('test'),
      storageUnavailableCode: CLOSE_CODES.storageUnavailable,
      onCommitted: () => undefined,
    });
    opened.push(document);
    await document.load();
    const fresh = Y.encodeStateVector(new Y.Doc());
    expect(syncStep2Payload(document.syncStep2(fresh))).toEqual(snapshot);

    const alice = new FakePeer('a0000000-0000-4000-8000-00000000000a', 'Alice');
    document.attach(alice);
    // The server's sync step 1 follows once the doc is built, in the next turn, carrying the stored state's vector.
    expect(alice.sent).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    const step1 = decoding.createDecoder(alice.sent[0]!);
    expect([decoding.readVarUint(step1), decoding.readVarUint(step1)]).toEqual([MESSAGE_SYNC, 0]);
    expect(decoding.readVarUint8Array(step1)).toEqual(Y.encodeStateVector(base));
    document.submitUpdate(alice, edit(' and new'), false);
    await document.idle();
    const whole = new Y.Doc();
    Y.applyUpdate(whole, syncStep2Payload(document.syncStep2(fresh)));
    expect(whole.getText('t').length).toBe('stored and new'.length);
    // A client that has the snapshot gets only what it lacks.
    const diff = syncStep2Payload(document.syncStep2(Y.encodeStateVector(base)));
    expect(Y.decodeUpdate(diff).structs.map((s) => s.length)).toEqual([' and new'.length]);
    Y.applyUpdate(base, diff);
    expect(base.getText('t').toString()).toBe(whole.getText('t').toString());
  });

  it('applies and relays nothing when the append fails, and closes the senders with 4503', async () => {
    const { store, document, alice, bob } = await setup();
    store.failNext = true;
    document.submitUpdate(alice, edit('lost'), false);
    await document.idle();
    expect(document.doc.getText('t').toString()).toBe('');
    expect(bob.receivedText()).toBe('');
    expect(alice.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    expect(bob.closed).toBeNull();
  });

  it("recognises a sync step 2 that brings nothing new, so reconnects don't grow the log", async () => {
    const { store, document, alice } = await setup();
    const update = edit('known');
    document.submitUpdate(alice, update, false);
    await document.idle();
    expect(document.submitUpdate(alice, update, true)).toBe('known');
    expect(store.appendCalls).toHaveLength(1);
  });

  it('refuses an update that would take the document over its size limit', async () => {
    const { store, document, alice } = await setup({ maxDocumentBytes: 200 });
    expect(document.submitUpdate(alice, edit('x'.repeat(50)), false)).toBe('queued');
    expect(document.submitUpdate(alice, edit('y'.repeat(300)), false)).toBe('too-large');
    await document.idle();
    expect(store.rows).toHaveLength(1);
  });

  it("publishes the server's presence for a connection, whatever the client claimed", async () => {
    const { document, alice, bob } = await setup();
    const claimed = new Awareness(new Y.Doc());
    claimed.setLocalState({ user: { name: 'The Chair', role: 'chair' }, cursor: { head: 1 } });
    document.receiveAwareness(alice, encodeAwarenessUpdate(claimed, [claimed.clientID]));
    expect(bob.awarenessStates().get(claimed.clientID)).toEqual({ user: alice.presence, cursor: { head: 1 } });
    expect(alice.clientIds).toEqual(new Set([claimed.clientID]));

    // Bob cannot take over or erase Alice's clientID.
    claimed.setLocalState({ user: { name: 'Bob pretending' } });
    document.receiveAwareness(bob, encodeAwarenessUpdate(claimed, [claimed.clientID]));
    expect((document.awareness.getStates().get(claimed.clientID) as { user: PresenceUser }).user.name).toBe('Alice');
    claimed.destroy();
  });

  it("updates the presence role at once when a connection's role changes", async () => {
    const { document, alice, bob } = await setup();
    const client = new Awareness(new Y.Doc());
    client.setLocalState({ cursor: null }); // clock 1: y-protocols ignores clock 0 from an unknown client
    document.receiveAwareness(alice, encodeAwarenessUpdate(client, [client.clientID]));
    alice.role = 'observer';
    document.refreshPresence(alice);
    expect((bob.awarenessStates().get(client.clientID) as { user: PresenceUser }).user.role).toBe('observer');
    client.destroy();
  });

  it("removes a connection's presence when it detaches", async () => {
    const { document, alice, bob } = await setup();
    const client = new Awareness(new Y.Doc());
    client.setLocalState({ cursor: null }); // clock 1: y-protocols ignores clock 0 from an unknown client
    document.receiveAwareness(alice, encodeAwarenessUpdate(client, [client.clientID]));
    document.detach(alice);
    expect(document.awareness.getStates().has(client.clientID)).toBe(false);
    expect(bob.awarenessStates().get(client.clientID)).toBeNull();
    client.destroy();
  });

  it('loads the snapshot and the log after it', async () => {
    const store = new FakeStore();
    const base = new Y.Doc();
    base.getText('t').insert(0, 'snap');
    const snapshot = Y.encodeStateAsUpdate(base);
    const sv = Y.encodeStateVector(base);
    base.getText('t').insert(4, 'shot');
    store.stored = {
      snapshot: Buffer.from(snapshot),
      snapshotUpdateId: '7',
      updates: [{ id: '8', update: Buffer.from(Y.encodeStateAsUpdate(base, sv)) }],
    };
    const document = new CollabDocument('meetings/x/record', {
      store: store as unknown as DocumentRepository,
      logger: new Logger('test'),
      storageUnavailableCode: CLOSE_CODES.storageUnavailable,
      onCommitted: () => undefined,
    });
    await document.load();
    expect(document.doc.getText('t').toString()).toBe('snapshot');
    expect(document.rowsSinceSnapshot).toBe(1);
    expect(document.lastCommittedId).toBe('8');
    document.destroy();
  });

  describe('updates from other instances', () => {
    /** Another instance's committed rows, as the shared store holds them. */
    function storeRows(
      store: FakeStore,
      ...texts: string[]
    ): { prevId: string; lastId: string; updates: Uint8Array[] } {
      const prevId = String(store.rows.length);
      const updates = texts.map(edit);
      for (const update of updates) store.rows.push({ id: String(store.rows.length + 1), update });
      return { prevId, lastId: String(store.rows.length), updates };
    }

    it('applies batches that follow on and ignores repeats', async () => {
      const { store, document, alice } = await setup();
      const first = storeRows(store, 'one ');
      document.receiveRemoteUpdates(first, first.updates);
      document.receiveRemoteUpdates(first, first.updates);
      expect(document.lastCommittedId).toBe('1');
      expect(document.doc.getText('t').toString()).toBe('one ');
      expect(alice.receivedText()).toBe('one ');
    });

    it('reads a missed batch from storage when a later one arrives first', async () => {
      const { store, document } = await setup({ catchUpDelayMs: 0 });
      storeRows(store, 'lost ');
      const later = storeRows(store, 'later ');
      document.receiveRemoteUpdates(later, later.updates);
      // Not contiguous yet: row 1 was never received.
      expect(document.lastCommittedId).toBe('0');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await document.catchUp();
      expect(document.lastCommittedId).toBe('2');
      expect(document.doc.getText('t').toString()).toContain('lost ');
      expect(document.doc.getText('t').toString()).toContain('later ');
    });

    it('joins batches that arrive out of order without reading storage', async () => {
      const { store, document } = await setup({ catchUpDelayMs: 60_000 });
      const first = storeRows(store, 'a');
      const second = storeRows(store, 'b');
      const readAfter = jest.spyOn(store, 'readAfter');
      document.receiveRemoteUpdates(second, second.updates);
      document.receiveRemoteUpdates(first, first.updates);
      expect(document.lastCommittedId).toBe('2');
      expect(readAfter).not.toHaveBeenCalled();
    });

    it('catches up when its own commit shows another instance wrote in between', async () => {
      const { store, document, alice } = await setup({ catchUpDelayMs: 0 });
      storeRows(store, 'elsewhere ');
      document.submitUpdate(alice, edit('mine '), false);
      await document.idle();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await document.catchUp();
      expect(document.lastCommittedId).toBe('2');
      expect(document.doc.getText('t').toString()).toContain('elsewhere ');
    });
  });
});
