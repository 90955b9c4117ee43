import { describe, expect, it } from 'vitest';
import { fromServerFields, fromZodIssues, toSummary } from './fieldErrors';

describe('field errors', () => {
  it('keys zod issues by dotted path, keeping the first message for a field', () => {
    expect(
      fromZodIssues([
        { path: ['children', 0, 'name'], message: 'Enter the child’s name' },
        { path: ['children', 0, 'name'], message: 'Name is too long' },
        { path: ['reason'], message: 'Enter the reason' },
      ]),
    ).toEqual({ 'children.0.name': 'Enter the child’s name', reason: 'Enter the reason' });
  });

  it("reads the server's fields, a whole-body error under ''", () => {
    expect(
      fromServerFields([
        { path: 'children.1.dateOfBirth', message: 'Date of birth must be in the past' },
        { path: '', message: 'Change at least one field' },
      ]),
    ).toEqual({ 'children.1.dateOfBirth': 'Date of birth must be in the past', '': 'Change at least one field' });
  });

  describe('the error summary', () => {
    const order = ['reason', 'scheduledAt', 'children'];
    const idFor = (path: string) => (path === '' ? undefined : path.replace(/\./g, '-'));

    it('lists errors in the order the fields appear on the page, not the order they came in', () => {
      const summary = toSummary({ scheduledAt: 'Enter a time', reason: 'Enter a reason' }, order, idFor, 'reason');
      expect(summary.map((error) => error.message)).toEqual(['Enter a reason', 'Enter a time']);
    });

    it('orders repeated fields by number, so child 10 follows child 2', () => {
      const summary = toSummary({ 'children.10.name': 'Eleventh', 'children.2.name': 'Third' }, order, idFor, 'reason');
      expect(summary).toEqual([
        { fieldId: 'children-2-name', message: 'Third' },
        { fieldId: 'children-10-name', message: 'Eleventh' },
      ]);
    });

    it('links an error with no field of its own to the fallback field, after the others', () => {
      const summary = toSummary({ '': 'Change at least one field', reason: 'Too long' }, order, idFor, 'reason');
      expect(summary).toEqual([
        { fieldId: 'reason', message: 'Too long' },
        { fieldId: 'reason', message: 'Change at least one field' },
      ]);
    });
  });
});
