import { describe, expect, it } from 'vitest';
import { buildAction, buildPerson } from '../../test/factories';
import { createPayload, draftFromAction, EMPTY_ACTION_DRAFT, updatePayload, type ActionDraft } from './actionDraft';

const MEETING = '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91';
const OWNER = '0b7e8a52-6c1d-4f3e-8a90-1c2d3e4f5a6b';

function draft(overrides: Partial<ActionDraft> = {}): ActionDraft {
  return {
    ...EMPTY_ACTION_DRAFT,
    description: 'Visit the family home',
    ownerUserId: OWNER,
    ownerAgency: 'police',
    due: '2026-07-01T17:00',
    ...overrides,
  };
}

describe('a new action', () => {
  it('sends the due time as UK time with its offset', () => {
    const { payload, errors } = createPayload(MEETING, draft());
    expect(errors).toEqual({});
    expect(payload).toEqual({
      meetingId: MEETING,
      description: 'Visit the family home',
      ownerUserId: OWNER,
      ownerAgency: 'police',
      dueAt: '2026-07-01T17:00:00+01:00',
    });
  });

  it('links a child and a decision only when chosen', () => {
    const child = buildPerson().userId;
    const { payload } = createPayload(MEETING, draft({ childId: child }));
    expect(payload.childId).toBe(child);
    expect(payload).not.toHaveProperty('decisionId');
  });

  it('asks for a due time when there is none', () => {
    expect(createPayload(MEETING, draft({ due: ' ' })).errors).toEqual({
      dueAt: 'Enter the date and time the action is due',
    });
  });

  it('refuses a due time that does not exist', () => {
    expect(createPayload(MEETING, draft({ due: '2026-02-30T10:00' })).errors).toEqual({
      dueAt: 'Due date and time must be real',
    });
  });
});

describe('changing an action', () => {
  const action = buildAction({
    meetingId: MEETING,
    dueAt: '2026-07-01T16:00:00.000Z',
    childId: '11111111-1111-4111-8111-111111111111',
  });

  it('fills the form from the action, the due time in UK time', () => {
    expect(draftFromAction(action)).toMatchObject({ due: '2026-07-01T17:00', childId: action.childId, decisionId: '' });
  });

  it('sends nothing when nothing changed', () => {
    expect(updatePayload(action, draftFromAction(action)).changed).toBe(false);
  });

  it('sends only the fields that changed', () => {
    const { payload, changed } = updatePayload(action, { ...draftFromAction(action), description: 'Phone the school' });
    expect(changed).toBe(true);
    expect(payload).toEqual({ meetingId: MEETING, actionId: action.id, description: 'Phone the school' });
  });

  it('unlinks a child with null', () => {
    const { payload } = updatePayload(action, { ...draftFromAction(action), childId: '' });
    expect(payload.childId).toBeNull();
  });

  it('checks the due time only when it changed', () => {
    const changedDue = updatePayload(action, { ...draftFromAction(action), due: 'soon' });
    expect(changedDue.errors).toEqual({ dueAt: 'Due date and time must be real' });
    const sameDue = updatePayload(action, { ...draftFromAction(action), description: 'Phone' });
    expect(sameDue.errors).toEqual({});
  });
});
