/**
 * Dates and times as people in England read them. Meetings are scheduled in
 * UK time (Europe/London) whatever the browser's own time zone is.
 */
const LONDON = 'Europe/London';

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const numericLondonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
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
];

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of format.formatToParts(date)) result[part.type] = part.value;
  return result;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** GOV.UK style time: 9am, 1:30pm, midday, midnight. */
function formatTime(hour: number, minute: number): string {
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const suffix = hour < 12 ? 'am' : 'pm';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${h12}${suffix}` : `${h12}:${pad(minute)}${suffix}`;
}

/** "Monday 2 March 2026 at 1pm" in UK time; the input is any ISO 8601 instant. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsOf(londonParts, date);
  return `${p.weekday} ${p.day} ${p.month} ${p.year} at ${formatTime(Number(p.hour), Number(p.minute))}`;
}

/** "2 March 2022" for a calendar date `YYYY-MM-DD` (no time zone involved). */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** Minutes that UK time is ahead of UTC at the given instant (0 or 60). */
function londonOffsetMinutes(utcMs: number): number {
  const p = partsOf(numericLondonParts, new Date(utcMs));
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
 * Converts an `<input type="datetime-local">` value (`YYYY-MM-DDTHH:mm`), read
 * as UK time, to ISO 8601 with its offset, e.g. `2026-03-02T13:00:00+00:00`.
 * Null when the value is not a real date and time.
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
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;

  // Two passes settle the offset either side of a clock change.
  let offset = londonOffsetMinutes(wall);
  offset = londonOffsetMinutes(wall - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The `datetime-local` value (UK time) for an ISO instant, for pre-filling an input. */
export function isoToLondonLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = partsOf(numericLondonParts, date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * Validates a GOV.UK date input (day, month, year) and returns `YYYY-MM-DD`, or
 * an error message. Empty input returns `{ value: undefined }`.
 */
export function parseDateInput(
  parts: { day: string; month: string; year: string },
  label: string,
): { value?: string; error?: string } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (day === '' && month === '' && year === '') return {};
  const missing = [day === '' && 'day', month === '' && 'month', year === '' && 'year'].filter(Boolean);
  if (missing.length > 0) return { error: `${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${label} must be a real date` };
  }
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `${label} must be a real date` };
  }
  if (date.getTime() > Date.now()) return { error: `${label} must be today or in the past` };
  return { value: `${y}-${pad(m)}-${pad(d)}` };
}
