import { COMPARTMENT_FRAGMENT } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import { compartmentContent, removePoliceRestricted } from './inline-mark-extraction';

const police = { restricted: { kind: 'police-restricted' } };

function paragraph(doc: Y.Doc, section: string, runs: [string, Record<string, unknown>?][]): void {
  const element = new Y.XmlElement('paragraph');
  doc.getXmlFragment(section).push([element]);
  const text = new Y.XmlText();
  element.insert(0, [text]);
  for (const [value, attributes] of runs) text.insert(text.length, value, attributes ?? {});
}

describe('removePoliceRestricted', () => {
  it('takes out police-restricted runs (a hashed mark name too), drops blocks left empty, keeps the rest', () => {
    const doc = new Y.Doc({ gc: true });
    paragraph(doc, 'a', [['Open. '], ['Secret one.', police], [' Still open.']]);
    paragraph(doc, 'a', [['Secret two.', { 'restricted--AbCd1234': { kind: 'police-restricted' } }]]);
    paragraph(doc, 'b', [['Family text.', { restricted: { kind: 'not-for-family' } }]]);
    const { sections, update } = removePoliceRestricted(doc, ['a', 'b', 'c']);

    expect(sections).toEqual([{ key: 'a', paragraphs: ['Secret one.', 'Secret two.'] }]);
    expect(doc.getXmlFragment('a').toString()).toBe('<paragraph>Open.  Still open.</paragraph>');
    expect(doc.getXmlFragment('b').toString()).toContain('Family text.');
    // The update is an ordinary one: applied elsewhere, with garbage collection, no trace remains.
    const elsewhere = new Y.Doc({ gc: true });
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
    expect(Buffer.from(Y.encodeStateAsUpdate(elsewhere)).includes('Secret')).toBe(false);
    expect(update).not.toBeNull();
    expect(Y.decodeUpdate(update!).structs).toEqual([]);
  });

  it('changes nothing when there is no police-restricted text', () => {
    const doc = new Y.Doc();
    paragraph(doc, 'a', [['Open.']]);
    expect(removePoliceRestricted(doc, ['a'])).toEqual({ sections: [], update: null });
  });

  it('writes a compartment’s paragraphs into its one fragment', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, compartmentContent(['One.', 'Two.']));
    expect(doc.getXmlFragment(COMPARTMENT_FRAGMENT).toString()).toBe(
      '<paragraph>One.</paragraph><paragraph>Two.</paragraph>',
    );
  });
});
