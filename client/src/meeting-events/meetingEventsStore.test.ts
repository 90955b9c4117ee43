import { describe, expect, it } from 'vitest';
import { buildAction, buildDecision } from '../../test/factories';
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
      state: {
        meetingId: decision.meetingId,
        role: 'participant',
        decisions: [{ ...decision, revision: 6, status: 'open' }],
        actions: [action],
        agenda: { meetingId: decision.meetingId, sectionKey: 'medical', revision: 1, movedBy: 'Sam', movedAt: null },
      },
    });
    expect(next.decisions[decision.id]?.status).toBe('decided');
    expect(next.actions[action.id]).toBe(action);
    expect(next.role).toBe('participant');
    expect(next.agenda?.sectionKey).toBe('medical');
  });

  it('keeps the same store for a snapshot that brings nothing new', () => {
    const decision = buildDecision();
    const agenda = { meetingId: decision.meetingId, sectionKey: null, revision: 0, movedBy: null, movedAt: null };
    const store: MeetingEventsStore = { ...EMPTY_STORE, role: 'chair', decisions: { [decision.id]: decision }, agenda };
    expect(
      applyChange(store, {
        type: 'snapshot',
        state: {
          meetingId: decision.meetingId,
          role: 'chair',
          decisions: [decision],
          actions: [],
          agenda: { ...agenda },
        },
      }),
    ).toBe(store);
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
