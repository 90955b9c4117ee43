import { ENGLAND_AND_WALES_BANK_HOLIDAYS_2025_2027 } from '@roundtable/shared/lifecycle';
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate, type WorkingCalendar } from './working-days';

const england: WorkingCalendar = {
  timeZone: 'Europe/London',
  workingWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  bankHolidays: ENGLAND_AND_WALES_BANK_HOLIDAYS_2025_2027,
};

describe('working-day calculator', () => {
  it('puts the ICPC 15 working days after a Monday discussion on the Monday three weeks later', () => {
    // DOMAIN.md §9: SD-DEMO-001 on Monday 2 March 2026, ICPC by Monday 23 March.
    expect(addWorkingDays('2026-03-02', 15, england)).toBe('2026-03-23');
  });

  it('skips the Easter bank holidays', () => {
    // Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April are not working days.
    expect(addWorkingDays('2026-04-02', 1, england)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 15, england)).toBe('2026-04-27');
  });

  it('skips the substitute Boxing Day holiday of 2026', () => {
    expect(isWorkingDay('2026-12-28', england)).toBe(false);
    expect(addWorkingDays('2026-12-24', 1, england)).toBe('2026-12-29');
  });

  it('never counts the start day, even when it is a working day', () => {
    expect(addWorkingDays('2026-03-03', 1, england)).toBe('2026-03-04');
  });

  it('counts from the next working day when the event is at a weekend', () => {
    expect(addWorkingDays('2026-03-07', 1, england)).toBe('2026-03-09');
    // Saturday 2 May 2026: Monday 4 May is the early May bank holiday.
    expect(addWorkingDays('2026-05-02', 1, england)).toBe('2026-05-05');
  });

  it('is due the same day with 0 working days', () => {
    expect(addWorkingDays('2026-03-07', 0, england)).toBe('2026-03-07');
  });

  it('follows a partnership’s own working week', () => {
    const sixDays: WorkingCalendar = { ...england, workingWeek: [...england.workingWeek, 'saturday'] };
    expect(addWorkingDays('2026-03-06', 1, sixDays)).toBe('2026-03-07');
  });

  it('refuses a negative number of days and an empty working week', () => {
    expect(() => addWorkingDays('2026-03-02', -1, england)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 1, { ...england, workingWeek: [] })).toThrow(RangeError);
  });

  it('reads the calendar date in the partnership’s time zone', () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(localDate(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(localDate(new Date('2026-01-15T23:30:00Z'), 'Europe/London')).toBe('2026-01-15');
  });

  it('ends a day at 23:59:59.999 local time, in winter and in summer', () => {
    expect(endOfLocalDay('2026-01-15', 'Europe/London').toISOString()).toBe('2026-01-15T23:59:59.999Z');
    expect(endOfLocalDay('2026-07-01', 'Europe/London').toISOString()).toBe('2026-07-01T22:59:59.999Z');
    // The day the clocks go forward (29 March 2026) ends in BST.
    expect(endOfLocalDay('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T22:59:59.999Z');
  });
});
