import * as Y from 'yjs';

/**
 * What the integrity check needs of an update: for every struct its kind,
 * ID, length and the IDs it depends on; for every deletion its range. Numbers
 * only, so a worker can hand it back cheaply.
 *
 * `structs` holds STRUCT_FIELDS numbers a struct, grouped by client in the
 * order Yjs reads them (a client section repeated later in the same update
 * replaces the earlier one, as `Y.applyUpdate` does): kind, client, clock,
 * length, origin client, origin clock, right-origin client, right-origin
 * clock, parent client, parent clock (-1 where there is none; a root-level
 * parent, named by a string, depends on nothing), the index in `names` of a
 * root-level parent's name and of the map key (`parentSub`) of an item
 * without origins (-1 where there is none). `deletes` holds
 * [client, clock, length] triples.
 */
export interface UpdateShape {
  structs: Float64Array;
  deletes: Float64Array;
  /** Root type names and map keys the structs name (see above). */
  names: string[];
  /**
   * The update has more client sections than runs of structs: a client's
   * section follows another of the same client, or holds no struct. Yjs
   * keeps only the last section of a client, so the earlier one is dropped
   * and the later one left pending; decodeUpdate cannot show where one ends.
   */
  splitSections: boolean;
}

export const STRUCT_FIELDS = 12;
export const STRUCT_GC = 0;
export const STRUCT_ITEM = 1;
export const STRUCT_SKIP = 2;

/**
 * The shape of a v1 update. Self-contained on purpose (no imports, no outer
 * names): the validator's worker runs its source text with its own yjs.
 * @throws when the update does not decode.
 */
export function shapeOfUpdate(yjs: Pick<typeof Y, 'decodeUpdate'>, update: Uint8Array): UpdateShape {
  const { structs, ds } = yjs.decodeUpdate(update);
  // The number of client sections: the update's first varuint (it decoded, so it is there).
  let sectionCount = 0;
  for (let at = 0, shift = 1; at < update.length; at++, shift *= 128) {
    const byte = update[at] as number;
    sectionCount += (byte & 127) * shift;
    if (byte < 128) break;
  }
  let runs = 0;
  // Yjs keeps one section per client: a later section of the same client replaces the earlier one.
  const sections = new Map<number, unknown[]>();
  let previousClient = -1;
  let section: unknown[] = [];
  for (const struct of structs) {
    const client = struct.id.client;
    if (client !== previousClient) {
      section = [];
      sections.set(client, section);
      previousClient = client;
      runs++;
    }
    section.push(struct);
  }
  let count = 0;
  for (const list of sections.values()) count += list.length;
  const out = new Float64Array(count * 12);
  const names: string[] = [];
  const nameIndex = (name: unknown): number => {
    if (typeof name !== 'string') return -1;
    const at = names.indexOf(name);
    return at >= 0 ? at : names.push(name) - 1;
  };
  let i = 0;
  for (const list of sections.values()) {
    for (const raw of list) {
      const struct = raw as {
        constructor: { name: string };
        id: { client: number; clock: number };
        length: number;
        origin?: { client: number; clock: number } | null;
        rightOrigin?: { client: number; clock: number } | null;
        parent?: unknown;
        parentSub?: unknown;
      };
      const name = struct.constructor.name;
      const kind = name === 'Skip' ? 2 : name === 'GC' ? 0 : 1;
      const parent =
        kind === 1 && struct.parent && typeof struct.parent === 'object'
          ? (struct.parent as { client: number; clock: number })
          : null;
      out[i] = kind;
      out[i + 1] = struct.id.client;
      out[i + 2] = struct.id.clock;
      out[i + 3] = struct.length;
      out[i + 4] = kind === 1 && struct.origin ? struct.origin.client : -1;
      out[i + 5] = kind === 1 && struct.origin ? struct.origin.clock : -1;
      out[i + 6] = kind === 1 && struct.rightOrigin ? struct.rightOrigin.client : -1;
      out[i + 7] = kind === 1 && struct.rightOrigin ? struct.rightOrigin.clock : -1;
      out[i + 8] = parent ? parent.client : -1;
      out[i + 9] = parent ? parent.clock : -1;
      out[i + 10] = kind === 1 ? nameIndex(struct.parent) : -1;
      out[i + 11] = kind === 1 ? nameIndex(struct.parentSub) : -1;
      i += 12;
    }
  }
  const deletes: number[] = [];
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) deletes.push(client, range.clock, range.len);
  }
  return { structs: out, deletes: Float64Array.from(deletes), names, splitSections: sectionCount !== runs };
}

/**
 * Whether an update adds the `restricted` mark (RESTRICTED_MARK in
 * shared/src/templates.ts, or y-tiptap's `restricted--<hash>` for a mark that
 * may overlap itself) with kind 'police-restricted' or 'health-restricted' (every
 * kind `isRestricting` in shared/src/templates.ts): a formatting item whose
 * value names that kind. Removing the mark (value null) is not adding it.
 * Self-contained on purpose (no imports, no outer names): the validator's
 * worker runs its source text with its own yjs.
 * @throws when the update does not decode.
 */
export function addsPoliceRestrictedMark(yjs: Pick<typeof Y, 'decodeUpdate'>, update: Uint8Array): boolean {
  const { structs } = yjs.decodeUpdate(update);
  for (const raw of structs) {
    const content = (raw as { content?: { key?: unknown; value?: unknown } }).content;
    if (!content || typeof content.key !== 'string' || !('value' in content)) continue;
    const key = content.key;
    if (key !== 'restricted' && !/^restricted--[a-zA-Z0-9+/=]{8}$/.test(key)) continue;
    const value = content.value;
    const kind = value && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
    if (kind === 'police-restricted' || kind === 'health-restricted') return true;
  }
  return false;
}

/** Why an update can never be applied as it stands. */
export type IntegrityProblem =
  /** It needs structs (a client's earlier clocks, or what it is anchored to) the document does not hold. */
  | 'missing-dependency'
  /** A struct refers to its own client's clock at or after itself: Yjs throws while applying it. */
  | 'forward-reference'
  /** It deletes clocks the document does not hold. */
  | 'missing-deletion-target'
  /**
   * An item overlaps the end of what the document holds of its client right
   * after a garbage-collected struct (or one not applied yet): Yjs throws
   * while splitting it. Honest clients send from the server's state vector.
   */
  | 'unsafe-overlap';

export type IntegrityResult =
  | {
      ok: true;
      /** Clocks each client gains: [from, to) beyond what the document held. */
      created: Map<number, { from: number; to: number }>;
    }
  | { ok: false; problem: IntegrityProblem };

/**
 * Whether `Y.applyUpdate` would integrate the whole update into a document
 * whose state vector is `stateOf`, leaving nothing pending and throwing
 * nothing. It follows Yjs's own integration order (`integrateStructs`,
 * `Item.getMissing`, `readAndApplyDeleteSet`) on IDs alone, so it needs no
 * copy of the document: an update is checked before it is stored, and a
 * stored update can always be applied.
 */
export function checkIntegrity(
  shape: UpdateShape,
  stateOf: (client: number) => number,
  /**
   * Whether the struct the document holds at (client, clock) is an item (not
   * garbage-collected); `undefined` when it holds none there yet. Needed only
   * for updates that overlap what the document holds.
   */
  isItemAt: (client: number, clock: number) => boolean | undefined = () => undefined,
): IntegrityResult {
  // Yjs drops the earlier of two sections of a client and leaves the later one pending.
  if (shape.splitSections) return { ok: false, problem: 'missing-dependency' };
  const s = shape.structs;
  const refs = new Map<number, { i: number; refs: number[] }>();
  for (let at = 0; at < s.length; at += STRUCT_FIELDS) {
    const client = s[at + 1] as number;
    let entry = refs.get(client);
    if (!entry) refs.set(client, (entry = { i: 0, refs: [] }));
    entry.refs.push(at);
  }
  const state = new Map<number, number>();
  const stateNow = (client: number): number => state.get(client) ?? stateOf(client);
  const initial = new Map<number, number>();
  for (const client of refs.keys()) initial.set(client, stateOf(client));

  // Yjs takes the highest client first.
  const order = [...refs.keys()].sort((a, b) => a - b);
  const nextTarget = (): { i: number; refs: number[] } | null => {
    while (order.length > 0) {
      const target = refs.get(order[order.length - 1] as number)!;
      if (target.i < target.refs.length) return target;
      order.pop();
    }
    return null;
  };
  let current = nextTarget();
  const stack: number[] = [];
  if (current) {
    let head = current.refs[current.i++] as number;
    for (;;) {
      const kind = s[head];
      if (kind !== STRUCT_SKIP) {
        const client = s[head + 1] as number;
        const clock = s[head + 2] as number;
        const length = s[head + 3] as number;
        const offset = stateNow(client) - clock;
        if (offset < 0) return { ok: false, problem: 'missing-dependency' };
        const missing = kind === STRUCT_ITEM ? missingOf(s, head, stateNow) : null;
        if (missing === 'forward') return { ok: false, problem: 'forward-reference' };
        if (missing !== null) {
          stack.push(head);
          const source = refs.get(missing);
          if (!source || source.i === source.refs.length) return { ok: false, problem: 'missing-dependency' };
          head = source.refs[source.i++] as number;
          continue;
        }
        // Integrating only the tail of an item splits at the struct before it, which must be an item.
        if (kind === STRUCT_ITEM && offset > 0 && offset < length && isItemAt(client, clock + offset - 1) !== true) {
          return { ok: false, problem: 'unsafe-overlap' };
        }
        if (offset < length) state.set(client, clock + length);
      }
      if (stack.length > 0) head = stack.pop() as number;
      else if (current && current.i < current.refs.length) head = current.refs[current.i++] as number;
      else {
        current = nextTarget();
        if (!current) break;
        head = current.refs[current.i++] as number;
      }
    }
  }
  const d = shape.deletes;
  for (let at = 0; at < d.length; at += 3) {
    // An empty range at the client's clock is kept pending (and Yjs throws encoding it): no client sends one.
    if ((d[at + 2] as number) <= 0 || (d[at + 1] as number) + (d[at + 2] as number) > stateNow(d[at] as number)) {
      return { ok: false, problem: 'missing-deletion-target' };
    }
  }
  const created = new Map<number, { from: number; to: number }>();
  for (const [client, to] of state) {
    const from = initial.get(client) ?? 0;
    if (to > from) created.set(client, { from, to });
  }
  return { ok: true, created };
}

/**
 * Item.getMissing on IDs: the client of a dependency on another client that
 * the document does not hold yet, 'forward' for a reference to its own
 * client that Yjs cannot resolve (it would throw), or null.
 */
function missingOf(s: Float64Array, at: number, stateNow: (client: number) => number): number | 'forward' | null {
  const own = s[at + 1] as number;
  let forward = false;
  for (const field of [4, 6, 8]) {
    const client = s[at + field] as number;
    if (client < 0) continue;
    const clock = s[at + field + 1] as number;
    if (clock < stateNow(client)) continue;
    // Yjs waits only for other clients (checked first); its own client's structs come in clock
    // order, so a reference to its own future cannot resolve and throws once the others are there.
    if (client !== own) return client;
    forward = true;
  }
  return forward ? 'forward' : null;
}

/** The `stateOf` and `isItemAt` of checkIntegrity for a document as it stands (what is applied). */
export function documentState(doc: Y.Doc): {
  stateOf: (client: number) => number;
  isItemAt: (client: number, clock: number) => boolean | undefined;
} {
  return {
    stateOf: (client) => Y.getState(doc.store, client),
    isItemAt: (client, clock) => {
      const structs = doc.store.clients.get(client);
      if (!structs || clock >= Y.getState(doc.store, client)) return undefined;
      return structs[Y.findIndexSS(structs, clock)] instanceof Y.Item;
    },
  };
}

/** An update ready to store and apply: trimmed of what the document already holds, and known to apply whole. */
export type PreparedUpdate =
  | { ok: true; update: Uint8Array; shape: UpdateShape; created: Map<number, { from: number; to: number }> }
  | { ok: false; problem: IntegrityProblem };

/**
 * Checks an update against a document's state and, when it repeats clocks
 * the document already holds (a provider resending what crossed on the
 * wire), trims them first (`Y.diffUpdate`): Yjs splits a partly known item
 * at whatever struct precedes it, and throws when that struct has been
 * garbage-collected, which depends on when each transaction ended. Trimmed,
 * every struct starts where the document's state ends, so the result is the
 * same whenever and however often the log is replayed.
 */
export function prepareUpdate(
  update: Uint8Array,
  shape: UpdateShape,
  stateOf: (client: number) => number,
  isItemAt?: (client: number, clock: number) => boolean | undefined,
): PreparedUpdate {
  if (repeatsKnownClocks(shape, stateOf)) {
    const known = new Map<number, number>();
    for (let at = 0; at < shape.structs.length; at += STRUCT_FIELDS) {
      const client = shape.structs[at + 1] as number;
      known.set(client, stateOf(client));
    }
    update = Y.diffUpdate(update, Y.encodeStateVector(known));
    shape = shapeOfUpdate(Y, update);
  }
  const result = checkIntegrity(shape, stateOf, isItemAt);
  return result.ok ? { ok: true, update, shape, created: result.created } : result;
}

function repeatsKnownClocks(shape: UpdateShape, stateOf: (client: number) => number): boolean {
  const s = shape.structs;
  for (let at = 0; at < s.length; at += STRUCT_FIELDS) {
    if (s[at] !== STRUCT_SKIP && (s[at + 2] as number) < stateOf(s[at + 1] as number)) return true;
  }
  return false;
}

/**
 * What `checkOrigins` found: `unresolved` when an item is anchored to structs
 * that are neither applied nor in the update (accepted, not yet applied):
 * check again once they are; `unproven` when the order of an anchor inside
 * the update could not be shown from what the update says of it (a client
 * that received a concurrent insertion at the place where its own unsent
 * text went): `originsHoldInCopy` decides.
 */
export type OriginsVerdict = 'ok' | 'inconsistent' | 'unresolved' | 'unproven';

/** Steps (list links walked, anchors compared) one update's check may take; a legitimate update takes a few per item. */
export const ORIGIN_CHECK_BUDGET = 100_000;

/** Where an anchor (a character's ID) lies: in a struct the document holds, or in the update's item `at`. */
type Anchor = { struct: Y.Item | Y.GC; clock: number } | { at: number; clock: number };

/** The list an item goes into: its parent type (a root type by name, an applied type, or one the update creates) and map key. */
interface ListKey {
  parent: unknown;
  sub: string | null;
}

/**
 * Whether every item of an update, applied after what `doc` holds, lands
 * between its origins: an item names its left origin (the character it was
 * typed after) and its right origin (the one it was typed before), which
 * Yjs finds and integrates it between. Yjs does not check that the right
 * origin lies to the right of the left one in the same list. When it does
 * not (a bit flip in an origin's clock, an origin and a right origin in two
 * sections), Yjs walks the list from the left origin to its end, and where
 * the item lands depends on what the document held when it arrived: every
 * replica that received the update live puts it in one place, and a
 * replica that loads the document (a fresh client's sync, a reload from
 * PostgreSQL) in another. Only items with both origins can be wrong so
 * (with one, Yjs copies the list from it; with none, the parent is named).
 *
 * Order among applied structs is read from the document's lists; an item of
 * the update lies after its left origin and before its right origin (proved
 * for it in turn), which is how anchors inside the update are ordered. A
 * legitimate update anchors to what its sender had: applied structs, or its
 * own earlier items. Call it with every struct the update depends on
 * applied (`unresolved` otherwise); after `checkIntegrity` accepted it.
 */
export function checkOrigins(shape: UpdateShape, doc: Y.Doc, budget = ORIGIN_CHECK_BUDGET): OriginsVerdict {
  const s = shape.structs;
  // The update's items and GC structs by client, in clock order (one section a client after checkIntegrity).
  const own = new Map<number, number[]>();
  for (let at = 0; at < s.length; at += STRUCT_FIELDS) {
    if (s[at] === STRUCT_SKIP) continue;
    const client = s[at + 1] as number;
    let list = own.get(client);
    if (!list) own.set(client, (list = []));
    list.push(at);
  }
  let steps = 0;
  let unresolved = false;
  const anchorOf = (client: number, clock: number): Anchor | null => {
    if (client < 0) return null;
    if (clock < Y.getState(doc.store, client)) {
      const structs = doc.store.clients.get(client) as (Y.Item | Y.GC)[];
      return { struct: structs[Y.findIndexSS(structs, clock)] as Y.Item | Y.GC, clock };
    }
    const list = own.get(client);
    if (list) {
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = list[mid] as number;
        if (clock < (s[at + 2] as number)) hi = mid - 1;
        else if (clock >= (s[at + 2] as number) + (s[at + 3] as number)) lo = mid + 1;
        else return { at, clock };
      }
    }
    unresolved = true;
    return null;
  };
  const left = (at: number) => anchorOf(s[at + 4] as number, s[at + 5] as number);
  const right = (at: number) => anchorOf(s[at + 6] as number, s[at + 7] as number);
  const rootNames = new Map<unknown, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);

  // The list of an anchor; null when Yjs turns the item into a GC struct (an origin or parent garbage-collected).
  const listMemo = new Map<number, ListKey | null | 'invalid'>();
  const listOf = (anchor: Anchor): ListKey | null | 'invalid' => {
    if ('struct' in anchor) {
      const struct = anchor.struct;
      if (!(struct instanceof Y.Item)) return null;
      const parent = struct.parent as Y.AbstractType<unknown>;
      return { parent: parent._item ? parent : `root:${rootNames.get(parent) ?? ''}`, sub: struct.parentSub };
    }
    return s[anchor.at] === STRUCT_ITEM ? itemList(anchor.at) : null;
  };
  const itemList = (at: number): ListKey | null | 'invalid' => {
    const memo = listMemo.get(at);
    if (memo !== undefined) return memo;
    let list: ListKey | null | 'invalid';
    const l = left(at);
    const r = right(at);
    if (l || r) {
      const fromLeft = l ? listOf(l) : undefined;
      const fromRight = r ? listOf(r) : undefined;
      list = fromLeft === null || fromRight === null ? null : (fromLeft ?? fromRight ?? 'invalid');
    } else if ((s[at + 10] as number) >= 0) {
      list = { parent: `root:${shape.names[s[at + 10] as number]}`, sub: shape.names[s[at + 11] as number] ?? null };
    } else {
      const parent = anchorOf(s[at + 8] as number, s[at + 9] as number);
      const sub = shape.names[s[at + 11] as number] ?? null;
      if (!parent) list = 'invalid';
      else if ('at' in parent) list = { parent: `update:${parent.at}`, sub };
      else if (!(parent.struct instanceof Y.Item)) list = null;
      else if (!(parent.struct.content instanceof Y.ContentType)) list = 'invalid';
      else list = { parent: parent.struct.content.type, sub };
    }
    listMemo.set(at, list);
    return list;
  };

  const same = (a: Anchor, b: Anchor): boolean =>
    ('struct' in a ? a.struct.id.client : (s[a.at + 1] as number)) ===
      ('struct' in b ? b.struct.id.client : (s[b.at + 1] as number)) && a.clock === b.clock;
  const atOrBefore = (a: Anchor, b: Anchor): boolean => same(a, b) || before(a, b);
  // Whether character a lies before character b (both in one list).
  const before = (a: Anchor, b: Anchor): boolean => {
    if (++steps > budget) return false;
    if ('struct' in a && 'struct' in b) {
      if (a.struct === b.struct) return a.clock < b.clock;
      if (!(a.struct instanceof Y.Item)) return false;
      for (let item = (a.struct as Y.Item).right; item !== null; item = item.right) {
        if (item === b.struct) return true;
        if (++steps > budget) return false;
      }
      return false;
    }
    if ('at' in a && 'at' in b && a.at === b.at) return a.clock < b.clock;
    if (('at' in a && s[a.at] !== STRUCT_ITEM) || ('at' in b && s[b.at] !== STRUCT_ITEM)) return false;
    // b's item lies after its left origin.
    if ('at' in b) {
      const l = left(b.at);
      if (l && atOrBefore(a, l)) return true;
    }
    // a's item lies before its right origin.
    if ('at' in a) {
      const r = right(a.at);
      if (r && atOrBefore(r, b)) return true;
    }
    return false;
  };

  for (const list of own.values()) {
    for (const at of list) {
      if (s[at] !== STRUCT_ITEM || (s[at + 4] as number) < 0 || (s[at + 6] as number) < 0) continue;
      const l = left(at);
      const r = right(at);
      if (unresolved) return 'unresolved';
      if (!l || !r) return 'inconsistent';
      const leftList = listOf(l);
      const rightList = listOf(r);
      if (unresolved) return 'unresolved';
      if (leftList === 'invalid' || rightList === 'invalid') return 'inconsistent';
      // Integrated as a GC struct: it lands nowhere.
      if (leftList === null || rightList === null) continue;
      if (leftList.parent !== rightList.parent || leftList.sub !== rightList.sub) return 'inconsistent';
      const ordered = before(l, r);
      if (unresolved) return 'unresolved';
      // Between applied structs the lists say it exactly; through the update's items only sufficiently.
      if (!ordered) return 'struct' in l && 'struct' in r && steps <= budget ? 'inconsistent' : 'unproven';
    }
  }
  return 'ok';
}

/**
 * `checkOrigins` exactly, for an update it could not prove: applies the
 * update to a copy of the document (the cost of a load: only for updates
 * anchored in ways honest clients rarely produce) and finds, for every item
 * with both origins, its origin to its left and its right origin to its
 * right in the same list. Call it only for an update `checkIntegrity`
 * accepted, with everything it depends on applied.
 */
export function originsHoldInCopy(
  doc: Y.Doc,
  update: Uint8Array,
  shape: UpdateShape,
  budget = ORIGIN_CHECK_BUDGET,
): boolean {
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(copy, update);
    let steps = 0;
    const contains = (item: Y.Item, client: number, clock: number) =>
      item.id.client === client && item.id.clock <= clock && clock < item.id.clock + item.length;
    const s = shape.structs;
    for (let at = 0; at < s.length; at += STRUCT_FIELDS) {
      if (s[at] !== STRUCT_ITEM || (s[at + 4] as number) < 0 || (s[at + 6] as number) < 0) continue;
      const structs = copy.store.clients.get(s[at + 1] as number);
      const struct = structs?.[Y.findIndexSS(structs, s[at + 2] as number)];
      // Integrated as a GC struct (an origin or its parent garbage-collected): it lands nowhere.
      if (!(struct instanceof Y.Item)) continue;
      let found = false;
      for (let item = struct.right; item !== null && !found; item = item.right) {
        if (++steps > budget) return false;
        found = contains(item, s[at + 6] as number, s[at + 7] as number);
      }
      if (!found) return false;
      found = false;
      for (let item = struct.left; item !== null && !found; item = item.left) {
        if (++steps > budget) return false;
        found = contains(item, s[at + 4] as number, s[at + 5] as number);
      }
      if (!found) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    copy.destroy();
  }
}
