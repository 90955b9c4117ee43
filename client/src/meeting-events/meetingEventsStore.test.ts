import { describe, expect, it } from 'vitest';
import {
  buildAction,
  buildDecision,
  buildEventsState,
  buildRegister,
  buildScore,
  buildScores,
} from '../../test/factories';
import { actionList, applyChange, decisionList, EMPTY_STORE, type MeetingEventsStore } from './meetingEventsStore';

describe('the meeting events store', () => {
  it('takes a decision it has not seen', () => {
    const decision = buildDecision();
    const store = applyChange(EMPTY_STORE, { type: 'decision', decision });
    expect(store.decisions[decision.id]).toBe(decision);
  });

  it('replaces a row only with a higher revision', () => {
    const first = buildDecision({ revision: 3, status: 'open' });
    const store = applyChange(EMPTY_STORE, { type: 'decision', decision: first });
    const newer = { ...first, revision: 4, status: 'closed' as const };
    expect(applyChange(store, { type: 'decision', decision: newer }).decisions[first.id]?.status).toBe('closed');
  });

  it('never rolls a row back to an older revision (a late broadcast or a repeated ack)', () => {
    const current = buildAction({ revision: 5, status: 'done' });
    const store = applyChange(EMPTY_STORE, { type: 'action', action: current });
    const stale = { ...current, revision: 4, status: 'open' as const };
    const next = applyChange(store, { type: 'action', action: stale });
    expect(next).toBe(store);
    expect(next.actions[current.id]?.status).toBe('done');
  });

  it('returns the same store when a change changes nothing, so callers can tell', () => {
    const action = buildAction({ revision: 2 });
    const store = applyChange(EMPTY_STORE, { type: 'action', action });
    expect(applyChange(store, { type: 'action', action })).toBe(store);
    expect(applyChange(store, { type: 'role', role: null })).toBe(store);
  });

  it('merges a join snapshot without losing newer rows it already has', () => {
    const decision = buildDecision({ revision: 7, status: 'decided' });
    const action = buildAction({ revision: 1 });
    const store = applyChange(EMPTY_STORE, { type: 'decision', decision });
    const next = applyChange(store, {
      type: 'snapshot',
      state: buildEventsState({
        meetingId: decision.meetingId,
        role: 'participant',
        decisions: [{ ...decision, revision: 6, status: 'open' }],
        actions: [action],
        agenda: { meetingId: decision.meetingId, sectionKey: 'medical', revision: 1, movedBy: 'Sam', movedAt: null },
      }),
    });
    expect(next.decisions[decision.id]?.status).toBe('decided');
    expect(next.actions[action.id]).toBe(action);
    expect(next.role).toBe('participant');
    expect(next.agenda?.sectionKey).toBe('medical');
  });

  it('keeps the same store for a snapshot that brings nothing new', () => {
    const decision = buildDecision();
    const state = buildEventsState({ meetingId: decision.meetingId, role: 'chair', decisions: [decision] });
    const store: MeetingEventsStore = {
      ...EMPTY_STORE,
      role: 'chair',
      userId: state.userId,
      decisions: { [decision.id]: decision },
      agenda: state.agenda,
      safetyScores: state.safetyScores,
      attendance: state.attendance,
    };
    expect(applyChange(store, { type: 'snapshot', state })).toBe(store);
  });

  it('keeps the scores with the longest history, whatever order broadcasts and snapshots arrive in', () => {
    const first = buildScore({ agency: 'police', score: 4 });
    const second = buildScore({ agency: 'health', score: 6 });
    const both = buildScores([second, first]);
    const store = applyChange(EMPTY_STORE, { type: 'safety-scores', scores: both });
    expect(store.safetyScores).toBe(both);
    // The broadcast of the first score, read before the second committed, arrives late: ignored.
    expect(applyChange(store, { type: 'safety-scores', scores: buildScores([first]) })).toBe(store);
    // So is a join snapshot read earlier.
    const stale = buildEventsState({ safetyScores: buildScores([first]), attendance: buildRegister() });
    expect(applyChange(store, { type: 'snapshot', state: stale }).safetyScores).toBe(both);
  });

  it('keeps the register read last, by its asOf', () => {
    const later = buildRegister({ asOf: '2026-03-02T13:06:00.000Z' });
    const earlier = buildRegister({ asOf: '2026-03-02T13:05:00.000Z' });
    const store = applyChange(EMPTY_STORE, { type: 'attendance', register: later });
    expect(applyChange(store, { type: 'attendance', register: earlier })).toBe(store);
    const newest = buildRegister({ asOf: '2026-03-02T13:07:00.000Z' });
    expect(applyChange(store, { type: 'attendance', register: newest }).attendance).toBe(newest);
  });

  it('records a change of role, and its removal', () => {
    const chair = applyChange(EMPTY_STORE, { type: 'role', role: 'chair' });
    expect(chair.role).toBe('chair');
    expect(applyChange(chair, { type: 'role', role: null }).role).toBeNull();
  });

  it('lists decisions in the order they were opened', () => {
    const later = buildDecision({ openedAt: '2026-03-02T14:00:00Z' });
    const earlier = buildDecision({ openedAt: '2026-03-02T13:00:00Z' });
    const store = [later, earlier].reduce((s, decision) => applyChange(s, { type: 'decision', decision }), EMPTY_STORE);
    expect(decisionList(store).map((d) => d.id)).toEqual([earlier.id, later.id]);
  });

  it('lists actions soonest due first, then by when they were added', () => {
    const dueLater = buildAction({ dueAt: '2026-03-10T17:00:00Z' });
    const dueSoonAddedSecond = buildAction({ dueAt: '2026-03-04T17:00:00Z', createdAt: '2026-03-02T13:20:00Z' });
    const dueSoonAddedFirst = buildAction({ dueAt: '2026-03-04T17:00:00Z', createdAt: '2026-03-02T13:10:00Z' });
    const store = [dueLater, dueSoonAddedSecond, dueSoonAddedFirst].reduce(
      (s, action) => applyChange(s, { type: 'action', action }),
      EMPTY_STORE,
    );
    expect(actionList(store).map((a) => a.id)).toEqual([dueSoonAddedFirst.id, dueSoonAddedSecond.id, dueLater.id]);
  });

  it('keeps the newest agenda, whatever order the join state and broadcasts arrive in', () => {
    const at = (revision: number, sectionKey: string | null) => ({
      meetingId: 'm',
      sectionKey,
      revision,
      movedBy: 'Sam Chair',
      movedAt: null,
    });
    const moved = applyChange(EMPTY_STORE, { type: 'agenda', agenda: at(2, 'medical') });
    expect(applyChange(moved, { type: 'agenda', agenda: at(1, 'reason') })).toBe(moved);
    expect(applyChange(moved, { type: 'agenda', agenda: at(3, null) }).agenda).toEqual(at(3, null));
  });
});
