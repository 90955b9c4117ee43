import { describe, expect, it } from 'vitest';
import { encodeSyncStep1, MESSAGE_SYNC, readSyncMessage, SYNC_STEP_1 } from './syncMessages';

describe('sync messages', () => {
  it('reads back the sync step 1 it writes', () => {
    const stateVector = Uint8Array.from([1, 2, 3]);
    const message = encodeSyncStep1(stateVector);
    expect(message[0]).toBe(MESSAGE_SYNC);
    expect(readSyncMessage(message, 1)).toEqual({ syncType: SYNC_STEP_1, payload: stateVector });
  });

  it('writes and reads lengths of more than one byte (var-uint)', () => {
    const stateVector = new Uint8Array(300).fill(7);
    const message = encodeSyncStep1(stateVector);
    // 300 = 0b10_0101100: two var-uint bytes.
    expect(Array.from(message.subarray(0, 4))).toEqual([MESSAGE_SYNC, SYNC_STEP_1, 0xac, 0x02]);
    expect(readSyncMessage(message, 1)?.payload).toEqual(stateVector);
  });

  it('reads the message from the given position, leaving the bytes after it alone', () => {
    const message = Uint8Array.from([9, 9, MESSAGE_SYNC, 2, 2, 0xaa, 0xbb, 0xcc]);
    expect(readSyncMessage(message, 3)).toEqual({ syncType: 2, payload: Uint8Array.from([0xaa, 0xbb]) });
  });

  it('returns null for a payload shorter than its stated length', () => {
    expect(readSyncMessage(Uint8Array.from([MESSAGE_SYNC, 1, 5, 1, 2]), 1)).toBeNull();
  });

  it('returns null for a truncated var-uint', () => {
    expect(readSyncMessage(Uint8Array.from([MESSAGE_SYNC, 0x80]), 1)).toBeNull();
  });
});
