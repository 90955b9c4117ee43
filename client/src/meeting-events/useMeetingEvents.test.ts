import type { AckResponse, MeetingActivity, MeetingEventsState } from '@roundtable/shared/meeting-events';
import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  buildAction,
  buildDecision,
  buildEventsState,
  buildPerson,
  buildRegister,
  buildScore,
  buildScores,
} from '../../test/factories';
import { useMeetingEvents, type MeetingEventsCallbacks } from './useMeetingEvents';

/** What the hook sees of a socket.io client socket; the test plays the server. */
class FakeSocket {
  connected = false;
  active = false;
  readonly sent: {
    event: string;
    payload: { requestId?: string } & Record<string, unknown>;
    ack: (r: AckResponse<unknown>) => void;
  }[] = [];
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();

  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  emit(event: string, payload: Record<string, unknown>, ack: (r: AckResponse<unknown>) => void) {
    this.sent.push({ event, payload, ack });
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

  /** The server sends an event to this client. */
  fire(event: string, ...args: unknown[]) {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  /** The connection opens (first time or after a drop). */
  open() {
    this.connected = true;
    this.fire('connect');
  }
  /** The connection drops; socket.io will reconnect by itself. */
  drop() {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }
  sentOf(event: string) {
    return this.sent.filter((message) => message.event === event);
  }
}

const sockets = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('./meetingSocket', () => ({ createMeetingSocket: () => sockets.current }));

const MEETING = '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91';
const ACTIVITY: MeetingActivity = { kind: 'view-recorded', actor: 'Pat Police', agency: 'police' };

let socket: FakeSocket;

beforeEach(() => {
  socket = new FakeSocket();
  sockets.current = socket;
});

const ME = '00000000-0000-4000-8000-0000000000ee';

function state(overrides: Partial<MeetingEventsState> = {}): MeetingEventsState {
  return buildEventsState({
    meetingId: MEETING,
    userId: ME,
    safetyScores: buildScores([], MEETING),
    attendance: buildRegister({ meetingId: MEETING }),
    ...overrides,
  });
}

/** Renders the hook and completes the join with `joinState`. */
function joined(joinState = state(), callbacks: MeetingEventsCallbacks = {}) {
  const hook = renderHook(() => useMeetingEvents(MEETING, callbacks));
  act(() => socket.open());
  const join = socket.sentOf('meeting:join')[0];
  expect(join?.payload).toEqual({ meetingId: MEETING });
  act(() => join?.ack({ ok: true, data: joinState }));
  return hook;
}

describe('useMeetingEvents', () => {
  it('connects on mount and says so until the join is acknowledged', () => {
    const { result } = renderHook(() => useMeetingEvents(MEETING));
    expect(socket.active).toBe(true);
    expect(result.current.connection).toBe('connecting');
  });

  it("joins the meeting and shows its decisions, actions and the user's role", () => {
    const decision = buildDecision({ meetingId: MEETING });
    const action = buildAction({ meetingId: MEETING });
    const { result } = joined(state({ role: 'participant', decisions: [decision], actions: [action] }));
    expect(result.current.connection).toBe('connected');
    expect(result.current.role).toBe('participant');
    expect(result.current.decisions).toEqual([decision]);
    expect(result.current.actions).toEqual([action]);
  });

  it('stops and reports a refused join, so the page can re-check access', () => {
    const onRefused = vi.fn();
    const { result } = renderHook(() => useMeetingEvents(MEETING, { onRefused }));
    act(() => socket.open());
    act(() => socket.sentOf('meeting:join')[0]?.ack({ ok: false, error: { code: 'Forbidden', message: 'No' } }));
    expect(result.current.connection).toBe('refused');
    expect(socket.connected).toBe(false);
    expect(onRefused).toHaveBeenCalledTimes(1);
  });

  it('sends a change with a fresh requestId and resolves with its acknowledgement', async () => {
    const decision = buildDecision({ meetingId: MEETING, revision: 1 });
    const { result } = joined(state({ decisions: [decision] }));

    let settled: Promise<AckResponse<unknown>> | undefined;
    act(() => {
      settled = result.current.send('decision:close', { meetingId: MEETING, decisionId: decision.id });
    });
    const [change] = socket.sentOf('decision:close');
    expect(change?.payload).toMatchObject({ meetingId: MEETING, decisionId: decision.id });
    expect(change?.payload.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.current.pendingCount).toBe(1);

    const closed = { ...decision, revision: 2, status: 'closed' as const };
    act(() => change?.ack({ ok: true, data: closed }));
    await expect(settled).resolves.toEqual({ ok: true, data: closed });
    expect(result.current.pendingCount).toBe(0);
    expect(result.current.decisions[0]?.status).toBe('closed');
    expect(result.current.announcement.text).toBe('You closed the decision to further views');
  });

  it('keeps a change made while offline and sends it once after rejoining', () => {
    const { result } = joined();
    act(() => socket.drop());
    expect(result.current.connection).toBe('offline');

    act(() => {
      void result.current.send('action:set-status', {
        meetingId: MEETING,
        actionId: buildAction().id,
        status: 'done',
        note: 'Visited',
      });
    });
    expect(socket.sentOf('action:set-status')).toHaveLength(0);
    expect(result.current.pendingCount).toBe(1);

    act(() => socket.open());
    act(() => socket.sentOf('meeting:join')[1]?.ack({ ok: true, data: state() }));
    expect(socket.sentOf('action:set-status')).toHaveLength(1);
  });

  it('sends a change again with the same requestId when its acknowledgement was lost, and settles it once', async () => {
    const action = buildAction({ meetingId: MEETING, revision: 1 });
    const { result } = joined(state({ actions: [action] }));
    let settled: Promise<AckResponse<unknown>> | undefined;
    act(() => {
      settled = result.current.send('action:set-status', {
        meetingId: MEETING,
        actionId: action.id,
        status: 'done',
        note: 'Visited',
      });
    });
    act(() => socket.drop());
    act(() => socket.open());
    act(() => socket.sentOf('meeting:join')[1]?.ack({ ok: true, data: state({ actions: [action] }) }));

    const [first, retry] = socket.sentOf('action:set-status');
    expect(retry?.payload.requestId).toBe(first?.payload.requestId);
    const done = { ...action, revision: 2, status: 'done' as const };
    act(() => {
      first?.ack({ ok: true, data: done });
      retry?.ack({ ok: true, data: done });
    });
    await expect(settled).resolves.toEqual({ ok: true, data: done });
    expect(result.current.pendingCount).toBe(0);
  });

  it("applies and announces another member's change", () => {
    const decision = buildDecision({ meetingId: MEETING, revision: 1 });
    const { result } = joined(state({ decisions: [decision] }));
    act(() => socket.fire('decision:changed', { decision: { ...decision, revision: 2 }, activity: ACTIVITY }));
    expect(result.current.decisions[0]?.revision).toBe(2);
    expect(result.current.announcement.text).toBe('Police recorded their view');
  });

  it('ignores a stale broadcast and one for another meeting', () => {
    const decision = buildDecision({ meetingId: MEETING, revision: 5 });
    const { result } = joined(state({ decisions: [decision] }));
    const before = result.current.announcement;
    act(() => {
      socket.fire('decision:changed', { decision: { ...decision, revision: 4, status: 'open' }, activity: ACTIVITY });
      socket.fire('action:changed', { action: buildAction({ meetingId: buildDecision().id }), activity: ACTIVITY });
    });
    expect(result.current.decisions).toEqual([decision]);
    expect(result.current.actions).toEqual([]);
    expect(result.current.announcement).toEqual(before);
  });

  it('announces our own change once, though its broadcast echo arrives too', () => {
    const decision = buildDecision({ meetingId: MEETING, revision: 1 });
    const { result } = joined(state({ decisions: [decision] }));
    act(() => {
      void result.current.send('decision:close', { meetingId: MEETING, decisionId: decision.id });
    });
    const closed = { ...decision, revision: 2, status: 'closed' as const };
    act(() => socket.sentOf('decision:close')[0]?.ack({ ok: true, data: closed }));
    const afterAck = result.current.announcement;
    act(() => socket.fire('decision:changed', { decision: closed, activity: ACTIVITY }));
    expect(result.current.announcement).toEqual(afterAck);
  });

  it('follows a change of role', () => {
    const onRoleChanged = vi.fn();
    const { result } = joined(state({ role: 'participant' }), { onRoleChanged });
    act(() => socket.fire('meeting:access-changed', { meetingId: MEETING, role: 'observer' }));
    expect(result.current.role).toBe('observer');
    expect(onRoleChanged).toHaveBeenCalledWith('observer');
  });

  it('when access is removed, settles waiting changes as refused and disconnects', async () => {
    const onAccessRemoved = vi.fn();
    const { result } = joined(state(), { onAccessRemoved });
    act(() => socket.drop());
    let settled: Promise<AckResponse<unknown>> | undefined;
    act(() => {
      settled = result.current.send('decision:open', {
        meetingId: MEETING,
        childIds: [],
        templateKey: 's47-threshold',
      });
    });
    act(() => socket.fire('meeting:access-changed', { meetingId: MEETING, role: null }));

    await expect(settled).resolves.toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    expect(result.current.connection).toBe('removed');
    expect(result.current.role).toBeNull();
    expect(result.current.pendingCount).toBe(0);
    expect(socket.active).toBe(false);
    expect(onAccessRemoved).toHaveBeenCalledTimes(1);
  });

  it('takes the state again when the chair concludes the discussion', () => {
    const onStatusChanged = vi.fn();
    joined(state(), { onStatusChanged });
    act(() => socket.fire('meeting:status-changed', { meetingId: MEETING, status: 'concluded' }));
    expect(onStatusChanged).toHaveBeenCalledWith('concluded');
    expect(socket.sentOf('meeting:join')).toHaveLength(2);
  });

  it('changes the key of a family:activity kind on its event and every kind on every join, ignoring bad or foreign events', () => {
    const { result } = joined();
    expect(result.current.familyActivityKeys).toEqual({
      'family-view': 1,
      'safety-plan-signature': 1,
      'family-attendance': 1,
      fgdm: 1,
    });
    act(() => socket.fire('family:activity', { meetingId: MEETING, kind: 'fgdm' }));
    act(() => socket.fire('family:activity', { meetingId: MEETING, kind: 'family-view' }));
    act(() => socket.fire('family:activity', { meetingId: MEETING, kind: 'nonsense' }));
    act(() => socket.fire('family:activity', { meetingId: MEETING, kind: 'fgdm', text: 'no content allowed' }));
    act(() => socket.fire('family:activity', { meetingId: '00000000-0000-4000-8000-000000000001', kind: 'fgdm' }));
    expect(result.current.familyActivityKeys).toMatchObject({ fgdm: 2, 'family-view': 2, 'safety-plan-signature': 1 });
  });

  it('closes the socket on unmount', () => {
    const { unmount } = joined();
    unmount();
    expect(socket.connected).toBe(false);
  });

  describe('live scores and attendance', () => {
    const police = buildPerson({ displayName: 'Pat Police', agency: 'police' });

    function scoresEvent(
      recorded = buildScore({ recordedBy: police, score: 4, previousScore: 2 }),
      history = [recorded],
    ) {
      return {
        meetingId: MEETING,
        scores: buildScores(history, MEETING),
        recorded,
        activity: { kind: 'safety-score-recorded', actor: recorded.recordedBy.displayName, agency: recorded.agency },
      };
    }

    it('starts from the join state and takes another agency’s score as it is broadcast, announcing it', () => {
      const { result } = joined();
      expect(result.current.safetyScores?.history).toEqual([]);
      const event = scoresEvent();
      act(() => socket.fire('safety-plan:scores-changed', event));
      expect(result.current.safetyScores).toEqual(event.scores);
      expect(result.current.announcement.text).toBe('Police recorded a safety score of 4 (was 2)');
    });

    it('does not announce our own score, and ignores a malformed event or another meeting’s', () => {
      const { result } = joined();
      const mine = buildScore({ recordedBy: buildPerson({ userId: ME }), agency: 'childrens-social-care' });
      act(() => socket.fire('safety-plan:scores-changed', scoresEvent(mine)));
      expect(result.current.safetyScores?.history).toEqual([mine]);
      expect(result.current.announcement.text).toBe('');

      const other = buildScore({ recordedBy: police });
      act(() => socket.fire('safety-plan:scores-changed', { ...scoresEvent(other, [other, mine]), recorded: null }));
      act(() => socket.fire('safety-plan:scores-changed', { ...scoresEvent(other, [other, mine]), meetingId: ME }));
      expect(result.current.safetyScores?.history).toEqual([mine]);
      expect(result.current.announcement.text).toBe('');
    });

    it('takes the register as people join and leave (announced by presence) and announces others’ apologies', () => {
      const { result } = joined();
      const later = buildRegister({ meetingId: MEETING, asOf: '2026-03-02T13:10:00.000Z' });
      act(() =>
        socket.fire('attendance:changed', { meetingId: MEETING, register: later, activity: null, actorUserId: null }),
      );
      expect(result.current.attendance).toEqual(later);
      expect(result.current.announcement.text).toBe('');

      const apology = buildRegister({ meetingId: MEETING, asOf: '2026-03-02T13:11:00.000Z' });
      const activity = { kind: 'apology-recorded', actor: 'Sam Chair', agency: 'childrens-social-care' };
      act(() =>
        socket.fire('attendance:changed', {
          meetingId: MEETING,
          register: apology,
          activity,
          actorUserId: police.userId,
        }),
      );
      expect(result.current.attendance).toEqual(apology);
      expect(result.current.announcement.text).toBe('Sam Chair recorded apologies');
    });

    it('re-syncs on reconnect from the join state, never by polling', () => {
      const { result } = joined();
      act(() => socket.drop());
      const recorded = buildScore({ recordedBy: police });
      act(() => socket.open());
      const rejoin = socket.sentOf('meeting:join')[1];
      act(() => rejoin?.ack({ ok: true, data: state({ safetyScores: buildScores([recorded], MEETING) }) }));
      expect(result.current.safetyScores?.history).toEqual([recorded]);
      expect(socket.sentOf('meeting:join')).toHaveLength(2);
    });

    it('takes our own answers (score, apology) through the same rules', () => {
      const { result } = joined();
      const scores = buildScores([buildScore()], MEETING);
      act(() => result.current.scoresRecorded(scores));
      expect(result.current.safetyScores).toBe(scores);
      const register = buildRegister({ meetingId: MEETING, asOf: '2026-03-02T14:00:00.000Z' });
      act(() => result.current.attendanceRecorded(register));
      expect(result.current.attendance).toBe(register);
    });
  });
});
