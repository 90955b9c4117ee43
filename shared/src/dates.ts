/**
 * Dates and times as people in England read them (the GOV.UK style guide):
 * "6 December 2026 at 12:30pm", "midday", "midnight", "9am". Every instant is
 * shown in UK time (Europe/London: GMT in winter, BST in summer) whatever the
 * time zone of the machine or browser. The one formatter of the client and
 * the server's renderers (the sealed record, lifecycle messages), so a time
 * reads the same on the screen and in the record. Runtime-neutral: only
 * `Intl` and `Date`.
 *
 * Intl is asked for a 12-hour clock with `hourCycle: 'h12'` (1–12). Never
 * `hour12: true`: with en-GB that selects the 0–11 cycle and prints noon as
 * "0:00pm".
 */

export const UK_TIME_ZONE = 'Europe/London';

/** An instant: a `Date`, an ISO 8601 string or milliseconds since the epoch. */
export type Instant = Date | string | number;

/** Thrown for input that is not a date (or a date and time): a clear error, never "Invalid Date" in a record. */
export class InvalidDateError extends RangeError {
  constructor(readonly input: unknown) {
    super(`Not a date and time: ${JSON.stringify(String(input).slice(0, 40))}`);
    this.name = 'InvalidDateError';
  }
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  hourCycle: 'h12',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

const londonNumericParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** The wall clock in London at an instant, on the 12-hour clock. */
interface LondonWallClock {
  weekday: string;
  day: string;
  month: string;
  year: string;
  /** 1–12. */
  hour: number;
  minute: number;
  second: number;
  period: 'am' | 'pm';
  /** "GMT" or "BST". */
  zone: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(instant: Instant): Date {
  const date = instant instanceof Date ? new Date(instant.getTime()) : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new InvalidDateError(instant);
  return date;
}

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of format.formatToParts(date)) result[part.type] = part.value;
  return result;
}

function wallClock(date: Date): LondonWallClock {
  const p = partsOf(londonParts, date);
  // en-GB prints "am"/"pm"; some ICU versions "a.m." or "AM": normalise.
  const period = (p.dayPeriod ?? '').toLowerCase().replace(/[.\s]/g, '') === 'pm' ? 'pm' : 'am';
  return {
    weekday: p.weekday ?? '',
    day: p.day ?? '',
    month: p.month ?? '',
    year: p.year ?? '',
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    period,
    zone: p.timeZoneName ?? '',
  };
}

/** GOV.UK style: "9am", "1:30pm", "12:30am", "midday", "midnight". */
function timeWords(clock: LondonWallClock): string {
  if (clock.hour === 12 && clock.minute === 0) return clock.period === 'pm' ? 'midday' : 'midnight';
  return clock.minute === 0 ? `${clock.hour}${clock.period}` : `${clock.hour}:${pad(clock.minute)}${clock.period}`;
}

const sameWallMinute = (a: LondonWallClock, b: LondonWallClock) =>
  a.day === b.day &&
  a.month === b.month &&
  a.year === b.year &&
  a.hour === b.hour &&
  a.minute === b.minute &&
  a.period === b.period;

/**
 * True in the hour that happens twice when the clocks go back (1am to 2am on
 * the last Sunday in October, once in BST and again in GMT): there the wall
 * clock alone does not say which instant is meant.
 */
function isRepeatedHour(date: Date, clock: LondonWallClock): boolean {
  const hour = 3_600_000;
  return (
    sameWallMinute(clock, wallClock(new Date(date.getTime() - hour))) ||
    sameWallMinute(clock, wallClock(new Date(date.getTime() + hour)))
  );
}

/**
 * The time of day in UK time, GOV.UK style: "9am", "1:30pm", "12:30am",
 * "midday", "midnight"; in the hour that repeats when the clocks go back,
 * with its zone ("1:30am BST", "1:30am GMT"). Throws InvalidDateError for
 * something that is not an instant.
 */
export function formatTime(instant: Instant): string {
  const date = toDate(instant);
  const clock = wallClock(date);
  return isRepeatedHour(date, clock) ? `${timeWords(clock)} ${clock.zone}` : timeWords(clock);
}

/**
 * "6 December 2026 at 12:30pm" in UK time, or with `weekday`
 * "Sunday 6 December 2026 at 12:30pm". Throws InvalidDateError for something
 * that is not an instant.
 */
export function formatDateTime(instant: Instant, options: { weekday?: boolean } = {}): string {
  const date = toDate(instant);
  const clock = wallClock(date);
  const day = `${clock.day} ${clock.month} ${clock.year}`;
  return `${options.weekday ? `${clock.weekday} ` : ''}${day} at ${formatTime(date)}`;
}

/**
 * An instant to the second with its zone, for the audit trail and record
 * history: "6 December 2026 at 12:30:05pm GMT" (no "midday" here: the seconds
 * are the point). Throws InvalidDateError for something that is not an instant.
 */
export function formatTimestamp(instant: Instant): string {
  const clock = wallClock(toDate(instant));
  return `${clock.day} ${clock.month} ${clock.year} at ${clock.hour}:${pad(clock.minute)}:${pad(clock.second)}${clock.period} ${clock.zone}`;
}

/** The UK calendar day of an instant: "6 December 2026". Throws InvalidDateError for something that is not an instant. */
export function formatDayOf(instant: Instant): string {
  const clock = wallClock(toDate(instant));
  return `${clock.day} ${clock.month} ${clock.year}`;
}

/**
 * A calendar date `YYYY-MM-DD` (a date of birth, a review date; no time zone
 * involved): "14 November 2021". Throws InvalidDateError for anything else,
 * including days that do not exist (2026-02-30).
 */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new InvalidDateError(isoDate);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new InvalidDateError(isoDate);
  }
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** Minutes that UK time is ahead of UTC at the given instant (0 or 60). */
function londonOffsetMinutes(utcMs: number): number {
  const p = partsOf(londonNumericParts, new Date(utcMs));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - utcMs) / 60_000);
}

/**
 * Reads a wall-clock time `YYYY-MM-DDTHH:mm` (an `<input type="datetime-local">`
 * value) as UK time and gives ISO 8601 with its offset, e.g.
 * `2026-03-02T13:00:00+00:00`. Null when the value is not a real date and time.
 * A time that does not exist in the UK (skipped when the clocks go forward,
 * e.g. 1:30am on 29 March 2026) is null; a time that happens twice when they
 * go back reads as its first (BST) occurrence.
 */
export function londonLocalToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  // The offsets in force a few hours either side (they differ only on the days the clocks change): a
  // wall time is real under an offset when that instant really shows it. Earlier instant first.
  const offsets = [...new Set([londonOffsetMinutes(wall - 3 * 3_600_000), londonOffsetMinutes(wall + 3 * 3_600_000)])];
  const offset = offsets.sort((a, b) => b - a).find((o) => londonOffsetMinutes(wall - o * 60_000) === o);
  if (offset === undefined) return null;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall-clock value `YYYY-MM-DDTHH:mm` in UK time of an instant (to pre-fill a datetime-local input); throws InvalidDateError. */
export function isoToLondonLocal(instant: Instant): string {
  const p = partsOf(londonNumericParts, toDate(instant));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
