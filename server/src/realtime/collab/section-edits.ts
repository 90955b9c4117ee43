import * as Y from 'yjs';

/** Characters added and removed in one record section. */
export interface SectionEdit {
  added: number;
  removed: number;
}

/** Characters an item holds, when it is text (formatting and embeds are not characters). */
function characters(item: Y.Item): number {
  return item.content instanceof Y.ContentString ? item.length : 0;
}

/** The record section (top-level shared type) an item belongs to, if any. */
function sectionOf(item: Y.Item): string | null {
  let type = item.parent;
  while (type instanceof Y.AbstractType && type._item !== null) type = type._item.parent;
  if (!(type instanceof Y.AbstractType)) return null;
  try {
    return Y.findRootTypeKey(type);
  } catch {
    return null; // not a shared root type (cannot happen for integrated items)
  }
}

/**
 * Counts, per record section, the characters one transaction inserted and
 * deleted, for the audit trail's "document edited" events (counts only: the
 * text itself never leaves the document). Call it from `afterTransaction`,
 * before Yjs garbage-collects the deleted content.
 */
export function sectionEditsOf(transaction: Y.Transaction): Map<string, SectionEdit> {
  const edits = new Map<string, SectionEdit>();
  const tally = (item: Y.Item, field: keyof SectionEdit) => {
    const count = characters(item);
    const section = count > 0 ? sectionOf(item) : null;
    if (!section) return;
    const edit = edits.get(section) ?? { added: 0, removed: 0 };
    edit[field] += count;
    edits.set(section, edit);
  };
  const insertedHere = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);

  const store = transaction.doc.store;
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = store.clients.get(client);
    if (after <= before || !structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (!struct || struct.id.clock >= after) break;
      // Typed in one transaction and deleted in the same one: neither added nor removed.
      if (struct instanceof Y.Item && !struct.deleted) tally(struct, 'added');
    }
  }
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (struct instanceof Y.Item && !insertedHere(struct)) tally(struct, 'removed');
  });
  return edits;
}
