import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import type { MeetingRole } from '@roundtable/shared/constants';
import { CLOSE_CODES, type PresenceUser } from '@roundtable/shared/realtime';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { decodeAwarenessUpdate } from './awareness-filter';
import { CollabDocument, type DocumentPeer, type WriteRefusal } from './collab-document';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from './collab-protocol';
import { writeRawUpdate } from '../../../test/support/yjs-update-writer';
import { shapeOfUpdate } from './update-integrity';
import {
  type AppendedBatch,
  ClientIdConflictError,
  type DocumentRepository,
  type StoredDocument,
  type UpdateToAppend,
} from './document.repository';
import { eventually } from '../../../test/support/eventually';

/** An in-memory DocumentRepository whose appends the test can hold back or fail. */
class FakeStore {
  rows: { id: string; update: Uint8Array }[] = [];
  appendCalls: UpdateToAppend[][] = [];
  hold: Promise<void> | null = null;
  failNext = false;
  /** What the failing append throws (a lost connection unless set). */
  failure: unknown = null;
  stored: StoredDocument = { snapshot: null, snapshotUpdateId: '0', updates: [] };

  async load(): Promise<StoredDocument> {
    return this.stored;
  }

  async append(_name: string, batch: readonly UpdateToAppend[]): Promise<AppendedBatch> {
    this.appendCalls.push([...batch]);
    if (this.hold) await this.hold;
    if (this.failNext) {
      this.failNext = false;
      throw this.failure ?? new Error('connection refused');
    }
    const prevId = String(this.rows.length);
    for (const b of batch) this.rows.push({ id: String(this.rows.length + 1), update: b.update });
    return { prevId, lastId: String(this.rows.length) };
  }

  owners = new Map<number, string>();
  unchecked = false;
  async findClientOwners(): Promise<{ owners: Map<number, string>; unchecked: boolean }> {
    return { owners: new Map(this.owners), unchecked: this.unchecked };
  }
  async bindClientIds(_name: string, clientIds: readonly number[], userId: string): Promise<Map<number, string>> {
    for (const id of clientIds) if (!this.owners.has(id)) this.owners.set(id, userId);
    return new Map(clientIds.map((id) => [id, this.owners.get(id) as string]));
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
  /** Write refusals the document reported (audited by a real connection). */
  refusals: WriteRefusal[] = [];
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
      organisation: null,
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
  writeRefused(reason: WriteRefusal): void {
    this.refusals.push(reason);
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

/** Submits as a connection does once the update validated. */
function submit(document: CollabDocument, peer: DocumentPeer, update: Uint8Array, checkKnown = false) {
  return document.submitUpdate(peer, update, shapeOfUpdate(Y, update), checkKnown);
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

async function setup(
  options: { maxDocumentBytes?: number; catchUpDelayMs?: number; owners?: Map<number, string> } = {},
) {
  const store = new FakeStore();
  if (options.owners) store.owners = options.owners;
  const committed: number[] = [];
  const document = new CollabDocument('meetings/x/record', {
    store: store as unknown as DocumentRepository,
    logger: new Logger('test'),
    storageUnavailableCode: CLOSE_CODES.storageUnavailable,
    clientIdTakenCode: CLOSE_CODES.clientIdTaken,
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
    expect(submit(document, alice, edit('hello'), false)).toBe('queued');
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.appendCalls).toHaveLength(1);
    expect(document.doc.getText('t').toString()).toBe(''); // not applied before the commit
    expect(bob.receivedText()).toBe('');
    release();
    await document.idle();
    expect(document.doc.getText('t').toString()).toBe('hello');
    expect(bob.receivedText()).toBe('hello');
    expect(alice.receivedText()).toBe('hello'); // echoed: a transaction may integrate others' held-back structs too
    expect(store.appendCalls[0]).toEqual([
      { update: expect.any(Uint8Array), userId: alice.userId, binds: [expect.any(Number)] },
    ]);
  });

  it('groups the updates of one tick into one append', async () => {
    const { store, document, alice, bob, committed } = await setup();
    submit(document, alice, edit('a'), false);
    submit(document, bob, edit('b'), false);
    await document.idle();
    expect(store.appendCalls.map((c) => c.length)).toEqual([2]);
    expect(committed).toEqual([2]);
    expect(document.lastCommittedId).toBe('2');
  });

  it("relays a batch of several writers' updates to everyone as one merged frame", async () => {
    const { document, alice, bob } = await setup();
    const carol = new FakePeer('c0000000-0000-4000-8000-00000000000c', 'Carol');
    document.attach(carol);
    submit(document, alice, edit('a'), false);
    submit(document, bob, edit('b'), false);
    submit(document, alice, edit('c'), false);
    await document.idle();
    // Runs: alice (a), bob (b), alice (c): one frame for the batch, to everyone.
    for (const peer of [alice, bob, carol]) expect(updateFrames(peer)).toHaveLength(1);
    expect(carol.receivedText()).toBe(document.doc.getText('t').toString());
    expect(document.doc.getText('t').length).toBe(3);
  });

  it('keeps concurrent writers converged through merged frames: each client, the server and a fresh load agree', async () => {
    /** A stock client: sends its own changes, applies what it is relayed. */
    class ClientPeer extends FakePeer {
      readonly ydoc = new Y.Doc();
      override send(message: Uint8Array): void {
        super.send(message);
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC || decoding.readVarUint(decoder) !== 2) return;
        Y.applyUpdate(this.ydoc, decoding.readVarUint8Array(decoder), 'server');
      }
    }
    const op = fc.record({
      who: fc.nat(2),
      kind: fc.constantFrom('insert', 'delete', 'format'),
      at: fc.nat(20),
      text: fc.constantFrom('a', 'bc', 'xyz'),
      tick: fc.boolean(),
    });
    let multiWriterFrames = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const { document } = await setup();
        const clients = ['c1', 'c2', 'c3'].map((name, i) => {
          const client = new ClientPeer(`c0000000-0000-4000-8000-00000000000${i}`, name);
          document.attach(client);
          client.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== 'server') expect(submit(document, client, update)).toBe('queued');
          });
          return client;
        });
        for (const { who, kind, at, text: typed, tick } of ops) {
          const text = clients[who]!.ydoc.getText('t');
          const from = Math.min(at, text.length);
          if (kind === 'insert' || text.length === 0) text.insert(from, typed);
          else if (kind === 'delete') text.delete(from, Math.min(2, text.length - from));
          else text.format(from, 2, { bold: true });
          if (tick) await new Promise((resolve) => setImmediate(resolve));
        }
        await document.idle();
        const loaded = new Y.Doc();
        Y.applyUpdate(loaded, document.encodeState());
        const server = document.doc.getText('t').toDelta();
        expect(loaded.getText('t').toDelta()).toEqual(server);
        for (const client of clients) {
          expect(client.ydoc.getText('t').toDelta()).toEqual(server);
          expect(client.closed).toBeNull();
          if (updateFrames(client).length < ops.length) multiWriterFrames++;
        }
      }),
      { numRuns: 200 },
    );
    // Batches of several writers happened (fewer frames than edits).
    expect(multiWriterFrames).toBeGreaterThan(50);
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
      clientIdTakenCode: CLOSE_CODES.clientIdTaken,
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
    submit(document, alice, edit(' and new'), false);
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
    submit(document, alice, edit('lost'), false);
    await document.idle();
    expect(document.doc.getText('t').toString()).toBe('');
    expect(bob.receivedText()).toBe('');
    expect(alice.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    expect(bob.closed).toBeNull();
    // Lost to storage, not refused: nothing for the audit trail.
    expect(alice.refusals).toEqual([]);
  });

  it('drops, with the failed batch, what other connections based on it, and audits none of it', async () => {
    const { store, document, alice, bob } = await setup();
    let release = () => undefined as void;
    store.hold = new Promise<void>((resolve) => (release = resolve));
    store.failNext = true;
    expect(
      submit(document, alice, writeRawUpdate([{ kind: 'item', client: 5, clock: 0, text: 'ab', parent: 't' }])),
    ).toBe('queued');
    await new Promise((resolve) => setImmediate(resolve));
    // Bob builds on Alice's text before it is stored (a client sharing edits between tabs could; ours does not).
    expect(
      submit(
        document,
        bob,
        writeRawUpdate([{ kind: 'item', client: 6, clock: 0, text: 'c', origin: { client: 5, clock: 1 } }]),
      ),
    ).toBe('queued');
    release();
    store.hold = null;
    await document.idle();
    expect(alice.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    expect(bob.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    expect([...alice.refusals, ...bob.refusals]).toEqual([]);
    expect(store.rows).toHaveLength(0);
    expect(document.doc.store.pendingStructs).toBeNull();
  });

  it("recognises a sync step 2 that brings nothing new, so reconnects don't grow the log", async () => {
    const { store, document, alice } = await setup();
    const update = edit('known');
    submit(document, alice, update, false);
    await document.idle();
    expect(submit(document, alice, update, true)).toBe('known');
    expect(store.appendCalls).toHaveLength(1);
  });

  it('refuses an update that would take the document over its size limit', async () => {
    const { store, document, alice } = await setup({ maxDocumentBytes: 200 });
    expect(submit(document, alice, edit('x'.repeat(50)), false)).toBe('queued');
    expect(submit(document, alice, edit('y'.repeat(300)), false)).toBe('too-large');
    await document.idle();
    expect(store.rows).toHaveLength(1);
  });

  it('refuses an update Yjs could not apply whole, and stores nothing', async () => {
    const { store, document, alice } = await setup();
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'first');
    const before = Y.encodeStateVector(writer);
    writer.getText('t').insert(5, ' second');
    // The second edit without the first: it depends on structs the document does not hold.
    const second = Y.encodeStateAsUpdate(writer, before);
    expect(submit(document, alice, second)).toEqual({
      refused: 'update-not-applicable',
      problem: 'missing-dependency',
    });
    const poison = Buffer.from('0101959aef3a0084959aef3a88270b73656c662d66757475726500', 'hex');
    expect(submit(document, alice, poison)).toEqual({ refused: 'update-not-applicable', problem: 'forward-reference' });
    await document.idle();
    expect(store.appendCalls).toEqual([]);
  });

  it('accepts an update that follows one accepted but not yet stored', async () => {
    const { store, document, alice } = await setup();
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'first');
    const first = Y.encodeStateAsUpdate(writer);
    const before = Y.encodeStateVector(writer);
    writer.getText('t').insert(5, ' second');
    expect(submit(document, alice, first)).toBe('queued');
    expect(submit(document, alice, Y.encodeStateAsUpdate(writer, before))).toBe('queued');
    await document.idle();
    expect(store.rows).toHaveLength(2);
    expect(document.doc.getText('t').toString()).toBe('first second');
  });

  it('refuses an item whose right origin is not to the right of its left origin, and stores nothing', async () => {
    const { store, document, alice } = await setup();
    expect(
      submit(document, alice, writeRawUpdate([{ kind: 'item', client: 5, clock: 0, text: 'ab', parent: 't' }])),
    ).toBe('queued');
    await document.idle();
    const crossed = writeRawUpdate([
      {
        kind: 'item',
        client: 5,
        clock: 2,
        text: 'Z',
        origin: { client: 5, clock: 1 },
        rightOrigin: { client: 5, clock: 0 },
      },
    ]);
    expect(submit(document, alice, crossed)).toEqual({
      refused: 'update-not-applicable',
      problem: 'inconsistent-origins',
    });
    await document.idle();
    expect(store.rows).toHaveLength(1);
  });

  describe('an update anchored to one still being written', () => {
    const first = writeRawUpdate([{ kind: 'item', client: 5, clock: 0, text: 'ab', parent: 't' }]);
    // Anchored to `first` (accepted, not yet applied), its right origin left of its origin: refused once checked.
    const crossed = writeRawUpdate([
      {
        kind: 'item',
        client: 9,
        clock: 0,
        text: 'Z',
        origin: { client: 5, clock: 1 },
        rightOrigin: { client: 5, clock: 0 },
      },
    ]);

    /** Alice's `first` held in its write; Bob, Carol and Dave attached to send what builds on it. */
    async function whileFirstIsWritten() {
      const context = await setup();
      const carol = new FakePeer('c0000000-0000-4000-8000-00000000000c', 'Carol');
      const dave = new FakePeer('d0000000-0000-4000-8000-00000000000d', 'Dave');
      context.document.attach(carol);
      context.document.attach(dave);
      let release = () => undefined as void;
      context.store.hold = new Promise<void>((resolve) => (release = resolve));
      expect(submit(context.document, context.alice, first)).toBe('queued');
      await new Promise((resolve) => setImmediate(resolve));
      expect(context.store.appendCalls).toHaveLength(1);
      return { ...context, carol, dave, release };
    }

    it('is checked once that one is applied, then stored in a batch of its own', async () => {
      const { store, document, alice, release } = await whileFirstIsWritten();
      const between = writeRawUpdate([
        {
          kind: 'item',
          client: 5,
          clock: 2,
          text: 'X',
          origin: { client: 5, clock: 0 },
          rightOrigin: { client: 5, clock: 1 },
        },
      ]);
      const after = writeRawUpdate([{ kind: 'item', client: 5, clock: 3, text: 'Y', origin: { client: 5, clock: 1 } }]);
      expect(submit(document, alice, between)).toBe('queued');
      expect(submit(document, alice, after)).toBe('queued');
      release();
      store.hold = null;
      await document.idle();
      expect(store.appendCalls.map((batch) => batch.length)).toEqual([1, 2]);
      expect(alice.closed).toBeNull();
      expect(document.doc.getText('t').toString()).toBe('aXbY');
    });

    it('is refused then if its origins are inconsistent: its sender is closed, and what depends on it is not stored', async () => {
      const { store, document, alice, bob, release } = await whileFirstIsWritten();
      const onCrossed = writeRawUpdate([
        { kind: 'item', client: 9, clock: 1, text: 'W', origin: { client: 9, clock: 0 } },
      ]);
      const honest = writeRawUpdate([
        { kind: 'item', client: 5, clock: 2, text: 'c', origin: { client: 5, clock: 1 } },
      ]);
      expect(submit(document, bob, crossed)).toBe('queued');
      expect(submit(document, bob, onCrossed)).toBe('queued');
      expect(submit(document, alice, honest)).toBe('queued');
      release();
      store.hold = null;
      await document.idle();
      expect(bob.closed?.code).toBe(CLOSE_CODES.updateNotApplicable);
      expect(alice.closed).toBeNull();
      // Refused once for the audit trail, as on arrival, though two of its updates were dropped.
      expect(bob.refusals).toEqual(['update-not-applicable']);
      expect(alice.refusals).toEqual([]);
      expect(store.rows).toHaveLength(2);
      expect(document.doc.getText('t').toString()).toBe('abc');
      expect(document.doc.store.pendingStructs).toBeNull();
      // Its clientID was not bound: nothing of it was stored.
      expect(
        submit(document, alice, writeRawUpdate([{ kind: 'item', client: 9, clock: 0, text: 'd', parent: 't' }])),
      ).toBe('queued');
    });

    describe('a refusal just before writing, for the audit trail', () => {
      it('reports the refused sender and every sender whose update depended on it, each once', async () => {
        const { store, document, alice, bob, carol, dave, release } = await whileFirstIsWritten();
        expect(submit(document, bob, crossed)).toBe('queued');
        // Carol builds on Bob's refused item, Dave on Carol's: neither applies whole without it.
        const onBob = writeRawUpdate([
          { kind: 'item', client: 10, clock: 0, text: 'W', origin: { client: 9, clock: 0 } },
        ]);
        const onCarol = writeRawUpdate([
          { kind: 'item', client: 11, clock: 0, text: 'V', origin: { client: 10, clock: 0 } },
        ]);
        const moreOnBob = writeRawUpdate([
          { kind: 'item', client: 10, clock: 1, text: 'U', origin: { client: 10, clock: 0 } },
        ]);
        expect(submit(document, carol, onBob)).toBe('queued');
        expect(submit(document, dave, onCarol)).toBe('queued');
        expect(submit(document, carol, moreOnBob)).toBe('queued');
        release();
        store.hold = null;
        await document.idle();
        for (const refused of [bob, carol, dave]) {
          expect(refused.closed?.code).toBe(CLOSE_CODES.updateNotApplicable);
          expect(refused.refusals).toEqual(['update-not-applicable']);
        }
        expect(alice.closed).toBeNull();
        expect(alice.refusals).toEqual([]);
        expect(store.rows).toHaveLength(1);
        expect(document.doc.store.pendingStructs).toBeNull();
      });

      it('reports nothing for an update that passes its check then, nor for a sender whose update does not depend on the refused one', async () => {
        const { store, document, alice, bob, carol, release } = await whileFirstIsWritten();
        const between = writeRawUpdate([
          {
            kind: 'item',
            client: 12,
            clock: 0,
            text: 'X',
            origin: { client: 5, clock: 0 },
            rightOrigin: { client: 5, clock: 1 },
          },
        ]);
        expect(submit(document, alice, between)).toBe('queued');
        expect(submit(document, bob, crossed)).toBe('queued');
        expect(submit(document, carol, edit('own'))).toBe('queued');
        release();
        store.hold = null;
        await document.idle();
        expect(bob.refusals).toEqual(['update-not-applicable']);
        expect(alice.refusals).toEqual([]);
        expect(carol.refusals).toEqual([]);
        expect(alice.closed).toBeNull();
        expect(carol.closed).toBeNull();
        expect(store.rows).toHaveLength(3);
      });
    });
  });

  it("binds a clientID to its first writer and refuses anyone else's update under it", async () => {
    const { store, document, alice, bob } = await setup();
    const aliceDoc = new Y.Doc();
    aliceDoc.getText('t').insert(0, 'mine');
    expect(submit(document, alice, Y.encodeStateAsUpdate(aliceDoc))).toBe('queued');
    await document.idle();
    expect(store.appendCalls[0]?.[0]?.binds).toEqual([aliceDoc.clientID]);
    // Bob writes on under Alice's clientID, as a forger who read it and her clock from a relayed update would.
    const forged = writeRawUpdate([
      {
        kind: 'item',
        client: aliceDoc.clientID,
        clock: 4,
        text: ' (not hers)',
        origin: { client: aliceDoc.clientID, clock: 3 },
      },
    ]);
    expect(submit(document, bob, forged)).toEqual({ refused: 'client-id-taken', clientId: aliceDoc.clientID });
    // Alice carries on under her own clientID; her next update needs no new binding.
    const next = Y.encodeStateVector(aliceDoc);
    aliceDoc.getText('t').insert(4, '!');
    expect(submit(document, alice, Y.encodeStateAsUpdate(aliceDoc, next))).toBe('queued');
    await document.idle();
    expect(store.appendCalls).toHaveLength(2);
    expect(store.appendCalls[1]?.[0]?.binds).toEqual([]);
    expect(document.doc.getText('t').toString()).toBe('mine!');
  });

  it('refuses updates under a clientID bound before the document was loaded (a restart)', async () => {
    const taken = 424242;
    const { store, document, bob } = await setup({
      owners: new Map([[taken, 'a0000000-0000-4000-8000-00000000000a']]),
    });
    const forged = new Y.Doc();
    forged.clientID = taken;
    forged.getText('t').insert(0, 'forged');
    expect(submit(document, bob, Y.encodeStateAsUpdate(forged))).toEqual({
      refused: 'client-id-taken',
      clientId: taken,
    });
    await document.idle();
    expect(store.appendCalls).toEqual([]);
  });

  it('forgets the bindings of a batch that could not be stored', async () => {
    const { store, document, alice, bob } = await setup();
    store.failNext = true;
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'lost');
    const update = Y.encodeStateAsUpdate(doc);
    expect(submit(document, alice, update)).toBe('queued');
    await document.idle();
    expect(alice.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    // Not Alice's: another person may now be the first to write with it.
    expect(submit(document, bob, update)).toBe('queued');
  });

  it('reports the sender whose clientID another instance bound first when the batch is refused for it, and no one else', async () => {
    const { store, document, alice, bob } = await setup();
    const carol = new FakePeer('c0000000-0000-4000-8000-00000000000c', 'Carol');
    document.attach(carol);
    const taken = writeRawUpdate([{ kind: 'item', client: 77, clock: 0, text: 'x', parent: 't' }]);
    const own = writeRawUpdate([{ kind: 'item', client: 78, clock: 0, text: 'y', parent: 't' }]);
    expect(submit(document, bob, taken)).toBe('queued');
    expect(submit(document, carol, own)).toBe('queued');
    // Alice's connection on another instance bound 77 first: the statement storing the batch refuses it.
    store.owners.set(77, alice.userId);
    store.failNext = true;
    store.failure = new ClientIdConflictError();
    await document.idle();
    expect(store.rows).toHaveLength(0);
    expect(bob.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    expect(carol.closed?.code).toBe(CLOSE_CODES.storageUnavailable);
    await eventually(() => expect(bob.refusals).toEqual(['client-id-taken']), 2_000);
    expect(carol.refusals).toEqual([]);
    expect(alice.refusals).toEqual([]);
  });

  it('refuses presence under a clientID another person owns, also after a restart', async () => {
    const taken = 777;
    const { document, bob } = await setup({ owners: new Map([[taken, 'a0000000-0000-4000-8000-00000000000a']]) });
    const claimer = new Awareness(new Y.Doc());
    claimer.clientID = taken;
    claimer.setLocalState({ user: { name: 'Alice, honestly' } });
    document.receiveAwareness(bob, encodeAwarenessUpdate(claimer, [taken]));
    expect(document.awareness.getStates().has(taken)).toBe(false);
    claimer.destroy();
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
      clientIdTakenCode: CLOSE_CODES.clientIdTaken,
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
      submit(document, alice, edit('mine '), false);
      await document.idle();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await document.catchUp();
      expect(document.lastCommittedId).toBe('2');
      expect(document.doc.getText('t').toString()).toContain('elsewhere ');
    });
  });
});
