import fc from 'fast-check';
import * as Y from 'yjs';
import { type RawDeletion, type RawStruct, writeRawUpdate } from '../../../test/support/yjs-update-writer';
import { checkIntegrity, documentState, prepareUpdate, shapeOfUpdate } from './update-integrity';

/** What Yjs itself does with the update on a copy of the document: the oracle. */
function applyToCopy(base: Uint8Array, update: Uint8Array): { clean: boolean; doc: Y.Doc } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return { clean: false, doc };
  }
  return { clean: doc.store.pendingStructs === null && doc.store.pendingDs === null, doc };
}

function stateOf(doc: Y.Doc): (client: number) => number {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  return (client) => sv.get(client) ?? 0;
}

function check(doc: Y.Doc, update: Uint8Array) {
  const { stateOf, isItemAt } = documentState(doc);
  return checkIntegrity(shapeOfUpdate(Y, update), stateOf, isItemAt);
}

/** Three clients typing into one text, each change delivered to the others: a document with real history. */
function editedDocument(ops: readonly { client: number; insert: boolean; at: number; text: string }[]): Y.Doc {
  const docs = [1, 2, 3].map((id) => {
    const doc = new Y.Doc();
    doc.clientID = id;
    return doc;
  });
  for (const op of ops) {
    const doc = docs[op.client]!;
    const text = doc.getText('text');
    const before = Y.encodeStateVector(doc);
    if (op.insert || text.length === 0) text.insert(op.at % (text.length + 1), op.text);
    else text.delete(op.at % text.length, Math.min(op.text.length, text.length - (op.at % text.length)));
    const update = Y.encodeStateAsUpdate(doc, before);
    for (const other of docs) if (other !== doc) Y.applyUpdate(other, update);
  }
  return docs[0]!;
}

const ops = fc.array(
  fc.record({
    client: fc.integer({ min: 0, max: 2 }),
    insert: fc.boolean(),
    at: fc.nat(50),
    text: fc.string({ minLength: 1, maxLength: 4 }),
  }),
  { maxLength: 25 },
);

describe('checkIntegrity', () => {
  it('refuses the poison update of issue 14 (an item anchored to its own client’s future clock)', () => {
    const poison = Buffer.from('0101959aef3a0084959aef3a88270b73656c662d66757475726500', 'hex');
    const doc = new Y.Doc();
    expect(applyToCopy(Y.encodeStateAsUpdate(doc), poison).clean).toBe(false);
    expect(check(doc, poison)).toEqual({ ok: false, problem: 'forward-reference' });
  });

  it('accepts every update real clients send, in the order the server receives them', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const server = new Y.Doc();
        const clients = [1, 2, 3].map((id) => {
          const doc = new Y.Doc();
          doc.clientID = id;
          return doc;
        });
        for (const op of list) {
          const doc = clients[op.client]!;
          const text = doc.getText('text');
          const before = Y.encodeStateVector(doc);
          if (op.insert || text.length === 0) text.insert(op.at % (text.length + 1), op.text);
          else text.delete(op.at % text.length, 1);
          const update = Y.encodeStateAsUpdate(doc, before);
          const result = check(server, update);
          expect(result.ok).toBe(true);
          Y.applyUpdate(server, update);
          for (const other of clients) if (other !== doc) Y.applyUpdate(other, update);
        }
      }),
    );
  });

  it('reports the clocks an update creates, per client', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    client.clientID = 7;
    client.getText('text').insert(0, 'abc');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    const before = Y.encodeStateVector(client);
    client.getText('text').insert(3, 'de');
    const result = check(server, Y.encodeStateAsUpdate(client, before));
    expect(result).toEqual({ ok: true, created: new Map([[7, { from: 3, to: 5 }]]) });
  });

  it('refuses an update that arrives before the one it follows, as Yjs would leave it pending', () => {
    fc.assert(
      fc.property(
        ops,
        fc.string({ minLength: 1, maxLength: 3 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (list, a, b) => {
          const base = editedDocument(list);
          const writer = new Y.Doc();
          writer.clientID = 9;
          Y.applyUpdate(writer, Y.encodeStateAsUpdate(base));
          const sv0 = Y.encodeStateVector(writer);
          writer.getText('text').insert(0, a);
          const sv1 = Y.encodeStateVector(writer);
          writer.getText('text').insert(0, b);
          const second = Y.encodeStateAsUpdate(writer, sv1);
          expect(applyToCopy(Y.encodeStateAsUpdate(base), second).clean).toBe(false);
          expect(check(base, second).ok).toBe(false);
          expect(check(base, Y.encodeStateAsUpdate(writer, sv0)).ok).toBe(true);
        },
      ),
    );
  });

  it('agrees with Yjs on hand-made updates: accepted exactly when Yjs applies them whole', () => {
    const clientIds = [1, 2, 3, 9];
    // Mostly clocks a client is likely to have written, sometimes ones nobody has.
    const id = fc.record({
      client: fc.constantFrom(...clientIds),
      clock: fc.oneof({ weight: 3, arbitrary: fc.nat(3) }, fc.nat(40)),
    });
    const item = fc.record({
      kind: fc.constant('item' as const),
      client: fc.constantFrom(...clientIds),
      text: fc.string({ minLength: 1, maxLength: 3 }),
      origin: fc.option(id, { nil: undefined, freq: 1 }),
      rightOrigin: fc.option(id, { nil: undefined, freq: 1 }),
      parent: fc.option(fc.oneof(fc.constant('text'), id), { nil: undefined, freq: 1 }),
    });
    const filler = fc.record({
      kind: fc.constantFrom('gc' as const, 'skip' as const),
      client: fc.constantFrom(...clientIds),
      length: fc.integer({ min: 1, max: 5 }),
    });
    const section = fc.record({
      client: fc.constantFrom(...clientIds),
      // Usually right after what the document holds of the client, sometimes anywhere.
      aligned: fc.boolean(),
      start: fc.nat(45),
      structs: fc.array(fc.oneof({ weight: 4, arbitrary: item }, { weight: 1, arbitrary: filler }), {
        minLength: 1,
        maxLength: 4,
      }),
    });
    const deletion = fc.record({
      client: fc.constantFrom(...clientIds),
      clock: fc.nat(45),
      length: fc.integer({ min: 1, max: 5 }),
    });
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        ops,
        fc.array(section, { minLength: 1, maxLength: 4 }),
        fc.oneof({ weight: 3, arbitrary: fc.constant<RawDeletion[]>([]) }, fc.array(deletion, { maxLength: 2 })),
        (list, sections, deletions: RawDeletion[]) => {
          const base = editedDocument(list);
          const held = stateOf(base);
          const next = new Map<number, number>();
          const structs: RawStruct[] = [];
          for (const s of sections) {
            let clock = s.aligned ? (next.get(s.client) ?? held(s.client)) : s.start;
            for (const raw of s.structs) {
              if (raw.kind === 'item') {
                structs.push({ ...raw, client: s.client, clock });
                clock += raw.text.length;
              } else {
                structs.push({ ...raw, client: s.client, clock });
                clock += raw.length;
              }
            }
            next.set(s.client, clock);
          }
          const update = writeRawUpdate(structs, deletions);
          const oracle = applyToCopy(Y.encodeStateAsUpdate(base), update);
          const result = check(base, update);
          expect(result.ok).toBe(oracle.clean);
          if (result.ok) {
            accepted++;
            const after = Y.decodeStateVector(Y.encodeStateVector(oracle.doc));
            for (const [client, range] of result.created) expect(after.get(client)).toBe(range.to);
          } else refused++;
        },
      ),
      { numRuns: 1_000 },
    );
    // Both outcomes were exercised (about 30% accepted).
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('keeps a document whole through sequences of hostile updates among honest typing: each accepted one applies, and the accepted log replays', () => {
    const A = 11,
      B = 22,
      C = 33;
    const id = fc.record({
      client: fc.constantFrom(A, B, C, 44),
      clock: fc.oneof({ weight: 3, arbitrary: fc.nat(8) }, fc.nat(60)),
    });
    const struct = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('item' as const),
          text: fc.string({ minLength: 1, maxLength: 3 }),
          origin: fc.option(id, { nil: undefined, freq: 1 }),
          rightOrigin: fc.option(id, { nil: undefined, freq: 2 }),
          parent: fc.oneof(fc.constantFrom('text', 'notes'), id),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constantFrom('gc' as const, 'skip' as const),
          length: fc.integer({ min: 1, max: 5 }),
        }),
      },
    );
    const hostile = fc.record({
      client: fc.constantFrom(A, B, C),
      aligned: fc.boolean(),
      start: fc.nat(60),
      structs: fc.array(struct, { minLength: 1, maxLength: 3 }),
      deletes: fc.array(
        fc.record({ client: fc.constantFrom(A, B, C, 44), clock: fc.nat(40), length: fc.integer({ min: 1, max: 5 }) }),
        { maxLength: 2 },
      ),
    });
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 25 }), (list) => {
        const server = new Y.Doc();
        const accepted: Uint8Array[] = [];
        const legit = new Y.Doc();
        legit.clientID = 44;
        for (const h of list) {
          // An honest client types between the hostile updates.
          const sv = Y.encodeStateVector(legit);
          legit.getText('notes').insert(Math.min(2, legit.getText('notes').length), 'ab');
          if (legit.getText('notes').length > 4) legit.getText('notes').delete(1, 2);
          const honest = Y.encodeStateAsUpdate(legit, sv);
          const hs = documentState(server);
          expect(checkIntegrity(shapeOfUpdate(Y, honest), hs.stateOf, hs.isItemAt).ok).toBe(true);
          Y.applyUpdate(server, honest);
          accepted.push(honest);
          let clock = h.aligned ? Y.getState(server.store, h.client) : h.start;
          const structs: RawStruct[] = h.structs.map((s) => {
            const at = clock;
            if (s.kind === 'item') {
              clock += s.text.length;
              return { ...s, client: h.client, clock: at };
            }
            clock += s.length;
            return { ...s, client: h.client, clock: at };
          });
          const update = writeRawUpdate(structs, h.deletes);
          const st = documentState(server);
          const prepared = prepareUpdate(update, shapeOfUpdate(Y, update), st.stateOf, st.isItemAt);
          if (!prepared.ok) continue;
          // The server applies a batch in one transaction: garbage collection waits for its end.
          server.transact(() => Y.applyUpdate(server, prepared.update));
          expect(server.store.pendingStructs).toBeNull();
          expect(server.store.pendingDs).toBeNull();
          accepted.push(prepared.update);
        }
        // A load replays the log row by row, each in its own transaction.
        const replay = new Y.Doc();
        for (const u of accepted) Y.applyUpdate(replay, u);
        expect(replay.store.pendingStructs).toBeNull();
        expect(replay.store.pendingDs).toBeNull();
        expect(Y.encodeStateVector(replay)).toEqual(Y.encodeStateVector(server));
      }),
      { numRuns: 1_000 },
    );
  });
});
