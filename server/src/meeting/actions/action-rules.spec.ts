import {
  type ActionFieldValues,
  canCreateAction,
  canEditAction,
  canSetActionStatus,
  diffActionFields,
} from './action-rules';

const OWNER = 'a0000000-0000-4000-8000-000000000001';
const CREATOR = 'a0000000-0000-4000-8000-000000000002';
const OTHER = 'a0000000-0000-4000-8000-000000000003';
const action = { ownerUserId: OWNER, createdBy: CREATOR };

describe('action rules', () => {
  it('lets everyone but observers create actions', () => {
    expect(canCreateAction('chair')).toBe(true);
    expect(canCreateAction('participant')).toBe(true);
    expect(canCreateAction('minute-taker')).toBe(true);
    expect(canCreateAction('observer')).toBe(false);
  });

  it('lets the chair, the owner or the creator change the details', () => {
    expect(canEditAction('chair', OTHER, action)).toBe(true);
    expect(canEditAction('participant', OWNER, action)).toBe(true);
    expect(canEditAction('minute-taker', CREATOR, action)).toBe(true);
    expect(canEditAction('participant', OTHER, action)).toBe(false);
    expect(canEditAction('observer', OWNER, action)).toBe(false);
  });

  it('lets the owner or the chair change the status, not the creator', () => {
    expect(canSetActionStatus('participant', OWNER, action)).toBe(true);
    expect(canSetActionStatus('chair', OTHER, action)).toBe(true);
    expect(canSetActionStatus('minute-taker', CREATOR, action)).toBe(false);
  });

  it('lists only the fields that changed, from and to', () => {
    const before: ActionFieldValues = {
      description: 'Visit the child at school',
      ownerUserId: OWNER,
      ownerAgency: 'childrens-social-care',
      dueAt: '2026-03-03T17:00:00.000Z',
      childId: null,
      decisionId: null,
    };
    const after = { ...before, dueAt: '2026-03-04T12:00:00.000Z', childId: OTHER };
    expect(diffActionFields(before, after)).toEqual([
      { field: 'dueAt', from: '2026-03-03T17:00:00.000Z', to: '2026-03-04T12:00:00.000Z' },
      { field: 'childId', from: null, to: OTHER },
    ]);
    expect(diffActionFields(before, { ...before })).toEqual([]);
  });
});
