import type { CompartmentView, SharingDecisionResponse } from '@roundtable/shared/need-to-know';
import { describe, expect, it } from 'vitest';
import { applyNeedToKnow, compartmentsOf, EMPTY_NEED_TO_KNOW, isFamilyFacing } from './needToKnowStore';

const MEETING = '1c72fe6f-56ca-4198-90d0-4c65d7ba8f7d';
const ID = '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a';

const withheld: CompartmentView = {
  access: 'withheld',
  id: ID,
  meetingId: MEETING,
  sectionKey: 'risks',
  documentKind: 'record',
  notice: 'Information withheld: police restricted',
  revision: 1,
};
const lifted: CompartmentView = {
  access: 'open',
  id: ID,
  meetingId: MEETING,
  sectionKey: 'risks',
  documentKind: 'record',
  ownerAgency: 'police',
  audience: null,
  createdBy: { userId: MEETING, displayName: 'DS Jordan Officer', agency: 'police', organisation: null },
  createdAt: '2026-03-02T13:45:00.000Z',
  revision: 2,
};

describe('need-to-know in the room', () => {
  it('shows a withheld compartment as open once it is lifted, and never withheld again from a late broadcast', () => {
    let state = applyNeedToKnow(EMPTY_NEED_TO_KNOW, { type: 'snapshot', state: { compartments: [withheld] } });
    expect(compartmentsOf(state, 'risks')).toEqual([withheld]);
    state = applyNeedToKnow(state, { type: 'compartment', payload: { compartment: lifted, activity: {} } });
    expect(compartmentsOf(state, 'risks')[0]?.access).toBe('open');
    const late = applyNeedToKnow(state, { type: 'compartment', payload: { compartment: withheld } });
    expect(late).toBe(state);
    expect(compartmentsOf(state, 'strengths')).toEqual([]);
    expect(compartmentsOf(state, 'risks', 'safety-plan')).toEqual([]);
  });

  it('keeps each sharing decision once, from the join, a broadcast or an acknowledgement', () => {
    const decision = {
      id: ID,
      meetingId: MEETING,
      outcome: 'refused',
      what: 'Address of the refuge',
      withWhom: 'Father',
    } as SharingDecisionResponse;
    const state = applyNeedToKnow(EMPTY_NEED_TO_KNOW, { type: 'sharing-decision', payload: { decision } });
    expect(Object.keys(state.sharingDecisions)).toEqual([ID]);
    expect(applyNeedToKnow(state, { type: 'sharing-decision', payload: decision })).toBe(state);
  });

  it('follows the chair’s family-facing marks, as a whole list or one item at a time', () => {
    const section = { type: 'section', id: 'strengths' } as const;
    let state = applyNeedToKnow(EMPTY_NEED_TO_KNOW, { type: 'family-facing', payload: { items: [section] } });
    expect(isFamilyFacing(state, section)).toBe(true);
    state = applyNeedToKnow(state, { type: 'family-facing', payload: { item: section, familyFacing: false } });
    expect(isFamilyFacing(state, section)).toBe(false);
  });
});
