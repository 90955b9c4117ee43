import { formatDate, formatDateTime } from './record-text';

describe('the sealed record’s dates and times', () => {
  it('prints noon as midday, not "0:00pm"', () => {
    expect(formatDateTime('2026-12-06T12:00:00Z')).toBe('6 December 2026 at midday');
  });

  it('prints half past noon as 12:30pm', () => {
    expect(formatDateTime('2026-12-06T12:30:00Z')).toBe('6 December 2026 at 12:30pm');
  });

  it('prints half past midnight as 12:30am', () => {
    expect(formatDateTime('2026-12-06T00:30:00Z')).toBe('6 December 2026 at 12:30am');
  });

  it('prints a calendar date without a time zone shift', () => {
    expect(formatDate('2021-11-14')).toBe('14 November 2021');
  });
});
