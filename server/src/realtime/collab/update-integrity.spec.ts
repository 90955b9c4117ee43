import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { type RawDeletion, type RawStruct, writeRawUpdate } from '../../../test/support/yjs-update-writer';
import {
  checkIntegrity,
  checkOrigins,
  documentState,
  originsHoldInCopy,
  prepareUpdate,
  shapeOfUpdate,
} from './update-integrity';

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

/** Two GC structs of client 77 written as two sections of one client: [0, 1) then [1, 2). */
function splitSectionsUpdate(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 2);
  for (const clock of [0, 1]) {
    encoding.writeVarUint(encoder, 1); // one struct
    encoding.writeVarUint(encoder, 77);
    encoding.writeVarUint(encoder, clock);
    encoding.writeUint8(encoder, 0); // GC
    encoding.writeVarUint(encoder, 1);
  }
  encoding.writeVarUint(encoder, 0);
  return encoding.toUint8Array(encoder);
}

describe('checkIntegrity: what decodeUpdate does not show', () => {
  it('refuses two consecutive sections of one client: Yjs drops the first and leaves the second pending', () => {
    const update = splitSectionsUpdate();
    const oracle = applyToCopy(Y.encodeStateAsUpdate(new Y.Doc()), update);
    expect(oracle.clean).toBe(false);
    expect(check(new Y.Doc(), update)).toEqual({ ok: false, problem: 'missing-dependency' });
  });

  it('refuses an empty deletion range at the end of what the document holds (Yjs keeps it pending, then throws)', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, 77);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 0);
    const update = encoding.toUint8Array(encoder);
    expect(applyToCopy(Y.encodeStateAsUpdate(new Y.Doc()), update).clean).toBe(false);
    expect(check(new Y.Doc(), update)).toEqual({ ok: false, problem: 'missing-deletion-target' });
  });
});

/** The record's first words typed and formatted by one client: the collab fuzz suite's corpus. */
function corpusUpdates(clientId: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  doc.getXmlFragment('reason').insert(0, [new Y.XmlText('Seen at school with a bruise')]);
  const before = Y.encodeStateVector(doc);
  const text = doc.getXmlFragment('reason').get(0) as Y.XmlText;
  text.format(0, 4, { bold: true });
  text.delete(5, 3);
  doc.getMap('meta').set('a', 1);
  return [Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(doc, before)];
}

/** What a replica shows: the section's XML and the map's entries. */
const view = (doc: Y.Doc) =>
  `${doc.getXmlFragment('reason').toString()} ${JSON.stringify(Object.entries(doc.getMap('meta').toJSON()).sort())}`;

describe('checkOrigins', () => {
  it('refuses the update of the CI failure: a format item whose right origin is its left origin (Yjs places it by history)', () => {
    const [, formatting] = corpusUpdates(1000);
    const writer = new Y.Doc();
    writer.clientID = 1000;
    writer.getXmlFragment('reason').insert(0, [new Y.XmlText('Seen at school with a bruise')]);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
    // The closing `bold: null` item (info 0xc6) names origin (1000, 4) and right origin (1000, 5), 1000
    // being e8 07 as a varuint: one bit turns the origin into (1000, 5).
    const flipped = Uint8Array.from(formatting!);
    const named = [0xc6, 0xe8, 0x07, 0x04, 0xe8, 0x07, 0x05];
    const at = flipped.findIndex((_, i) => named.every((byte, j) => flipped[i + j] === byte));
    expect(at).toBeGreaterThan(0);
    flipped[at + 3]! ^= 0x01;
    const shape = shapeOfUpdate(Y, flipped);
    expect(check(server, flipped).ok).toBe(true);
    // Yjs applies it whole, yet a replica that loads the resulting state sees another text.
    const live = new Y.Doc();
    Y.applyUpdate(live, Y.encodeStateAsUpdate(server));
    const relayed: Uint8Array[] = [];
    server.on('update', (update: Uint8Array) => relayed.push(update));
    expect(checkOrigins(shape, server)).toBe('inconsistent');
    Y.applyUpdate(server, flipped);
    for (const update of relayed) Y.applyUpdate(live, update);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(server));
    expect(view(live)).toBe(view(server));
    expect(view(loaded)).not.toBe(view(live));
  });

  it('accepts, by applying it to a copy, text typed next to a concurrent insertion it received while its own was unsent', () => {
    const server = new Y.Doc();
    const first = new Y.Doc();
    first.clientID = 1;
    first.getText('t').insert(0, 'ab');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(first));
    // Client 5 types Y between a and b; its update is not stored (say the write failed).
    const writer = new Y.Doc();
    writer.clientID = 5;
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
    writer.getText('t').insert(1, 'Y');
    // Client 9 typed Z at the same place: stored, and relayed to client 5 (it lands after Y there).
    const other = new Y.Doc();
    other.clientID = 9;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    other.getText('t').insert(1, 'Z');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)));
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
    expect(writer.getText('t').toString()).toBe('aYZb');
    // Then X between Y and Z; after reconnecting, Y and X go out together.
    writer.getText('t').insert(2, 'X');
    const update = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(server));
    const shape = shapeOfUpdate(Y, update);
    expect(check(server, update).ok).toBe(true);
    // X is anchored to Y (in the update) and Z: Y's own anchors do not order it before Z.
    expect(checkOrigins(shape, server)).toBe('unproven');
    expect(originsHoldInCopy(server, update, shape)).toBe(true);
    Y.applyUpdate(server, update);
    expect(server.getText('t').toString()).toBe('aYXZb');
  });

  it('keeps every replica converged through hostile updates among honest editing: live clients, a fresh load and a replay of the log agree', () => {
    const victimOp = fc.record({
      kind: fc.constantFrom('insert', 'delete', 'format', 'several', 'map'),
      at: fc.nat(40),
      text: fc.constantFrom('a', 'bc', 'xyz'),
    });
    const hostileOp = fc.record({
      kind: fc.constantFrom('flip', 'duplicate', 'truncate'),
      source: fc.nat(),
      flips: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { minLength: 1, maxLength: 3 }),
    });
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(victimOp, hostileOp), { minLength: 1, maxLength: 25 }), (ops) => {
        // The server: checks as submitUpdate does, applies, and relays what Yjs emits.
        const server = new Y.Doc();
        const log: Uint8Array[] = [];
        const relayed: Uint8Array[] = [];
        server.on('update', (update: Uint8Array) => relayed.push(update));
        const { stateOf, isItemAt } = documentState(server);
        const submit = (update: Uint8Array): boolean => {
          let shape;
          try {
            shape = shapeOfUpdate(Y, update);
          } catch {
            return false;
          }
          const prepared = prepareUpdate(update, shape, stateOf, isItemAt);
          if (!prepared.ok) return false;
          const origins = checkOrigins(prepared.shape, server);
          if (origins === 'unproven' ? !originsHoldInCopy(server, prepared.update, prepared.shape) : origins !== 'ok') {
            return false;
          }
          server.transact(() => Y.applyUpdate(server, prepared.update));
          log.push(prepared.update);
          return true;
        };
        // A stock client: sends its own changes, applies what the server relays.
        const victim = new Y.Doc();
        victim.clientID = 2000;
        victim.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin !== 'server') expect(submit(update)).toBe(true);
        });
        const sources = [...corpusUpdates(1000), ...corpusUpdates(3000)];
        for (const op of ops) {
          if ('flips' in op) {
            const source = sources[op.source % sources.length]!;
            const copy = Uint8Array.from(source);
            if (op.kind === 'flip') for (const [at, bit] of op.flips) copy[at % copy.length]! ^= 1 << bit;
            const sent = op.kind === 'truncate' ? copy.subarray(0, op.flips[0]![0] % copy.length) : copy;
            if (submit(sent)) accepted++;
            else refused++;
          } else {
            const fragment = victim.getXmlFragment('reason');
            let text = fragment.get(0);
            if (!(text instanceof Y.XmlText)) fragment.insert(0, [(text = new Y.XmlText())]);
            const at = Math.min(op.at, text.length);
            if (op.kind === 'insert') text.insert(at, op.text);
            else if (op.kind === 'delete') text.delete(at, Math.min(2, text.length - at));
            else if (op.kind === 'format') text.format(at, 3, { italic: true });
            else if (op.kind === 'map') victim.getMap('meta').set(op.text, op.at);
            else {
              const t = text;
              victim.transact(() => {
                t.insert(at, op.text);
                t.insert(Math.min(at + 4, t.length), op.text);
                t.insert(at + 1, 'Q');
              });
            }
          }
          for (const update of relayed.splice(0)) Y.applyUpdate(victim, update, 'server');
          // What the victim has, so the hostile writer can mutate it (structs of another client).
          sources.push(Y.encodeStateAsUpdate(victim));
        }
        expect(server.store.pendingStructs).toBeNull();
        expect(server.store.pendingDs).toBeNull();
        const loaded = new Y.Doc();
        Y.applyUpdate(loaded, Y.encodeStateAsUpdate(server));
        const replayed = new Y.Doc();
        for (const update of log) Y.applyUpdate(replayed, update);
        expect(view(victim)).toBe(view(server));
        expect(view(loaded)).toBe(view(victim));
        expect(view(replayed)).toBe(view(victim));
      }),
      { numRuns: 1_500 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
