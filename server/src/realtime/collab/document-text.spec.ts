import * as Y from 'yjs';
import { blockText, documentBlocks, documentSections, withoutRestricted } from './document-text';

const NOT_FOR_FAMILY = { restricted: { kind: 'not-for-family' } };
const POLICE = { restricted: { kind: 'police-restricted' } };

/** A section as TipTap (y-tiptap) stores it: block elements holding XmlText with marks as formatting attributes. */
function section(build: (fragment: Y.XmlFragment) => void): Y.XmlFragment {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('family-rules');
  doc.transact(() => build(fragment));
  return fragment;
}

function paragraph(...parts: [string, Record<string, unknown>?][]): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  p.insert(0, [text]);
  // Like y-tiptap, every insert states all its marks (null = absent); Yjs otherwise extends the previous run's marks.
  const plain = { restricted: null, 'restricted--abcd1234': null, bold: null };
  return Object.assign(p, { fill: () => parts.forEach(([s, a]) => text.insert(text.length, s, { ...plain, ...a })) });
}

function insert(fragment: Y.XmlFragment, ...elements: Y.XmlElement[]): void {
  fragment.insert(fragment.length, elements);
  for (const e of elements) (e as Y.XmlElement & { fill?: () => void }).fill?.();
}

describe('document text', () => {
  it('returns runs with the restriction each passage carries', () => {
    const fragment = section((f) =>
      insert(
        f,
        paragraph(
          ['Dean does not stay overnight. '],
          ['Police are interviewing the neighbour.', POLICE],
          [' Mum agreed.'],
        ),
      ),
    );
    expect(documentBlocks(fragment)).toEqual([
      {
        type: 'paragraph',
        attributes: {},
        ancestors: [],
        runs: [
          { text: 'Dean does not stay overnight. ', restriction: null },
          { text: 'Police are interviewing the neighbour.', restriction: 'police-restricted' },
          { text: ' Mum agreed.', restriction: null },
        ],
      },
    ]);
  });

  it('merges neighbouring runs with the same flag, whatever other marks they carry', () => {
    const fragment = section((f) =>
      insert(
        f,
        paragraph(['Referrer: ', NOT_FOR_FAMILY], ['the school nurse', { ...NOT_FOR_FAMILY, bold: {} }], [' said so.']),
      ),
    );
    expect(documentBlocks(fragment)[0]?.runs).toEqual([
      { text: 'Referrer: the school nurse', restriction: 'not-for-family' },
      { text: ' said so.', restriction: null },
    ]);
  });

  it('reads a flag applied to existing text, and its removal, as later edits', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('worries');
    const p = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    p.insert(0, [text]);
    fragment.insert(0, [p]);
    text.insert(0, 'Grandad will supervise contact.');
    text.format(0, 7, NOT_FOR_FAMILY);
    expect(documentBlocks(fragment)[0]?.runs[0]).toEqual({ text: 'Grandad', restriction: 'not-for-family' });
    text.format(0, 7, { restricted: null });
    expect(documentBlocks(fragment)[0]?.runs).toEqual([{ text: 'Grandad will supervise contact.', restriction: null }]);
  });

  it('understands the hashed attribute name used for overlapping marks and ignores unknown kinds', () => {
    const fragment = section((f) =>
      insert(
        f,
        paragraph(
          ['A', { 'restricted--abcd1234': { kind: 'police-restricted' } }],
          ['B', { restricted: { kind: 'x' } }],
        ),
      ),
    );
    expect(documentBlocks(fragment)[0]?.runs).toEqual([
      { text: 'A', restriction: 'police-restricted' },
      { text: 'B', restriction: null },
    ]);
  });

  it('flattens lists and keeps headings, hard breaks and empty paragraphs in order', () => {
    const fragment = section((f) => {
      const h = new Y.XmlElement('heading');
      h.setAttribute('level', 2 as unknown as string);
      const ht = new Y.XmlText();
      h.insert(0, [ht]);
      const list = new Y.XmlElement('bulletList');
      const item = new Y.XmlElement('listItem');
      const inner = paragraph(['No overnight stays', POLICE]);
      list.insert(0, [item]);
      item.insert(0, [inner]);
      const broken = new Y.XmlElement('paragraph');
      const before = new Y.XmlText();
      const after = new Y.XmlText();
      broken.insert(0, [before, new Y.XmlElement('hardBreak'), after]);
      f.insert(0, [h, list, broken, new Y.XmlElement('paragraph')]);
      ht.insert(0, 'Family rules');
      (inner as Y.XmlElement & { fill: () => void }).fill();
      before.insert(0, 'Line one');
      after.insert(0, 'line two');
    });
    const blocks = documentBlocks(fragment);
    expect(blocks.map((b) => [b.type, b.ancestors, blockText(b)])).toEqual([
      ['heading', [], 'Family rules'],
      ['paragraph', ['bulletList', 'listItem'], 'No overnight stays'],
      ['paragraph', [], 'Line one\nline two'],
      ['paragraph', [], ''],
    ]);
    expect(blocks[0]?.attributes).toEqual({ level: 2 });
    expect(blocks[1]?.runs[0]?.restriction).toBe('police-restricted');
  });

  it('leaves restricted runs, and blocks they empty, out of a family version', () => {
    const fragment = section((f) =>
      insert(
        f,
        paragraph(['Visit on Monday. '], ['Do not tell dad about the arrest.', NOT_FOR_FAMILY]),
        paragraph(['Police will interview him first.', POLICE]),
        paragraph(),
      ),
    );
    const family = withoutRestricted(documentBlocks(fragment));
    expect(family.map(blockText)).toEqual(['Visit on Monday. ', '']);
    const policeOnly = withoutRestricted(documentBlocks(fragment), ['police-restricted']);
    expect(policeOnly.map(blockText)).toEqual(['Visit on Monday. Do not tell dad about the arrest.', '']);
  });

  it('returns nothing for an empty section', () => {
    expect(documentBlocks(new Y.Doc().getXmlFragment('review-date'))).toEqual([]);
  });
});

describe('document sections', () => {
  it('lists every section of the template in order, empty ones too', () => {
    const doc = new Y.Doc();
    insert(doc.getXmlFragment('rules'), paragraph(['No overnight stays.']));
    const sections = documentSections(doc, {
      kind: 'safety-plan',
      sections: [
        { key: 'worries', title: 'Worries', hint: '' },
        { key: 'rules', title: 'Rules', hint: '' },
      ],
    });
    expect(sections.map((s) => [s.key, s.title, s.blocks.map(blockText)])).toEqual([
      ['worries', 'Worries', []],
      ['rules', 'Rules', ['No overnight stays.']],
    ]);
  });
});
