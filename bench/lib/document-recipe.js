// @ts-check
/**
 * The cold-load document, made once per run and written identically to both
 * servers. A document grown by live writers takes its shape (how many Yjs
 * structs its text is split into) from the server's relay timing: the same
 * 50,000 edits came out as 5,800 structs through one server and 15,200
 * through the other, and the client's decode time follows the struct count.
 * Replaying the same updates gives both servers the same document.
 *
 * Shape: `writers` simulated clients append to one paragraph in rounds of
 * `perRound` edits each, and see each other's edits between rounds (about
 * what live writers with a window of 10 do).
 */
import * as Y from 'yjs';

/**
 * @typedef {object} DocumentRecipe
 * @property {string} seed base64 update creating the paragraph (applied first, by writer 0)
 * @property {string[][][]} rounds base64 updates per writer, per round, in order
 * @property {number[]} lengthAfter the text length once every round up to this one is applied
 * @property {number} edits total edits (each one update, ending with `;`)
 */

/** @param {Y.Doc} doc */
function textOf(doc) {
  const paragraph = doc.getXmlFragment('analysis').get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) throw new Error('recipe document has no paragraph');
  return text;
}

/** @param {Uint8Array} bytes */
const base64 = (bytes) => Buffer.from(bytes).toString('base64');

/**
 * @param {{ edits: number, writers: number, perRound: number }} plan
 * @returns {DocumentRecipe}
 */
export function documentRecipe({ edits, writers, perRound }) {
  const seedDoc = new Y.Doc();
  seedDoc.clientID = 1;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText()]);
  seedDoc.getXmlFragment('analysis').insert(0, [paragraph]);
  const seed = Y.encodeStateAsUpdate(seedDoc);
  const docs = Array.from({ length: writers }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = 100 + i; // fixed, so every run builds the same document
    Y.applyUpdate(doc, seed);
    return doc;
  });
  /** @type {string[][][]} */
  const rounds = docs.map(() => []);
  /** @type {number[]} */
  const lengthAfter = [];
  let written = 0;
  while (written < edits) {
    /** @type {Uint8Array[][]} */
    const round = docs.map(() => []);
    docs.forEach((doc, i) => {
      const collect = (/** @type {Uint8Array} */ update) => round[i]?.push(update);
      doc.on('update', collect);
      for (let k = 0; k < perRound && written < edits; k++, written++) {
        const text = textOf(doc);
        text.insert(text.length, `C${i}.${rounds[i]?.length ?? 0}.${k};`);
      }
      doc.off('update', collect);
    });
    // Everyone sees the round before the next one (merged: far fewer applies).
    const merged = round.map((updates) => Y.mergeUpdates(updates));
    docs.forEach((doc, i) => merged.forEach((update, j) => j !== i && Y.applyUpdate(doc, update)));
    round.forEach((updates, i) => rounds[i]?.push(updates.map(base64)));
    lengthAfter.push(textOf(/** @type {Y.Doc} */ (docs[0])).length);
  }
  for (const doc of [seedDoc, ...docs]) doc.destroy();
  return { seed: base64(seed), rounds, lengthAfter, edits: written };
}
