import type { RetentionPeriod, RetentionRecordType, RetentionRules } from '@roundtable/shared/retention';
import type { MeetingType } from '@roundtable/shared/pathway';

/**
 * The retention rules as pure functions (docs/RETENTION.md). A period is
 * whole years then days, counted from a record type's start ("closure" for
 * meetings and children, the row's own time for operational data).
 */

/** The record type a meeting's content falls under: strategy discussions apart, every other meeting is a conference record. */
export function meetingRecordType(meetingType: MeetingType): RetentionRecordType {
  return meetingType === 'strategy-discussion' ? 'strategy-discussion-records' : 'conference-records';
}

/** The period as a PostgreSQL interval literal, e.g. `35 years 0 days`. */
export function intervalOf(period: RetentionPeriod): string {
  return `${period.years} years ${period.days} days`;
}

/** `from` plus the period, in UTC calendar years then days (29 February falls back to 28 February, as PostgreSQL does). */
export function addPeriod(from: Date, period: RetentionPeriod): Date {
  const d = new Date(from.getTime());
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + period.years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return new Date(d.getTime() + period.days * 86_400_000);
}

/** The latest moment a record counted from it can have started and be due at `now` (now minus the period). */
export function cutoff(now: Date, period: RetentionPeriod): Date {
  const d = new Date(now.getTime() - period.days * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - period.years);
  return d;
}

/** What a tombstone and a destruction entry say about the rule applied. */
export function ruleDescription(recordType: RetentionRecordType, rules: RetentionRules) {
  const period = rules[recordType];
  return { recordType, years: period.years, days: period.days };
}
