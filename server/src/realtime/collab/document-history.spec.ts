import * as Y from 'yjs';
import { type AttributedUpdate, authoredBlocks, replayWithAuthorship } from './document-history';

const ALICE = 'alice';
const BOB = 'bob';

/** Two people editing one section; every update is stored with the account that sent it. */
function session() {
  const stored: AttributedUpdate[] = [];
  const alice = new Y.Doc();
  const docs: Record<string, Y.Doc> = { [ALICE]: alice, [BOB]: new Y.Doc() };
  for (const [userId, doc] of Object.entries(docs)) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'sync') return;
      stored.push({ userId, update });
      for (const other of Object.values(docs)) if (other !== doc) Y.applyUpdate(other, update, 'sync');
    });
  }
  const text = (userId: string) => {
    const fragment = docs[userId]!.getXmlFragment('reason');
    return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  };
  const f = alice.getXmlFragment('reason');
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText()]);
  f.insert(0, [p]);
  return { stored, alice, text };
}

describe('document history', () => {
  it('attributes each passage to the account that sent it', () => {
    const { stored, text } = session();
    text(ALICE).insert(0, 'Bruising to the arm.');
    text(BOB).insert(20, ' Police attended.');
    text(ALICE).delete(0, 9); // "Bruising " removed
    const { doc, authorship } = replayWithAuthorship(stored);
    expect(authoredBlocks(doc.getXmlFragment('reason'), authorship)).toEqual([
      {
        type: 'paragraph',
        runs: [
          { text: 'to the arm.', authorUserId: ALICE },
          { text: ' Police attended.', authorUserId: BOB },
        ],
      },
    ]);
  });

  it('shows the record as it was after any stored update', () => {
    const { stored, text } = session();
    text(ALICE).insert(0, 'First.');
    const upTo = stored.length;
    text(BOB).insert(6, ' Second.');
    const { doc } = replayWithAuthorship(stored.slice(0, upTo));
    expect(doc.getXmlFragment('reason').toString()).toBe('<paragraph>First.</paragraph>');
  });

  it('keeps the first author when another client reuses their Yjs client id', () => {
    const { stored, alice, text } = session();
    text(ALICE).insert(0, 'Original.');
    // Bob's client takes Alice's Yjs client id and writes different text under her existing ids.
    const forger = new Y.Doc();
    forger.clientID = alice.clientID;
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    forger.getXmlFragment('reason').insert(0, [p]);
    t.insert(0, 'Forged!!!');
    stored.push({ userId: BOB, update: Y.encodeStateAsUpdate(forger) });
    const { doc, authorship } = replayWithAuthorship(stored);
    const runs = authoredBlocks(doc.getXmlFragment('reason'), authorship)[0]!.runs;
    expect(runs).toEqual([{ text: 'Original.', authorUserId: ALICE }]);
  });
});
