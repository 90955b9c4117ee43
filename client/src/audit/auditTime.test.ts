import { describe, expect, it } from 'vitest';
import { formatAuditTime } from './auditTime';

describe('audit times', () => {
  it('reads to the second in UK time, naming GMT in winter', () => {
    expect(formatAuditTime('2026-03-02T13:05:09Z')).toBe('2 Mar 2026, 13:05:09 GMT');
  });

  it('names BST in summer', () => {
    expect(formatAuditTime('2026-07-01T08:00:00Z')).toBe('1 Jul 2026, 09:00:00 BST');
  });

  it('returns text that is not an instant unchanged', () => {
    expect(formatAuditTime('yesterday')).toBe('yesterday');
  });
});
