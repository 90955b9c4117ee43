import * as Y from 'yjs';
import type { LoggedUpdate, QuarantineProblem } from './document.repository';
import { documentState, prepareUpdate, shapeOfUpdate } from './update-integrity';

/** What replaying a stored log with every update checked found. */
export interface CheckedReplay {
  /** The document built from the base and every update that could be applied; nothing pending in it. */
  doc: Y.Doc;
  /** The highest id read (every row up to it is in `doc` or among `poison`), '0' for an empty log. */
  lastId: string;
  /** Updates that can never be applied, in log order. */
  poison: { id: string; userId: string | null; problem: QuarantineProblem }[];
  /** Each clientID with the user whose update first created structs with it. */
  firstWriters: Map<number, string>;
  /** The base (a legacy snapshot whose rows are gone) carried structs that could not be applied: they were dropped. */
  baseHadPending: boolean;
}

/**
 * Replays a document's log as a load would, checking each update before it
 * is applied (update-integrity.ts): one that does not decode, or that Yjs
 * could not apply whole, is set aside instead of leaving the document with
 * pending structs or throwing. Used once for documents stored before updates
 * were checked on arrival, and by the auditors' record history.
 */
export function replayChecked(base: Uint8Array | null, log: readonly LoggedUpdate[]): CheckedReplay {
  const doc = new Y.Doc({ gc: true });
  let baseHadPending = false;
  if (base) {
    Y.applyUpdate(doc, base);
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      // A legacy snapshot's own rows were deleted: what it holds pending cannot be attributed or applied.
      doc.store.pendingStructs = null;
      doc.store.pendingDs = null;
      baseHadPending = true;
    }
  }
  const { stateOf, isItemAt } = documentState(doc);
  const poison: CheckedReplay['poison'] = [];
  const firstWriters = new Map<number, string>();
  let lastId = '0';
  for (const row of log) {
    lastId = row.id;
    let result: ReturnType<typeof prepareUpdate>;
    try {
      result = prepareUpdate(row.update, shapeOfUpdate(Y, row.update), stateOf, isItemAt);
    } catch {
      poison.push({ id: row.id, userId: row.userId, problem: 'does-not-decode' });
      continue;
    }
    if (!result.ok) {
      poison.push({ id: row.id, userId: row.userId, problem: result.problem });
      continue;
    }
    Y.applyUpdate(doc, result.update);
    if (!row.userId) continue;
    for (const client of result.created.keys()) if (!firstWriters.has(client)) firstWriters.set(client, row.userId);
  }
  return { doc, lastId, poison, firstWriters, baseHadPending };
}
