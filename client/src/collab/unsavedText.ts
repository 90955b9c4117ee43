import * as Y from 'yjs';

/** A paragraph (or list item, heading) of the local record that the server does not hold as it is on screen. */
export interface UnsavedPassage {
  /** The section key (the Y.XmlFragment's name). */
  section: string;
  /** The block's text as it is on this screen. */
  text: string;
}

function textOf(node: Y.XmlText): string {
  return (node.toDelta() as { insert?: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

/**
 * The text of each block of a section, in order: an element holding text (a
 * paragraph, a heading, a list item's paragraph) is one block; an element
 * holding elements (a list) is walked into.
 */
export function blockTexts(parent: Y.XmlFragment | Y.XmlElement): string[] {
  const blocks: string[] = [];
  let inline = '';
  let hasInline = false;
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      inline += textOf(child);
      hasInline = true;
    } else if (child instanceof Y.XmlElement) {
      const inner = child.toArray();
      if (inner.length > 0 && inner.every((node) => node instanceof Y.XmlText)) {
        blocks.push(inner.map((node) => textOf(node as Y.XmlText)).join(''));
      } else if (inner.length > 0) {
        blocks.push(...blockTexts(child));
      }
    }
  }
  if (hasInline) blocks.unshift(inline);
  return blocks;
}

/** Names of the XmlFragments (sections) a document has (a root type not read yet has the base class). */
function sectionKeys(doc: Y.Doc): string[] {
  return [...doc.share]
    .filter(([, type]) => type instanceof Y.XmlFragment || type.constructor === Y.AbstractType)
    .map(([key]) => key);
}

function sectionOf(doc: Y.Doc, key: string): Y.XmlFragment | null {
  const type = doc.share.get(key);
  if (type === undefined || type instanceof Y.XmlFragment || type.constructor === Y.AbstractType) {
    return doc.getXmlFragment(key);
  }
  return null;
}

/**
 * What this screen shows that the server does not hold: each block of `local`
 * whose exact text is not a block of the same section in `server`, so the
 * author can copy it into an addendum. Deleted text is not listed (nothing to copy).
 */
export function unsavedPassages(local: Y.Doc, server: Y.Doc): UnsavedPassage[] {
  const passages: UnsavedPassage[] = [];
  for (const section of sectionKeys(local)) {
    const remaining = new Map<string, number>();
    const held = sectionOf(server, section);
    for (const text of held ? blockTexts(held) : []) remaining.set(text, (remaining.get(text) ?? 0) + 1);
    for (const text of blockTexts(local.getXmlFragment(section))) {
      const left = remaining.get(text) ?? 0;
      if (left > 0) remaining.set(text, left - 1);
      else if (text.trim() !== '') passages.push({ section, text });
    }
  }
  return passages;
}
