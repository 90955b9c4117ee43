import type { Weekday } from '@roundtable/shared/lifecycle';

/** The days a partnership works: its working week, bank holidays, and the time zone days are counted in. */
export interface WorkingCalendar {
  timeZone: string;
  workingWeek: readonly Weekday[];
  /** YYYY-MM-DD, in the calendar's time zone. */
  bankHolidays: readonly string[];
}

/** getUTCDay() order: Sunday first. */
const BY_UTC_DAY: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMidnight(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtcMidnight(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** True for a day of the working week that is not a bank holiday. */
export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  const weekday = BY_UTC_DAY[new Date(toUtcMidnight(date)).getUTCDay()] as Weekday;
  return calendar.workingWeek.includes(weekday) && !calendar.bankHolidays.includes(date);
}

/**
 * The date `workingDays` working days after `start`.
 *
 * Start-day rule: the day of the event (`start`) is day 0 and never counts,
 * whether or not it is a working day; counting starts on the next working
 * day, and the due day is the last one counted. So a discussion on Monday
 * 2 March 2026 plus 15 working days is due on Monday 23 March 2026, and one
 * on a Saturday plus 1 is due on the Monday (the Tuesday if Monday is a bank
 * holiday). With 0 working days the due day is `start` itself.
 */
export function addWorkingDays(start: string, workingDays: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(workingDays) || workingDays < 0) throw new RangeError('workingDays must be a whole number ≥ 0');
  if (calendar.workingWeek.length === 0) throw new RangeError('the working week has no days');
  let day = toUtcMidnight(start);
  let counted = 0;
  while (counted < workingDays) {
    day += DAY_MS;
    if (isWorkingDay(fromUtcMidnight(day), calendar)) counted++;
  }
  return fromUtcMidnight(day);
}

/** Milliseconds the time zone is ahead of UTC at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The last millisecond of a calendar day in a time zone (23:59:59.999 local time). */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const wallClock = toUtcMidnight(date) + DAY_MS - 1;
  // Two passes settle the offset even when the day is a clock change.
  let instant = wallClock - offsetMs(wallClock, timeZone);
  instant = wallClock - offsetMs(instant, timeZone);
  return new Date(instant);
}
