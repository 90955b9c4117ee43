/**
 * Dates and times on screen: the shared UK formatter (@roundtable/shared/dates,
 * the same one the sealed record uses), with the screen's fallback: a value
 * that is not a date is shown as it came rather than breaking the page.
 */
import * as uk from '@roundtable/shared/dates';

/** The formatted value, or the text as given when it is not a date (a page must not break on one bad value). */
function orAsGiven(text: string, format: () => string): string {
  try {
    return format();
  } catch (error) {
    if (error instanceof uk.InvalidDateError) return text;
    throw error;
  }
}

/** "Monday 2 March 2026 at 1pm" in UK time; the input is any ISO 8601 instant. */
export function formatDateTime(iso: string): string {
  return orAsGiven(iso, () => uk.formatDateTime(iso, { weekday: true }));
}

/** "2 March 2022" for a calendar date `YYYY-MM-DD` (no time zone involved). */
export function formatDate(isoDate: string): string {
  return orAsGiven(isoDate, () => uk.formatDate(isoDate));
}

/** "2 March 2026": the UK calendar day of an ISO instant (a chronology's date). */
export function formatDayOf(iso: string): string {
  return orAsGiven(iso, () => uk.formatDayOf(iso));
}

/**
 * Converts an `<input type="datetime-local">` value (`YYYY-MM-DDTHH:mm`), read
 * as UK time, to ISO 8601 with its offset, e.g. `2026-03-02T13:00:00+00:00`.
 * Null when the value is not a real date and time in the UK.
 */
export const londonLocalToIso = uk.londonLocalToIso;

/** The `datetime-local` value (UK time) for an ISO instant, for pre-filling an input; empty for something else. */
export function isoToLondonLocal(iso: string): string {
  return orAsGiven('', () => uk.isoToLondonLocal(iso));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Validates a GOV.UK date input (day, month, year) and returns `YYYY-MM-DD`, or
 * an error message. Empty input returns `{ value: undefined }`. `notInFuture`
 * for a date that has happened (a date of birth); a due or review date is ahead.
 */
export function parseDateInput(
  parts: { day: string; month: string; year: string },
  label: string,
  { notInFuture = false }: { notInFuture?: boolean } = {},
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
  if (notInFuture && date.getTime() > Date.now()) return { error: `${label} must be today or in the past` };
  return { value: `${y}-${pad(m)}-${pad(d)}` };
}
