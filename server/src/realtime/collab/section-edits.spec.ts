import * as Y from 'yjs';
import { type SectionEdit, sectionEditsOf } from './section-edits';

/** A client document with one paragraph per section, and the server's copy that records each transaction's edits. */
function setup() {
  const client = new Y.Doc();
  const server = new Y.Doc();
  const seen: Map<string, SectionEdit>[] = [];
  server.on('afterTransaction', (transaction: Y.Transaction) => seen.push(sectionEditsOf(transaction)));
  client.on('update', (update: Uint8Array) => Y.applyUpdate(server, update, 'remote'));
  const paragraph = (section: string) => {
    const fragment = client.getXmlFragment(section);
    if (fragment.length === 0) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText()]);
      fragment.insert(0, [p]);
    }
    return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  };
  return { client, seen, paragraph };
}

describe('sectionEditsOf', () => {
  it('counts characters typed into a section as the server applies the update', () => {
    const { seen, paragraph } = setup();
    paragraph('reason').insert(0, 'Bruising seen');
    expect(seen.at(-1)).toEqual(new Map([['reason', { added: 13, removed: 0 }]]));
  });

  it('counts deletions and insertions per section in one transaction', () => {
    const { client, seen, paragraph } = setup();
    paragraph('reason').insert(0, 'Bruising seen');
    paragraph('analysis').insert(0, 'Risk');
    client.transact(() => {
      paragraph('reason').delete(0, 9);
      paragraph('analysis').insert(4, ' high');
    });
    expect(seen.at(-1)).toEqual(
      new Map([
        ['reason', { added: 0, removed: 9 }],
        ['analysis', { added: 5, removed: 0 }],
      ]),
    );
  });

  it('counts nothing for text typed and deleted in the same transaction, or for formatting', () => {
    const { client, seen, paragraph } = setup();
    paragraph('reason').insert(0, 'Seen');
    client.transact(() => {
      paragraph('reason').insert(4, ' today');
      paragraph('reason').delete(4, 6);
      paragraph('reason').format(0, 4, { bold: true });
    });
    expect(seen.at(-1)).toEqual(new Map());
  });
});
