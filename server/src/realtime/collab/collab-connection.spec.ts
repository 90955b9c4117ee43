import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { AuthenticatedSession } from '../../platform/auth-context/authenticated-session';
import { CollabConnection, type CollabGrant } from './collab-connection';
import type { CollabDocument } from './collab-document';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdateMessage, MESSAGE_AUTH, MESSAGE_SYNC } from './collab-protocol';
import { shapeOfUpdate } from './update-integrity';
import { UpdateValidator, type UpdateVerdict } from './update-validator';
import { eventually } from '../../../test/support/eventually';

/** Just enough of a `ws` WebSocket to drive a connection. */
class FakeSocket extends EventEmitter {
  readyState = 1; // OPEN
  sent: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  paused = false;
  send(data: Uint8Array, cb?: (error?: Error) => void): void {
    this.sent.push(data);
    cb?.();
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2; // CLOSING
  }
  terminate(): void {
    this.readyState = 3;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  /** A binary frame from the client. */
  deliver(frame: Uint8Array, isBinary = true): void {
    this.emit('message', Buffer.from(frame), isBinary);
  }
}

const session: AuthenticatedSession = {
  sessionId: 'a0000000-0000-4000-8000-000000000001',
  authenticatedAt: new Date(),
  user: {
    id: 'b0000000-0000-4000-8000-000000000002',
    email: 'sam@example.org',
    displayName: 'Sam Okoye',
    jobTitle: 'Detective constable',
    agency: 'police',
    organisation: null,
    isAdmin: false,
    isAuditor: false,
    canChair: false,
  },
};

function stubDocument() {
  const doc = new Y.Doc();
  return {
    doc,
    awareness: { getStates: () => new Map() },
    attach: jest.fn(),
    detach: jest.fn(),
    submitUpdate: jest.fn(() => 'queued'),
    receiveAwareness: jest.fn(),
    refreshPresence: jest.fn(),
    awarenessMessage: jest.fn(() => null),
    syncStep2: (stateVector: Uint8Array) => encodeSyncStep2(doc, stateVector),
  };
}

/** The real validator (worker threads) where a test does not script the verdicts. */
const realValidator = new UpdateValidator();
afterAll(() => realValidator.close());

function setup(role: CollabGrant['role'] = 'participant', validator?: Pick<UpdateValidator, 'inspect'>) {
  const socket = new FakeSocket();
  const grant: CollabGrant = {
    session,
    meetingId: 'c0000000-0000-4000-8000-000000000003',
    documentName: 'meetings/c/record',
    role,
  };
  // The tests script verdicts; a valid update carries its real shape, as the worker's would.
  const examiner: Pick<UpdateValidator, 'examine'> = validator
    ? {
        examine: async (update) => {
          const verdict = await validator.inspect(update);
          return verdict === 'valid' ? { verdict, shape: shapeOfUpdate(Y, update) } : { verdict };
        },
      }
    : realValidator;
  const connection = new CollabConnection(
    socket as unknown as WebSocket,
    grant,
    new Logger('test'),
    undefined,
    examiner,
  );
  const document = stubDocument();
  return { socket, connection, document, attach: () => connection.attach(document as unknown as CollabDocument) };
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return encodeUpdateMessage(Y.encodeStateAsUpdate(doc));
}

function messageTypes(socket: FakeSocket): number[] {
  return socket.sent.map((m) => decoding.readVarUint(decoding.createDecoder(m)));
}

describe('CollabConnection', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('holds frames that arrive while the document loads and handles them in order after attaching', async () => {
    const { socket, document, attach } = setup();
    expect(socket.paused).toBe(true);
    socket.deliver(edit('one'));
    socket.deliver(edit('two'));
    expect(document.submitUpdate).not.toHaveBeenCalled();
    attach();
    expect(document.attach).toHaveBeenCalled();
    await eventually(() => expect(document.submitUpdate).toHaveBeenCalledTimes(2));
    expect(socket.paused).toBe(false);
  });

  it('handles frames after an update only once it is validated, in arrival order, reading nothing meanwhile', async () => {
    const pending: ((verdict: UpdateVerdict) => void)[] = [];
    const validator = { inspect: () => new Promise<UpdateVerdict>((resolve) => pending.push(resolve)) };
    const { socket, document, attach } = setup('participant', validator);
    const order: string[] = [];
    document.submitUpdate.mockImplementation(() => {
      order.push('update');
      return 'queued';
    });
    attach();
    socket.deliver(edit('first'));
    socket.deliver(encodeSyncStep1(new Y.Doc()));
    socket.deliver(edit('second'));
    expect(socket.paused).toBe(true);
    expect(socket.sent).toEqual([]); // the sync step 1 waits behind the update
    pending.shift()!('valid');
    await eventually(() => expect(pending).toHaveLength(1));
    expect(order).toEqual(['update']);
    expect(messageTypes(socket)).toEqual([MESSAGE_SYNC]); // answered after the first update
    expect(socket.paused).toBe(true);
    pending.shift()!('valid');
    await eventually(() => expect(order).toEqual(['update', 'update']));
    await eventually(() => expect(socket.paused).toBe(false));
  });

  it('closes with 4400 and stores nothing when an update runs over the decoding budget', async () => {
    const validator = { inspect: () => Promise.resolve<UpdateVerdict>('over-budget') };
    const { socket, document, attach } = setup('participant', validator);
    attach();
    socket.deliver(edit('hostile'));
    socket.deliver(edit('after'));
    await eventually(() => expect(socket.closedWith?.code).toBe(CLOSE_CODES.malformedMessage));
    expect(document.submitUpdate).not.toHaveBeenCalled();
    // Reading again, so the client's close frame completes the handshake (not ws's 30 s timeout).
    expect(socket.paused).toBe(false);
  });

  it('reads the client close frame when closed while still paused for loading', () => {
    const { socket, connection } = setup();
    expect(socket.paused).toBe(true);
    connection.close(CLOSE_CODES.accessRevoked, 'removed');
    expect(socket.paused).toBe(false);
  });

  it('refuses an update whose sender was demoted while it was being decoded', async () => {
    let release: (verdict: UpdateVerdict) => void = () => undefined;
    const validator = { inspect: () => new Promise<UpdateVerdict>((resolve) => (release = resolve)) };
    const { socket, connection, document, attach } = setup('participant', validator);
    attach();
    socket.deliver(edit('in flight'));
    connection.changeRole('observer');
    release('valid');
    await eventually(() => expect(messageTypes(socket)).toEqual([MESSAGE_AUTH]));
    expect(document.submitUpdate).not.toHaveBeenCalled();
  });

  it('stores an update still being validated when the client closed, then ends; a close by the server drops it', async () => {
    const pending: ((verdict: UpdateVerdict) => void)[] = [];
    const validator = { inspect: () => new Promise<UpdateVerdict>((resolve) => pending.push(resolve)) };
    const { socket, connection, document, attach } = setup('participant', validator);
    attach();
    socket.deliver(edit('last words'));
    socket.deliver(edit('and more'));
    socket.readyState = 3;
    socket.emit('close');
    expect(connection.isEnded).toBe(false);
    pending.shift()!('valid');
    await eventually(() => expect(pending).toHaveLength(1));
    pending.shift()!('valid');
    await eventually(() => expect(connection.isEnded).toBe(true));
    expect(document.submitUpdate).toHaveBeenCalledTimes(2);
    expect(document.detach).toHaveBeenCalledTimes(1);

    const other = setup('participant', validator);
    other.attach();
    other.socket.deliver(edit('refused'));
    other.connection.close(4403, 'Removed from the meeting');
    pending.shift()!('valid');
    await new Promise((resolve) => setImmediate(resolve));
    expect(other.document.submitUpdate).not.toHaveBeenCalled();
  });

  it('answers sync step 1 with sync step 2', () => {
    const { socket, attach } = setup();
    attach();
    socket.deliver(encodeSyncStep1(new Y.Doc()));
    const reply = decoding.createDecoder(socket.sent[0]!);
    expect([decoding.readVarUint(reply), decoding.readVarUint(reply)]).toEqual([MESSAGE_SYNC, 1]);
  });

  it("refuses an observer's updates with one permission-denied message and keeps the connection open", () => {
    const { socket, document, attach } = setup('observer');
    attach();
    socket.deliver(edit('not allowed'));
    socket.deliver(edit('still not allowed'));
    expect(document.submitUpdate).not.toHaveBeenCalled();
    expect(messageTypes(socket)).toEqual([MESSAGE_AUTH]);
    expect(socket.closedWith).toBeNull();
  });

  it('ignores an empty sync step 2 from an observer without complaint', () => {
    const { socket, attach } = setup('observer');
    attach();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(new Y.Doc()));
    socket.deliver(encoding.toUint8Array(encoder));
    expect(socket.sent).toEqual([]);
  });

  it('refuses the very next update after a demotion to observer, and updates presence', async () => {
    const { socket, connection, document, attach } = setup('participant');
    attach();
    socket.deliver(edit('allowed'));
    await eventually(() => expect(document.submitUpdate).toHaveBeenCalledTimes(1));
    connection.changeRole('observer');
    socket.deliver(edit('refused'));
    expect(document.submitUpdate).toHaveBeenCalledTimes(1);
    expect(document.refreshPresence).toHaveBeenCalledWith(connection);
    expect(connection.presence.role).toBe('observer');
  });

  it.each([
    ['a truncated update', edit('hello world').subarray(0, 12)],
    ['an update that is not Yjs', new Uint8Array([0, 2, 4, 0xff, 0xff, 0xff, 0xff])],
    ['an unknown message type', new Uint8Array([9, 1, 2])],
  ])('closes the connection with 4400 on %s', async (_name, frame) => {
    const { socket, document, attach } = setup();
    attach();
    socket.deliver(frame);
    await eventually(() => expect(socket.closedWith?.code).toBe(CLOSE_CODES.malformedMessage));
    expect(document.submitUpdate).not.toHaveBeenCalled();
    expect(document.detach).toHaveBeenCalled();
  });

  it('closes the connection with 4400 on a text frame', () => {
    const { socket, attach } = setup();
    attach();
    socket.deliver(new TextEncoder().encode('hello'), false);
    expect(socket.closedWith?.code).toBe(CLOSE_CODES.malformedMessage);
  });

  it('closes with 4413 when the document would grow past its limit', async () => {
    const { socket, document, attach } = setup();
    document.submitUpdate.mockReturnValue('too-large');
    attach();
    socket.deliver(edit('big'));
    await eventually(() => expect(socket.closedWith?.code).toBe(CLOSE_CODES.documentTooLarge));
  });

  it('stops serving the document as soon as access is revoked, before the close handshake', () => {
    const { socket, connection, document, attach } = setup();
    attach();
    const ended = jest.fn();
    connection.onEnd(ended);
    connection.close(CLOSE_CODES.accessRevoked, 'removed');
    expect(document.detach).toHaveBeenCalledWith(connection);
    expect(ended).toHaveBeenCalledTimes(1);
    connection.send(new Uint8Array([0]));
    socket.deliver(edit('after revocation'));
    expect(socket.sent).toEqual([]);
    expect(document.submitUpdate).not.toHaveBeenCalled();
    expect(socket.closedWith?.code).toBe(CLOSE_CODES.accessRevoked);
  });
});
