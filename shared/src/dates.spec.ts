import {
  formatDate,
  formatDateTime,
  formatDayOf,
  formatTime,
  formatTimestamp,
  InvalidDateError,
  isoToLondonLocal,
  londonLocalToIso,
} from './dates';

describe('formatDateTime', () => {
  it('writes noon as midday (never "0:00pm") and half past as 12:30pm', () => {
    expect(formatDateTime('2026-12-06T12:00:00Z')).toBe('6 December 2026 at midday');
    expect(formatDateTime('2026-12-06T12:30:00Z')).toBe('6 December 2026 at 12:30pm');
  });

  it('writes the first minute of the day as midnight and half past as 12:30am', () => {
    expect(formatDateTime('2026-12-06T00:00:00Z')).toBe('6 December 2026 at midnight');
    expect(formatDateTime('2026-12-06T00:30:00Z')).toBe('6 December 2026 at 12:30am');
  });

  it('leaves out ":00" on the hour, as GOV.UK does', () => {
    expect(formatDateTime('2026-03-02T13:00:00Z')).toBe('2 March 2026 at 1pm');
    expect(formatDateTime('2026-03-02T09:05:00Z')).toBe('2 March 2026 at 9:05am');
    expect(formatDateTime('2026-03-02T23:59:00Z')).toBe('2 March 2026 at 11:59pm');
  });

  it('names the weekday when asked', () => {
    expect(formatDateTime('2026-12-06T12:30:00Z', { weekday: true })).toBe('Sunday 6 December 2026 at 12:30pm');
  });

  it('moves a summer instant to British Summer Time', () => {
    expect(formatDateTime('2026-07-01T11:00:00Z')).toBe('1 July 2026 at midday');
    expect(formatDateTime('2026-07-01T08:30:00Z')).toBe('1 July 2026 at 9:30am');
  });

  it('shows the UK day when the instant is still the day before in UTC', () => {
    expect(formatDateTime('2026-06-30T23:30:00Z')).toBe('1 July 2026 at 12:30am');
    expect(formatDateTime('2026-06-30T23:00:00Z')).toBe('1 July 2026 at midnight');
    // In winter UK time is UTC: the same UTC clock time stays on its day.
    expect(formatDateTime('2026-12-31T23:30:00Z')).toBe('31 December 2026 at 11:30pm');
  });

  it('accepts a Date and milliseconds as well as ISO text', () => {
    const noon = new Date('2026-12-06T12:00:00Z');
    expect(formatDateTime(noon)).toBe('6 December 2026 at midday');
    expect(formatDateTime(noon.getTime())).toBe('6 December 2026 at midday');
  });

  it('refuses what is not an instant with a clear error', () => {
    expect(() => formatDateTime('not a date')).toThrow(InvalidDateError);
    expect(() => formatDateTime('not a date')).toThrow('Not a date and time: "not a date"');
    expect(() => formatDateTime(new Date(Number.NaN))).toThrow(InvalidDateError);
    expect(() => formatDateTime('')).toThrow(InvalidDateError);
  });
});

describe('the days the clocks change (last Sunday in March and October, at 01:00 UTC)', () => {
  it('goes from 12:59am GMT to 2am BST on 29 March 2026', () => {
    expect(formatDateTime('2026-03-29T00:59:00Z')).toBe('29 March 2026 at 12:59am');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29 March 2026 at 2am');
    expect(formatTimestamp('2026-03-29T00:59:59Z')).toBe('29 March 2026 at 12:59:59am GMT');
    expect(formatTimestamp('2026-03-29T01:00:00Z')).toBe('29 March 2026 at 2:00:00am BST');
  });

  it('names the zone in the hour that happens twice on 25 October 2026', () => {
    expect(formatDateTime('2026-10-25T00:30:00Z')).toBe('25 October 2026 at 1:30am BST');
    expect(formatDateTime('2026-10-25T01:30:00Z')).toBe('25 October 2026 at 1:30am GMT');
    expect(formatTime('2026-10-25T00:00:00Z')).toBe('1am BST');
    expect(formatTime('2026-10-25T01:00:00Z')).toBe('1am GMT');
  });

  it('does not name the zone either side of the repeated hour', () => {
    expect(formatDateTime('2026-10-24T23:59:00Z')).toBe('25 October 2026 at 12:59am');
    expect(formatDateTime('2026-10-25T02:00:00Z')).toBe('25 October 2026 at 2am');
    expect(formatTime('2026-10-26T01:30:00Z')).toBe('1:30am');
  });
});

describe('formatTime', () => {
  it('gives the time of day alone', () => {
    expect(formatTime('2026-03-02T13:05:00Z')).toBe('1:05pm');
    expect(formatTime('2026-03-02T12:00:00Z')).toBe('midday');
    expect(formatTime('2026-03-02T00:00:00Z')).toBe('midnight');
  });
});

describe('formatTimestamp', () => {
  it('reads to the second with the zone, on the 12-hour clock', () => {
    expect(formatTimestamp('2026-03-02T13:05:09Z')).toBe('2 March 2026 at 1:05:09pm GMT');
    expect(formatTimestamp('2026-07-01T08:00:00Z')).toBe('1 July 2026 at 9:00:00am BST');
    expect(formatTimestamp('2026-12-06T12:00:00Z')).toBe('6 December 2026 at 12:00:00pm GMT');
    expect(formatTimestamp('2026-12-06T00:00:01Z')).toBe('6 December 2026 at 12:00:01am GMT');
  });

  it('refuses what is not an instant', () => {
    expect(() => formatTimestamp('yesterday')).toThrow(InvalidDateError);
  });
});

describe('formatDayOf', () => {
  it('gives the UK calendar day of an instant', () => {
    expect(formatDayOf('2026-06-30T23:30:00Z')).toBe('1 July 2026');
    expect(formatDayOf('2026-12-31T23:30:00Z')).toBe('31 December 2026');
  });
});

describe('formatDate', () => {
  it('writes a calendar date without a leading zero and without any zone shift', () => {
    expect(formatDate('2021-11-14')).toBe('14 November 2021');
    expect(formatDate('2026-01-01')).toBe('1 January 2026');
  });

  it('refuses malformed and impossible dates', () => {
    expect(() => formatDate('02/03/2022')).toThrow(InvalidDateError);
    expect(() => formatDate('2026-02-30')).toThrow(InvalidDateError);
    expect(() => formatDate('2026-13-01')).toThrow(InvalidDateError);
  });
});

describe('londonLocalToIso and isoToLondonLocal', () => {
  it('reads winter wall-clock time as GMT and summer as BST', () => {
    expect(londonLocalToIso('2026-03-02T13:00')).toBe('2026-03-02T13:00:00+00:00');
    expect(londonLocalToIso('2026-07-01T09:30')).toBe('2026-07-01T09:30:00+01:00');
  });

  it('uses the right offset either side of the clocks going forward', () => {
    expect(londonLocalToIso('2026-03-29T00:30')).toBe('2026-03-29T00:30:00+00:00');
    expect(londonLocalToIso('2026-03-29T03:00')).toBe('2026-03-29T03:00:00+01:00');
  });

  it('refuses a wall-clock time skipped when the clocks go forward', () => {
    expect(londonLocalToIso('2026-03-29T01:30')).toBeNull();
  });

  it('reads the repeated hour as its first (BST) occurrence when the clocks go back', () => {
    expect(londonLocalToIso('2026-10-25T01:30')).toBe('2026-10-25T01:30:00+01:00');
    expect(londonLocalToIso('2026-10-25T02:30')).toBe('2026-10-25T02:30:00+00:00');
  });

  it('refuses values that are not real dates and times', () => {
    expect(londonLocalToIso('2026-02-30T10:00')).toBeNull();
    expect(londonLocalToIso('2026-02-10T24:00')).toBeNull();
    expect(londonLocalToIso('2026-02-10')).toBeNull();
    expect(londonLocalToIso('')).toBeNull();
  });

  it('round-trips', () => {
    expect(isoToLondonLocal(londonLocalToIso('2026-10-12T16:45') as string)).toBe('2026-10-12T16:45');
    expect(isoToLondonLocal('2026-07-01T08:30:00Z')).toBe('2026-07-01T09:30');
  });

  it('refuses an instant that is not one', () => {
    expect(() => isoToLondonLocal('soon')).toThrow(InvalidDateError);
  });
});
