import { type ActionFieldValues, diffActionFields } from './action-rules';

const OWNER = 'a0000000-0000-4000-8000-000000000001';
const OTHER = 'a0000000-0000-4000-8000-000000000003';

describe('action rules', () => {
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
