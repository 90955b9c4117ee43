import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime, isoToLondonLocal, londonLocalToIso, parseDateInput } from './dates';

describe('formatDateTime', () => {
  it('reads a winter instant in UK time (GMT) the GOV.UK way', () => {
    expect(formatDateTime('2026-03-02T13:00:00Z')).toBe('Monday 2 March 2026 at 1pm');
  });

  it('moves a summer instant to British Summer Time', () => {
    expect(formatDateTime('2026-07-01T08:30:00Z')).toBe('Wednesday 1 July 2026 at 9:30am');
  });

  it('says midday and midnight rather than 12pm and 12am', () => {
    expect(formatDateTime('2026-01-15T12:00:00Z')).toBe('Thursday 15 January 2026 at midday');
    expect(formatDateTime('2026-01-15T00:00:00Z')).toBe('Thursday 15 January 2026 at midnight');
  });

  it('shows the UK date when the instant falls on another day in UTC', () => {
    expect(formatDateTime('2026-06-30T23:30:00Z')).toBe('Wednesday 1 July 2026 at 12:30am');
  });

  it('writes half past noon as 12:30pm, never 0:30pm', () => {
    expect(formatDateTime('2026-12-06T12:30:00Z')).toBe('Sunday 6 December 2026 at 12:30pm');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('formatDate', () => {
  it('writes a calendar date without a leading zero', () => {
    expect(formatDate('2022-03-02')).toBe('2 March 2022');
  });

  it('returns anything that is not YYYY-MM-DD unchanged', () => {
    expect(formatDate('02/03/2022')).toBe('02/03/2022');
    expect(formatDate('2022-02-30')).toBe('2022-02-30');
  });
});

describe('londonLocalToIso', () => {
  it('reads a winter wall-clock time as GMT', () => {
    expect(londonLocalToIso('2026-03-02T13:00')).toBe('2026-03-02T13:00:00+00:00');
  });

  it('reads a summer wall-clock time as BST', () => {
    expect(londonLocalToIso('2026-07-01T09:30')).toBe('2026-07-01T09:30:00+01:00');
  });

  it('uses the new offset on the day the clocks go forward', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST.
    expect(londonLocalToIso('2026-03-29T00:30')).toBe('2026-03-29T00:30:00+00:00');
    expect(londonLocalToIso('2026-03-29T03:00')).toBe('2026-03-29T03:00:00+01:00');
  });

  it('refuses dates that do not exist and malformed values', () => {
    expect(londonLocalToIso('2026-02-30T10:00')).toBeNull();
    expect(londonLocalToIso('2026-02-10T24:00')).toBeNull();
    expect(londonLocalToIso('2026-02-10')).toBeNull();
    expect(londonLocalToIso('')).toBeNull();
  });

  it('round-trips with isoToLondonLocal', () => {
    const iso = londonLocalToIso('2026-10-12T16:45');
    expect(iso).not.toBeNull();
    expect(isoToLondonLocal(iso as string)).toBe('2026-10-12T16:45');
  });
});

describe('isoToLondonLocal', () => {
  it('gives the input value in UK time for a UTC instant', () => {
    expect(isoToLondonLocal('2026-07-01T08:30:00Z')).toBe('2026-07-01T09:30');
  });

  it('gives an empty value for something that is not an instant', () => {
    expect(isoToLondonLocal('soon')).toBe('');
  });
});

describe('parseDateInput', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const label = 'Date of birth';

  it('treats three empty parts as no answer', () => {
    expect(parseDateInput({ day: ' ', month: '', year: '' }, label)).toEqual({});
  });

  it('names the missing parts', () => {
    expect(parseDateInput({ day: '4', month: '', year: '' }, label)).toEqual({
      error: 'Date of birth must include a month and year',
    });
  });

  it('refuses a date that does not exist', () => {
    expect(parseDateInput({ day: '31', month: '4', year: '2020' }, label)).toEqual({
      error: 'Date of birth must be a real date',
    });
    expect(parseDateInput({ day: 'x', month: '4', year: '20' }, label)).toEqual({
      error: 'Date of birth must be a real date',
    });
  });

  it('refuses a date in the future', () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T12:00:00Z'), toFake: ['Date'] });
    expect(parseDateInput({ day: '3', month: '3', year: '2026' }, label, { notInFuture: true })).toEqual({
      error: 'Date of birth must be today or in the past',
    });
  });

  it('accepts a date in the future unless told not to (a due date or review date is ahead)', () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T12:00:00Z'), toFake: ['Date'] });
    expect(parseDateInput({ day: '3', month: '3', year: '2026' }, 'Due date')).toEqual({ value: '2026-03-03' });
  });

  it('returns a padded ISO date for a real past date', () => {
    expect(parseDateInput({ day: ' 4', month: '5 ', year: '2017' }, label)).toEqual({ value: '2017-05-04' });
  });
});
