import { COMPARTMENT_FRAGMENT } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import { restrictionOf } from './document-text';

/** The police-restricted text one section held, a paragraph per block it sat in. */
export interface ExtractedSection {
  key: string;
  paragraphs: string[];
}

/** What removing the inline "police restricted" passages from a document produced. */
export interface Extraction {
  sections: ExtractedSection[];
  /** The ordinary Yjs update that removes them (deletions only), or null when there were none. */
  update: Uint8Array | null;
}

interface Found {
  text: Y.XmlText;
  /** [offset, length] of each restricted run, in order. */
  runs: [number, number][];
}

/** Every block of a fragment or element whose text holds police-restricted runs, with those runs. */
function findRestricted(node: Y.XmlFragment | Y.XmlElement, found: Map<Y.XmlElement, Found[]>): void {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlElement) findRestricted(child, found);
    else if (child instanceof Y.XmlText && node instanceof Y.XmlElement) {
      let offset = 0;
      const runs: [number, number][] = [];
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        const length = typeof op.insert === 'string' ? op.insert.length : 1;
        if (typeof op.insert === 'string' && restrictionOf(op.attributes) === 'police-restricted') {
          runs.push([offset, length]);
        }
        offset += length;
      }
      if (runs.length > 0) found.set(node, [...(found.get(node) ?? []), { text: child, runs }]);
    }
  }
}

/** Whether an element holds nothing but empty text. */
function isEmptyBlock(element: Y.XmlElement): boolean {
  return element.toArray().every((child) => child instanceof Y.XmlText && child.length === 0);
}

/**
 * Removes every inline "police restricted" passage from the given sections
 * of a shared document, in one transaction, and returns what was removed
 * (per section, a paragraph per block) with the update that removes it. A
 * block left empty by the removal is removed too. The update holds deletions
 * only: applied to a document with garbage collection on, the text is gone
 * from every state encoded afterwards.
 */
export function removePoliceRestricted(doc: Y.Doc, sectionKeys: readonly string[]): Extraction {
  const sections: ExtractedSection[] = [];
  const updates: Uint8Array[] = [];
  const collect = (update: Uint8Array) => updates.push(update);
  doc.on('update', collect);
  try {
    doc.transact(() => {
      for (const key of sectionKeys) {
        const found = new Map<Y.XmlElement, Found[]>();
        findRestricted(doc.getXmlFragment(key), found);
        if (found.size === 0) continue;
        const paragraphs: string[] = [];
        for (const [block, texts] of found) {
          paragraphs.push(
            texts.flatMap(({ text, runs }) => runs.map(([offset, length]) => sliceOf(text, offset, length))).join(' '),
          );
          for (const { text, runs } of texts) {
            for (const [offset, length] of [...runs].reverse()) text.delete(offset, length);
          }
          const parent = block.parent;
          if (isEmptyBlock(block) && (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment)) {
            const index = parent.toArray().indexOf(block);
            if (index >= 0) parent.delete(index, 1);
          }
        }
        sections.push({ key, paragraphs });
      }
    });
  } finally {
    doc.off('update', collect);
  }
  return { sections, update: updates.length === 0 ? null : Y.mergeUpdates(updates) };
}

/** The plain text of a run of an XmlText (its delta, without formatting). */
function sliceOf(text: Y.XmlText, offset: number, length: number): string {
  let at = 0;
  let out = '';
  for (const op of text.toDelta() as { insert: unknown }[]) {
    const opLength = typeof op.insert === 'string' ? op.insert.length : 1;
    if (typeof op.insert === 'string' && at + opLength > offset && at < offset + length) {
      out += op.insert.slice(Math.max(0, offset - at), offset + length - at);
    }
    at += opLength;
  }
  return out;
}

/** A compartment document's first state: the paragraphs, each a paragraph node in COMPARTMENT_FRAGMENT. */
export function compartmentContent(paragraphs: readonly string[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.getXmlFragment(COMPARTMENT_FRAGMENT).insert(
      0,
      paragraphs.map((text) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }),
    );
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
