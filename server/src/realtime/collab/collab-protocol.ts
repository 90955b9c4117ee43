import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The y-websocket wire protocol, read and written by hand. We do not use
 * y-protocols' `readSyncMessage` for client messages because it applies
 * updates to the document without asking: every update must first be
 * authorised, validated and stored.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** A message a client may send, decoded but not yet trusted. */
export type ClientMessage =
  | { kind: 'sync-step-1'; stateVector: Uint8Array }
  | { kind: 'sync-step-2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

/** The frame is not a y-websocket message we accept; the connection is closed with 4400. */
export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

/**
 * Decodes the envelope of a client frame. Payloads (updates, awareness) are
 * returned as bytes; their contents are validated separately.
 * @throws MalformedMessageError for truncated frames and unknown message types.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return decodeSyncMessage(decoder);
      case MESSAGE_AWARENESS:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MESSAGE_QUERY_AWARENESS:
        return { kind: 'query-awareness' };
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    // lib0 throws plain Errors (or RangeErrors from typed-array views) on truncated input.
    throw new MalformedMessageError('truncated message');
  }
}

function decodeSyncMessage(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (syncType) {
    case syncProtocol.messageYjsSyncStep1:
      return { kind: 'sync-step-1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      return { kind: 'sync-step-2', update: payload };
    case syncProtocol.messageYjsUpdate:
      return { kind: 'update', update: payload };
    default:
      throw new MalformedMessageError(`unknown sync message type ${syncType}`);
  }
}

// Update payloads are decoded by UpdateValidator (update-validator.ts), in a worker
// thread under a time and memory budget: the decoder can spin on hostile bytes.

/** `[0, 0]`: zero structs, zero delete-set clients. Recognised without decoding, for any role. */
export function isTriviallyEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** Server → client: the server's state vector, asking the client for what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/**
 * Server → client: everything the client lacks, given its state vector.
 * @throws MalformedMessageError when the state vector does not decode.
 */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  let diff: Uint8Array;
  try {
    diff = Y.encodeStateAsUpdate(doc, stateVector);
  } catch {
    throw new MalformedMessageError('invalid state vector');
  }
  return encodeSyncStep2Message(diff);
}

/** Server → client: sync step 2 carrying an already encoded update (e.g. the whole state). */
export function encodeSyncStep2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A state vector with no entries: a client that has nothing yet (every fresh connection). */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** Server → client: one stored update, relayed. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Server → client: an encoded awareness update (already filtered and rewritten by the server). */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/** Server → client: y-protocols auth `permissionDenied`; the provider logs it and stays connected. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}
