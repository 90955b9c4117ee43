import * as Y from 'yjs';

/**
 * A document's opening text as one Yjs update, in the shape TipTap's
 * Collaboration extension reads: one XML fragment per section, a paragraph
 * per line.
 */
export function buildDocumentUpdate(sections: Partial<Record<string, string[]>>): Uint8Array {
  const doc = new Y.Doc();
  for (const [section, paragraphs] of Object.entries(sections)) {
    const fragment = doc.getXmlFragment(section);
    fragment.insert(
      0,
      (paragraphs ?? []).map((text) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }),
    );
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
