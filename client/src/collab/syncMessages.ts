/**
 * Just enough of the y-websocket wire format (lib0 var-uints) to read the sync
 * messages the server sends and to send a sync step 1 of our own. The layout is
 * y-protocols' `sync` module:
 *   message  = varUint(messageType = 0: sync) syncMessage
 *   syncMessage = varUint(0: step 1 | 1: step 2 | 2: update) varUint8Array(payload)
 * Step 1 carries a state vector, step 2 and update carry a Yjs update (v1).
 */

export const MESSAGE_SYNC = 0;
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

function readVarUint(bytes: Uint8Array, start: number): [value: number, next: number] {
  let value = 0;
  let multiplier = 1;
  let pos = start;
  for (;;) {
    if (pos >= bytes.length) throw new RangeError('Truncated var-uint');
    const byte = bytes[pos++] as number;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return [value, pos];
    multiplier *= 128;
    if (multiplier > Number.MAX_SAFE_INTEGER) throw new RangeError('Var-uint too large');
  }
}

function writeVarUint(out: number[], value: number): void {
  let rest = value;
  while (rest > 0x7f) {
    out.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  out.push(rest & 0x7f);
}

/**
 * Reads the sync message that starts at `start` (just after the outer message
 * type). Returns null for anything malformed; the provider reports those itself.
 */
export function readSyncMessage(bytes: Uint8Array, start: number): { syncType: number; payload: Uint8Array } | null {
  try {
    const [syncType, afterType] = readVarUint(bytes, start);
    const [length, afterLength] = readVarUint(bytes, afterType);
    if (afterLength + length > bytes.length) return null;
    return { syncType, payload: bytes.subarray(afterLength, afterLength + length) };
  } catch {
    return null;
  }
}

/** A complete y-websocket "sync step 1" message carrying `stateVector`. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array<ArrayBuffer> {
  const head: number[] = [];
  writeVarUint(head, MESSAGE_SYNC);
  writeVarUint(head, SYNC_STEP_1);
  writeVarUint(head, stateVector.length);
  const message = new Uint8Array(head.length + stateVector.length);
  message.set(head, 0);
  message.set(stateVector, head.length);
  return message;
}
