import { describe, expect, it } from 'vitest';
import { formatAuditTime } from './auditTime';

describe('audit times', () => {
  it('reads to the second in UK time, naming GMT in winter', () => {
    expect(formatAuditTime('2026-03-02T13:05:09Z')).toBe('2 March 2026 at 1:05:09pm GMT');
  });

  it('names BST in summer', () => {
    expect(formatAuditTime('2026-07-01T08:00:00Z')).toBe('1 July 2026 at 9:00:00am BST');
  });

  it('keeps noon on the 12-hour clock (never "0:00:00pm")', () => {
    expect(formatAuditTime('2026-12-06T12:00:30Z')).toBe('6 December 2026 at 12:00:30pm GMT');
  });

  it('returns text that is not an instant unchanged', () => {
    expect(formatAuditTime('yesterday')).toBe('yesterday');
  });
});
