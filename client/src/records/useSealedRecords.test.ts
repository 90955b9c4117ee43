import type { AckResponse } from '@roundtable/shared/meeting-events';
import type { SealedRecordListResponse, SealedRecordVersion } from '@roundtable/shared/sealed-records';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Api from '../api';
import { buildEventsState } from '../../test/factories';
import { useMeetingEvents } from '../meeting-events/useMeetingEvents';
import { useSealedRecords } from './useSealedRecords';

/** What the hooks see of a socket.io client socket; the test plays the server. */
class FakeSocket {
  connected = false;
  active = false;
  readonly joins: ((r: AckResponse<unknown>) => void)[] = [];
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();

  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  emit(event: string, _payload: unknown, ack: (r: AckResponse<unknown>) => void) {
    if (event === 'meeting:join') this.joins.push(ack);
    return this;
  }
  connect() {
    this.active = true;
    return this;
  }
  disconnect() {
    this.connected = false;
    this.active = false;
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  open() {
    this.connected = true;
    this.fire('connect');
  }
}

const mocks = vi.hoisted(() => ({ socket: null as unknown, list: vi.fn() }));
vi.mock('../meeting-events/meetingSocket', () => ({ createMeetingSocket: () => mocks.socket }));
vi.mock('../api', async (original) => ({
  ...(await original<typeof Api>()),
  api: { meetings: { sealedRecords: { list: mocks.list } } },
}));

const MEETING = '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91';
const OTHER_MEETING = '6a1d7b8f-3e5c-4d2b-8b62-1e4f3c8d9fa2';

function listing(...versions: number[]): SealedRecordListResponse {
  return {
    meetingId: MEETING,
    reference: 'SD-TEST-001',
    canDownload: true,
    versions: versions.map((version): SealedRecordVersion => ({
      version,
      reason: version === 1 ? 'concluded' : 'addendum',
      addendumId: null,
      sealedAt: '2026-03-02T13:00:00.000Z',
      files: [],
    })),
  };
}

/** Lets the list requests' answers arrive. */
const settle = () => act(async () => {});

let socket: FakeSocket;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
  socket = new FakeSocket();
  mocks.socket = socket;
  mocks.list.mockReset();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The room's wiring: the sealed versions follow the `/meetings` channel. */
function renderRoom() {
  return renderHook(() => {
    const events = useMeetingEvents(MEETING);
    return useSealedRecords(MEETING, true, events.sealedRecordsKey);
  });
}

describe('useSealedRecords in the room', () => {
  it('loads on join, again when record:sealed arrives, and never sets a timer while no version is listed', async () => {
    mocks.list.mockResolvedValue(listing());
    const { result } = renderRoom();
    act(() => socket.open());
    act(() => socket.joins[0]?.({ ok: true, data: buildEventsState({ meetingId: MEETING }) }));
    await settle();
    expect(result.current.records?.versions).toEqual([]);
    const loadsBefore = mocks.list.mock.calls.length;
    expect(loadsBefore).toBeGreaterThan(0);

    // Concluded, nothing sealed yet: nothing is scheduled, and time passing loads nothing.
    expect(vi.getTimerCount()).toBe(0);
    await act(async () => {
      vi.advanceTimersByTime(60_000);
    });
    expect(mocks.list).toHaveBeenCalledTimes(loadsBefore);

    // The server says version 1 is sealed: one more load, which lists it.
    mocks.list.mockResolvedValue(listing(1));
    act(() => socket.fire('record:sealed', { meetingId: MEETING, version: 1 }));
    await settle();
    expect(mocks.list).toHaveBeenCalledTimes(loadsBefore + 1);
    expect(mocks.list).toHaveBeenLastCalledWith(MEETING);
    expect(result.current.records?.versions.map((v) => v.version)).toEqual([1]);

    // Another meeting's event, or a malformed one, loads nothing.
    act(() => socket.fire('record:sealed', { meetingId: OTHER_MEETING, version: 2 }));
    act(() => socket.fire('record:sealed', { meetingId: MEETING, version: 'two' }));
    await settle();
    expect(mocks.list).toHaveBeenCalledTimes(loadsBefore + 1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('loads again on every rejoin (a version sealed while the connection was down)', async () => {
    mocks.list.mockResolvedValue(listing());
    const { result } = renderRoom();
    act(() => socket.open());
    act(() => socket.joins[0]?.({ ok: true, data: buildEventsState({ meetingId: MEETING }) }));
    await settle();
    const loadsBefore = mocks.list.mock.calls.length;

    mocks.list.mockResolvedValue(listing(2, 1));
    act(() => socket.fire('disconnect', 'transport close'));
    act(() => socket.open());
    act(() => socket.joins[1]?.({ ok: true, data: buildEventsState({ meetingId: MEETING }) }));
    await settle();
    expect(mocks.list).toHaveBeenCalledTimes(loadsBefore + 1);
    expect(result.current.records?.versions.map((v) => v.version)).toEqual([2, 1]);
  });
});

describe('useSealedRecords', () => {
  it('keeps the answer to the latest load: a slow earlier answer never replaces it', async () => {
    const answers: ((response: SealedRecordListResponse) => void)[] = [];
    mocks.list.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    const { result, rerender } = renderHook(({ key }) => useSealedRecords(MEETING, true, key), {
      initialProps: { key: 0 },
    });
    rerender({ key: 1 });
    expect(answers).toHaveLength(2);
    answers[1]?.(listing(1));
    await settle();
    answers[0]?.(listing());
    await settle();
    expect(result.current.records?.versions.map((v) => v.version)).toEqual([1]);
  });
});
