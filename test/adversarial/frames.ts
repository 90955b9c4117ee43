import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** y-websocket frames built by hand, as a hostile client would send them. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** One awareness entry: `json` is sent verbatim (it need not be valid). */
export interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

export function awarenessFrame(entries: RawAwarenessEntry[]): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      e,
      build((inner) => {
        encoding.writeVarUint(inner, entries.length);
        for (const entry of entries) {
          encoding.writeVarUint(inner, entry.clientId);
          encoding.writeVarUint(inner, entry.clock);
          encoding.writeVarString(inner, entry.json);
        }
      }),
    );
  });
}

/** sync (0) with a sub-type: 0 step 1, 1 step 2, 2 update. */
export function syncFrame(subType: number, payload: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, subType);
    encoding.writeVarUint8Array(e, payload);
  });
}

export const updateFrame = (update: Uint8Array): Uint8Array => syncFrame(2, update);

/** A real edit: `text` typed into a record section by a fresh Yjs client. */
export function editUpdate(text: string, section = 'reason'): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment(section).insert(0, [new Y.XmlText(text)]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export const queryAwarenessFrame = (): Uint8Array => build((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));
