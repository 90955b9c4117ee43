import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveTracker } from './SaveTracker';
import { MESSAGE_SYNC, readSyncMessage, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from './syncMessages';

type Handler = WebsocketProvider['messageHandlers'][number];

/** Just what SaveTracker uses of a y-websocket provider: its sync handler slot, `sync` events and the socket. */
class FakeProvider {
  readonly providerSyncHandler = vi.fn();
  messageHandlers: Handler[] = [this.providerSyncHandler as unknown as Handler];
  wsconnected = true;
  synced = true;
  ws = { readyState: WebSocket.OPEN, send: vi.fn<(message: Uint8Array) => void>() };
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();

  on(event: string, listener: (...args: unknown[]) => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
  }
  off(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.get(event)?.delete(listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** A sync message from the server, passed through the (wrapped) handler as the provider would. */
  receive(syncType: number, payload: Uint8Array) {
    const frame = [MESSAGE_SYNC, syncType, ...varUint(payload.length), ...payload];
    const decoder = { arr: Uint8Array.from(frame), pos: 1 };
    const handler = this.messageHandlers[MESSAGE_SYNC] as unknown as (...args: unknown[]) => void;
    handler({}, decoder, this, true, MESSAGE_SYNC);
  }
}

function varUint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    out.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** The client's document, the server's copy of it, and a tracker between them. */
function setUp({ tracking = true } = {}) {
  const doc = new Y.Doc();
  const server = new Y.Doc();
  const provider = new FakeProvider();
  const onChange = vi.fn();
  const tracker = new SaveTracker(doc, provider as unknown as WebsocketProvider, onChange, tracking);
  const outbox: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) outbox.push(update);
  });
  return {
    doc,
    provider,
    onChange,
    tracker,
    text: doc.getText('record'),
    /** The server stores everything the client has sent so far. */
    serverStores: () => {
      for (const update of outbox.splice(0)) Y.applyUpdate(server, update);
    },
    /** The server's answer to a sync step 1 that says the client has `stateVector`. */
    serverStep2: (stateVector = new Uint8Array([0])) => Y.encodeStateAsUpdate(server, stateVector),
    serverStateVector: () => Y.encodeStateVector(server),
    serverDoc: server,
  };
}

/** The state vector carried by a sync step 1 the tracker sent. */
function probedStateVector(message: Uint8Array): Map<number, number> {
  const parsed = readSyncMessage(message, 1);
  expect(parsed?.syncType).toBe(SYNC_STEP_1);
  return Y.decodeStateVector(parsed?.payload as Uint8Array);
}

describe('SaveTracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('has nothing unsaved before the first edit', () => {
    const { tracker, onChange } = setUp();
    expect(tracker.hasUnsavedChanges).toBe(false);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('holds local edits as unsaved and reports the change once, not per keystroke', () => {
    const { tracker, text, onChange } = setUp();
    text.insert(0, 'Ruby');
    text.insert(4, ' said');
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it("marks the edits saved once the server's step 2 reply contains them", () => {
    const { tracker, text, onChange, provider, serverStores, serverStep2 } = setUp();
    text.insert(0, 'Ruby');
    serverStores();
    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(false);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('keeps edits unsaved while the server has not stored them', () => {
    const { tracker, text, provider, serverStep2 } = setUp();
    text.insert(0, 'Ruby');
    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(true);
  });

  it("learns from the server's state vector (its sync step 1) that inserted text is stored", () => {
    const { tracker, text, provider, serverStores, serverStateVector } = setUp();
    text.insert(0, 'Ruby');
    serverStores();
    provider.receive(SYNC_STEP_1, serverStateVector());
    expect(tracker.hasUnsavedChanges).toBe(false);
  });

  it('marks edits saved when the server relays an update containing them', () => {
    const { tracker, text, provider, doc } = setUp();
    text.insert(0, 'Ruby');
    provider.receive(SYNC_UPDATE, Y.encodeStateAsUpdate(doc));
    expect(tracker.hasUnsavedChanges).toBe(false);
  });

  it('does not take a state vector as proof that a deletion is stored', () => {
    const { tracker, text, provider, serverStores, serverStateVector, serverStep2 } = setUp();
    text.insert(0, 'Ruby Testcase');
    serverStores();
    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(false);

    text.delete(0, 5);
    provider.receive(SYNC_STEP_1, serverStateVector());
    expect(tracker.hasUnsavedChanges).toBe(true);

    serverStores();
    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(false);
  });

  it('does not count edits the server holds back behind a gap', () => {
    const { tracker, text, doc, provider } = setUp();
    text.insert(0, 'first');
    const afterFirst = Y.encodeStateVector(doc);
    text.insert(5, ' second');
    // Only the second edit reached the server, which cannot apply it without the first.
    provider.receive(SYNC_UPDATE, Y.encodeStateAsUpdate(doc, afterFirst));
    expect(tracker.hasUnsavedChanges).toBe(true);
  });

  it('ignores updates that came from the server', () => {
    const { tracker, provider, doc } = setUp();
    const other = new Y.Doc();
    other.getText('record').insert(0, 'Written by Pat');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), provider);
    expect(tracker.hasUnsavedChanges).toBe(false);
  });

  it("does not track an observer's edits, which the server refuses", () => {
    const { tracker, text } = setUp({ tracking: false });
    text.insert(0, 'Ruby');
    expect(tracker.hasUnsavedChanges).toBe(false);
  });

  it('does not call refused edits saved: it asks the server for its whole state and lists what it lacks', () => {
    const { tracker, doc, provider, onChange, serverStores, serverStep2 } = setUp();
    const paragraph = (text: string) => {
      const element = new Y.XmlElement('paragraph');
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    };
    const section = doc.getXmlFragment('medical');
    section.insert(0, [paragraph('Seen by the GP')]);
    serverStores();
    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(false);
    section.insert(1, [paragraph('found further bruising')]);

    tracker.setTracking(false); // the meeting concluded: the server refuses our edits
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(tracker.notSaved).toBeNull();
    const asked = provider.ws.send.mock.calls.at(-1)?.[0] as Uint8Array;
    expect(probedStateVector(asked).size).toBe(0);

    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(true);
    expect(tracker.notSaved).toEqual([{ section: 'medical', text: 'found further bruising' }]);
    expect(onChange).toHaveBeenLastCalledWith();
  });

  it('calls refused edits saved after all when the server turns out to hold them', () => {
    const { tracker, text, provider, serverStores, serverStep2 } = setUp();
    text.insert(0, 'Ruby');
    serverStores();
    tracker.refused();
    provider.receive(SYNC_STEP_2, serverStep2());
    expect(tracker.hasUnsavedChanges).toBe(false);
    expect(tracker.notSaved).toBeNull();
  });

  it('passes every server message on to the provider’s own handler', () => {
    const { provider, text, doc } = setUp();
    text.insert(0, 'Ruby');
    provider.receive(SYNC_UPDATE, Y.encodeStateAsUpdate(doc));
    expect(provider.providerSyncHandler).toHaveBeenCalledTimes(1);
  });

  describe('asking the server', () => {
    it('probes with the clock the server is known to have, backing off from 300 ms', () => {
      const { text, provider, doc } = setUp();
      text.insert(0, 'Ruby');
      vi.advanceTimersByTime(299);
      expect(provider.ws.send).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(provider.ws.send).toHaveBeenCalledTimes(1);
      expect(probedStateVector(provider.ws.send.mock.calls[0]?.[0] as Uint8Array).get(doc.clientID)).toBe(0);

      vi.advanceTimersByTime(599);
      expect(provider.ws.send).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1);
      expect(provider.ws.send).toHaveBeenCalledTimes(2);
    });

    it('never waits more than 5 seconds between probes', () => {
      const { text, provider } = setUp();
      text.insert(0, 'Ruby');
      // 300 + 600 + 1200 + 2400 + 4800 ms, then every 5 s.
      vi.advanceTimersByTime(9_300);
      expect(provider.ws.send).toHaveBeenCalledTimes(5);
      vi.advanceTimersByTime(5_000);
      expect(provider.ws.send).toHaveBeenCalledTimes(6);
    });

    it('asks from the clock it has learnt, so the reply carries only what is still in doubt', () => {
      const { text, provider, doc, serverStores, serverStateVector } = setUp();
      text.insert(0, 'Ruby');
      serverStores();
      provider.receive(SYNC_STEP_1, serverStateVector());
      const stored = Y.encodeStateVector(doc);
      text.insert(4, ' Testcase');
      vi.advanceTimersByTime(300);
      const clock = probedStateVector(provider.ws.send.mock.calls[0]?.[0] as Uint8Array).get(doc.clientID);
      expect(clock).toBe(Y.decodeStateVector(stored).get(doc.clientID));
    });

    it('stops probing once everything is saved', () => {
      const { text, provider, serverStores, serverStep2 } = setUp();
      text.insert(0, 'Ruby');
      serverStores();
      provider.receive(SYNC_STEP_2, serverStep2());
      vi.advanceTimersByTime(10_000);
      expect(provider.ws.send).not.toHaveBeenCalled();
    });

    it('sends nothing while offline, and probes soon after reconnecting', () => {
      const { text, provider } = setUp();
      provider.wsconnected = false;
      provider.synced = false;
      text.insert(0, 'Typed offline');
      vi.advanceTimersByTime(2_000);
      expect(provider.ws.send).not.toHaveBeenCalled();

      provider.wsconnected = true;
      provider.synced = true;
      provider.emit('sync', true);
      vi.advanceTimersByTime(300);
      expect(provider.ws.send).toHaveBeenCalledTimes(1);
    });
  });

  it('gives the provider back its own handler and stops listening when destroyed', () => {
    const { tracker, provider, text } = setUp();
    tracker.destroy();
    expect(provider.messageHandlers[MESSAGE_SYNC]).toBe(provider.providerSyncHandler);
    expect(provider.listenerCount('sync')).toBe(0);
    text.insert(0, 'After');
    expect(tracker.hasUnsavedChanges).toBe(false);
  });
});
