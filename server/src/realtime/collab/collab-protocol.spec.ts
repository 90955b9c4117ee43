import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  decodeClientMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateMessage,
  MalformedMessageError,
  MESSAGE_AUTH,
  MESSAGE_SYNC,
} from './collab-protocol';

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment('reason').insert(0, [new Y.XmlText(text)]);
  return doc;
}

describe('decodeClientMessage', () => {
  it('reads sync step 1, sync step 2 and update messages', () => {
    const doc = docWithText('hello');
    const update = Y.encodeStateAsUpdate(doc);
    const step1 = decodeClientMessage(encodeSyncStep1(doc));
    expect(step1).toEqual({ kind: 'sync-step-1', stateVector: Y.encodeStateVector(doc) });
    const step2 = decodeClientMessage(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep2(e, doc);
      }),
    );
    expect(step2).toEqual({ kind: 'sync-step-2', update });
    expect(decodeClientMessage(encodeUpdateMessage(update))).toEqual({ kind: 'update', update });
  });

  it('reads awareness and query-awareness messages', () => {
    const payload = new Uint8Array([1, 2, 3]);
    expect(
      decodeClientMessage(
        frame((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, payload);
        }),
      ),
    ).toEqual({ kind: 'awareness', update: payload });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ kind: 'query-awareness' });
  });

  it.each([
    ['an empty frame', new Uint8Array([])],
    ['a sync frame without a sync type', new Uint8Array([0])],
    ['an update whose length exceeds the frame', new Uint8Array([0, 2, 50, 1, 2])],
    ['an awareness frame without payload', new Uint8Array([1])],
  ])('refuses %s as malformed', (_name, bytes) => {
    expect(() => decodeClientMessage(bytes)).toThrow(MalformedMessageError);
  });

  it.each([
    ['auth (servers do not accept it)', MESSAGE_AUTH],
    ['an unknown type', 7],
  ])('refuses message type %s', (_name, type) => {
    expect(() => decodeClientMessage(new Uint8Array([type, 0, 0]))).toThrow(/unknown message type/);
  });

  it('refuses an unknown sync message type', () => {
    expect(() => decodeClientMessage(new Uint8Array([0, 9, 0]))).toThrow(/unknown sync message type/);
  });
});

describe('encodeSyncStep2', () => {
  it('answers with what the client lacks', () => {
    const server = docWithText('from the server');
    const client = new Y.Doc();
    const reply = decoding.createDecoder(encodeSyncStep2(server, Y.encodeStateVector(client)));
    expect(decoding.readVarUint(reply)).toBe(MESSAGE_SYNC);
    syncProtocol.readSyncMessage(reply, encoding.createEncoder(), client, null);
    expect(client.getXmlFragment('reason').toString()).toBe('from the server');
  });

  it('refuses a state vector that does not decode', () => {
    expect(() => encodeSyncStep2(docWithText('x'), new Uint8Array([5, 1]))).toThrow(MalformedMessageError);
  });
});

describe('encodePermissionDenied', () => {
  it('is a y-protocols auth message the provider understands', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('read only'));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AUTH);
    const reasons: string[] = [];
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
    expect(reasons).toEqual(['read only']);
  });
});
