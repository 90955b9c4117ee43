import {
  RETENTION_RECORD_TYPES,
  type RetentionPartnership,
  type RetentionPeriod,
  type RetentionRecordType,
  type RetentionRules,
} from '@roundtable/shared/retention';
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

/** What a tombstone and a destruction entry say about the rule applied (and whose schedule it is, when a partnership's). */
export function ruleDescription(recordType: RetentionRecordType, rules: RetentionRules, partnership?: string | null) {
  const period = rules[recordType];
  return {
    recordType,
    years: period.years,
    days: period.days,
    ...(partnership ? { partnership } : {}),
  };
}

/** The deployment's rules and each partnership's (AppConfig.retention). */
export interface RetentionSchedules {
  rules: RetentionRules;
  partnerships: readonly RetentionPartnership[];
}

/** The partnership an organisation (`users.organisation`) belongs to, or null: the deployment's schedule. */
export function partnershipOf(organisation: string | null, schedules: RetentionSchedules): RetentionPartnership | null {
  if (organisation === null) return null;
  return schedules.partnerships.find((p) => p.organisations.includes(organisation)) ?? null;
}

/** The rules that apply to a record whose convener or opener belongs to `organisation`. */
export function rulesFor(organisation: string | null, schedules: RetentionSchedules): RetentionRules {
  return partnershipOf(organisation, schedules)?.rules ?? schedules.rules;
}

/**
 * The schedules as the repository's SQL reads them (`$2::jsonb`): each
 * record type's interval, the deployment's under `default` and each listed
 * organisation's partnership's under `byOrganisation`.
 */
export function schedulesParameter(schedules: RetentionSchedules): string {
  const intervals = (rules: RetentionRules) =>
    Object.fromEntries(RETENTION_RECORD_TYPES.map((t) => [t, intervalOf(rules[t])]));
  const byOrganisation: Record<string, Record<string, string>> = {};
  for (const p of schedules.partnerships) for (const o of p.organisations) byOrganisation[o] = intervals(p.rules);
  return JSON.stringify({ default: intervals(schedules.rules), byOrganisation });
}

/**
 * Which rule decides a record's destruction date: the one that falls due
 * last (its own type's on a tie). Destruction is never earlier than any rule
 * that applies, so this is the rule the tombstone names.
 */
export function governingRecordType(
  own: RetentionRecordType,
  due: { ruleDueAt: Date; lookedAfterDueAt: Date | null; adoptionDueAt: Date | null },
): RetentionRecordType {
  let type = own;
  let latest = new Date(due.ruleDueAt).getTime();
  for (const [candidate, at] of [
    ['looked-after-children-records', due.lookedAfterDueAt],
    ['adoption-records', due.adoptionDueAt],
  ] as const) {
    if (at !== null && new Date(at).getTime() > latest) {
      type = candidate;
      latest = new Date(at).getTime();
    }
  }
  return type;
}
