import * as Y from 'yjs';
import { documentState, type IntegrityProblem, prepareUpdate, shapeOfUpdate } from './update-integrity';

/** One stored update with the user the server authenticated when it arrived. */
export interface AttributedUpdate {
  userId: string | null;
  update: Uint8Array;
}

/** A stretch of text and who wrote it. */
export interface AuthoredRun {
  text: string;
  authorUserId: string | null;
}

/** A paragraph, heading or list item of a record section. */
export interface AuthoredBlock {
  type: string;
  runs: AuthoredRun[];
}

interface Claim {
  start: number;
  end: number;
  userId: string | null;
}

/**
 * Who created each Yjs struct, by (client id, clock) range, taken from the
 * server's record of which authenticated user sent each update. A client can
 * claim any Yjs client id; it cannot change which account the server saw, and
 * Yjs keeps the first struct with a given id, so the first claim wins.
 */
export class Authorship {
  private readonly claims = new Map<number, Claim[]>();

  /** Records the structs of one update as written by `userId`. */
  add({ update, userId }: AttributedUpdate): void {
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct.constructor.name === 'Skip') continue;
      this.claim(struct.id.client, struct.id.clock, struct.id.clock + struct.length, userId);
    }
  }

  /** The authors of `length` clock values from (client, clock), as consecutive segments. */
  segments(client: number, clock: number, length: number): { length: number; userId: string | null }[] {
    const result: { length: number; userId: string | null }[] = [];
    let at = clock;
    const end = clock + length;
    for (const c of this.claims.get(client) ?? []) {
      if (c.end <= at) continue;
      if (c.start >= end) break;
      if (c.start > at) result.push({ length: c.start - at, userId: null });
      const to = Math.min(c.end, end);
      result.push({ length: to - Math.max(c.start, at), userId: c.userId });
      at = to;
    }
    if (at < end) result.push({ length: end - at, userId: null });
    return result;
  }

  private claim(client: number, start: number, end: number, userId: string | null): void {
    const list = this.claims.get(client) ?? [];
    this.claims.set(client, list);
    // Only the parts no earlier update claimed.
    let from = start;
    const fresh: Claim[] = [];
    for (const c of list) {
      if (c.end <= from) continue;
      if (c.start >= end) break;
      if (c.start > from) fresh.push({ start: from, end: c.start, userId });
      from = Math.max(from, c.end);
    }
    if (from < end) fresh.push({ start: from, end, userId });
    list.push(...fresh);
    list.sort((a, b) => a.start - b.start);
  }
}

/**
 * Replays stored updates in order into a fresh document, noting who wrote
 * what. An update Yjs could not apply whole is skipped (its index and why),
 * so a bad row never breaks the replay or leaves anything pending.
 */
export function replayWithAuthorship(updates: Iterable<AttributedUpdate>): {
  doc: Y.Doc;
  authorship: Authorship;
  skipped: { index: number; problem: IntegrityProblem | 'does-not-decode' }[];
} {
  const doc = new Y.Doc();
  const authorship = new Authorship();
  const skipped: { index: number; problem: IntegrityProblem | 'does-not-decode' }[] = [];
  const { stateOf, isItemAt } = documentState(doc);
  let index = 0;
  for (const u of updates) {
    const at = index++;
    let result: ReturnType<typeof prepareUpdate>;
    try {
      result = prepareUpdate(u.update, shapeOfUpdate(Y, u.update), stateOf, isItemAt);
    } catch {
      skipped.push({ index: at, problem: 'does-not-decode' });
      continue;
    }
    if (!result.ok) {
      skipped.push({ index: at, problem: result.problem });
      continue;
    }
    authorship.add({ userId: u.userId, update: result.update });
    Y.applyUpdate(doc, result.update);
  }
  return { doc, authorship, skipped };
}

function runsOf(text: Y.XmlText, authorship: Authorship): AuthoredRun[] {
  const runs: AuthoredRun[] = [];
  const push = (value: string, authorUserId: string | null) => {
    const last = runs.at(-1);
    if (last && last.authorUserId === authorUserId) last.text += value;
    else runs.push({ text: value, authorUserId });
  };
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    const value = item.content.str;
    let offset = 0;
    for (const segment of authorship.segments(item.id.client, item.id.clock, item.length)) {
      push(value.slice(offset, offset + segment.length), segment.userId);
      offset += segment.length;
    }
  }
  return runs;
}

/**
 * The blocks of one record section with each run of text attributed to its
 * author. Nested structures (lists) are flattened to their text blocks.
 */
export function authoredBlocks(fragment: Y.XmlFragment | Y.XmlElement, authorship: Authorship): AuthoredBlock[] {
  const blocks: AuthoredBlock[] = [];
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    const texts = child.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText);
    if (texts.length > 0) blocks.push({ type: child.nodeName, runs: texts.flatMap((t) => runsOf(t, authorship)) });
    blocks.push(...authoredBlocks(child, authorship));
  }
  return blocks;
}
