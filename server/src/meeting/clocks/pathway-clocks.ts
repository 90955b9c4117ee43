import type { ClockRules, ClockStatus } from '@roundtable/shared/lifecycle';
import type { PathwayClock, PathwayClockKey, PlanStatus } from '@roundtable/shared/pathway';
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate, type WorkingCalendar } from './working-days';

/** A meeting of the pathway as the clocks see it: its reference and when it started (was held). */
export interface HeldMeeting {
  reference: string;
  startedAt: Date;
}

/** What one child's pathway clocks are computed from (references and times only, never case content). */
export interface PathwayFacts {
  /** The latest strategy discussion whose local authority decision in force started section 47 enquiries for the child. */
  s47Start: { reference: string; discussedAt: Date } | null;
  /** Started (held) ICPCs about the child. */
  icpcs: readonly HeldMeeting[];
  /** Started core groups about the child. */
  coreGroups: readonly HeldMeeting[];
  /** Started review conferences about the child. */
  reviewConferences: readonly HeldMeeting[];
  /** The child's latest child protection plan, if any. */
  plan: {
    status: PlanStatus;
    startedAt: Date;
    /** The ICPC that started it; `startedAt` null only if it was never started (the plan's own start is used then). */
    startedBy: { reference: string; startedAt: Date | null };
    endedAt: Date | null;
    /** From the plan's current version. */
    coreGroupEveryWeeks: number;
  } | null;
}

type Rules = ClockRules['rules'];

function calendarOf(rules: ClockRules): WorkingCalendar {
  return { timeZone: rules.timeZone, workingWeek: rules.workingWeek, bankHolidays: rules.bankHolidays };
}

const DAY_MS = 86_400_000;
const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`;
const weeks = (n: number) => `${n} week${n === 1 ? '' : 's'}`;

/**
 * The same day `count` calendar months after `date` (YYYY-MM-DD), clamped to
 * the last day of a shorter month: 30 November + 3 months is 28 February
 * (29 in a leap year), 31 August + 1 month is 30 September.
 */
export function addCalendarMonths(date: string, count: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + count;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** `date` itself when it is a working day, else the last working day before it (a meeting due "by" a day is held by then). */
export function lastWorkingDayOnOrBefore(date: string, calendar: WorkingCalendar): string {
  if (calendar.workingWeek.length === 0) throw new RangeError('the working week has no days');
  let day = Date.parse(`${date}T00:00:00Z`);
  while (!isWorkingDay(new Date(day).toISOString().slice(0, 10), calendar)) day -= DAY_MS;
  return new Date(day).toISOString().slice(0, 10);
}

/**
 * The pathway clocks of one child (DOMAIN-PATHWAY §1.1, §2, §3, §9.1 item 2),
 * in PATHWAY_CLOCK_KEYS order:
 * - `icpc`: due `icpc.workingDays` working days after the latest strategy
 *   discussion that started section 47 enquiries; met once an ICPC about the
 *   child has started after it. Not started before section 47.
 * - `first-core-group`: due `firstCoreGroup.workingDays` working days after
 *   the ICPC that started the plan; met once a core group has started since.
 * - `core-group`: the next one, due the plan's `coreGroupEveryWeeks` after the
 *   last core group started; runs (or is overdue) while the plan is active.
 * - `first-review-conference`: due `firstReviewConference.months` calendar
 *   months after the ICPC; met once a review conference has started since.
 * - `review-conference`: due `reviewConference.months` after the last review
 *   conference started.
 * Calendar due days (months, weeks) that are not working days move back to
 * the last working day before: ICPC Friday 20 March 2026 → review by Saturday
 * 20 June, so Friday 19 June. A month-end is clamped (30 November + 3 months
 * → 28 February). Due times are the end of the due day in the rules' time
 * zone, so a clock is never overdue before that day is over, BST or not.
 *
 * Once the plan has ended, the four plan clocks are left out: nothing is due
 * any more, and the chronology keeps what happened. Before any plan they are
 * "not started". Only meetings held since the plan's ICPC count towards them,
 * so an earlier plan's core groups never meet a later plan's clock.
 */
export function computePathwayClocks(facts: PathwayFacts, rules: ClockRules, now: Date): PathwayClock[] {
  const icpc = icpcClock(facts, rules, now);
  const plan = facts.plan;
  if (plan?.status === 'ended') return [icpc];
  if (!plan) return [icpc, ...planClocksNotStarted(rules.rules)];
  const icpcHeld = plan.startedBy.startedAt ?? plan.startedAt;
  const since = (meetings: readonly HeldMeeting[]) =>
    [...meetings].filter((m) => m.startedAt >= icpcHeld).sort((a, b) => +a.startedAt - +b.startedAt);
  const context: PlanContext = {
    rules,
    now,
    icpc: { reference: plan.startedBy.reference, date: localDate(icpcHeld, rules.timeZone) },
    coreGroups: since(facts.coreGroups),
    reviews: since(facts.reviewConferences),
    coreGroupEveryWeeks: plan.coreGroupEveryWeeks,
  };
  return [
    icpc,
    firstCoreGroupClock(context),
    nextCoreGroupClock(context),
    firstReviewClock(context),
    nextReviewClock(context),
  ];
}

interface PlanContext {
  rules: ClockRules;
  now: Date;
  /** The ICPC that started the plan, and the day it was held (in the rules' time zone). */
  icpc: { reference: string; date: string };
  /** Core groups and review conferences held since that ICPC, oldest first. */
  coreGroups: HeldMeeting[];
  reviews: HeldMeeting[];
  coreGroupEveryWeeks: number;
}

function clock(
  key: PathwayClockKey,
  label: string,
  dueDate: string | null,
  status: ClockStatus,
  basis: string,
  rules: ClockRules,
): PathwayClock {
  return {
    key,
    label,
    dueDate,
    dueAt: dueDate ? endOfLocalDay(dueDate, rules.timeZone).toISOString() : null,
    status,
    basis,
  };
}

/** Running until the end of the due day, overdue after. */
function runningOrOverdue(dueDate: string, rules: ClockRules, now: Date): ClockStatus {
  return now.getTime() > endOfLocalDay(dueDate, rules.timeZone).getTime() ? 'overdue' : 'running';
}

/** Met, late or not, once `held` exists; else running or overdue. Says which meeting met it. */
function metBy(
  held: HeldMeeting | undefined,
  dueDate: string,
  rules: ClockRules,
  now: Date,
  basis: string,
): { status: ClockStatus; basis: string } {
  if (!held) return { status: runningOrOverdue(dueDate, rules, now), basis };
  const day = localDate(held.startedAt, rules.timeZone);
  const late = day > dueDate ? ' late' : '';
  return { status: 'met', basis: `${basis} ${held.reference} was held${late} on ${day}.` };
}

function icpcClock(facts: PathwayFacts, rules: ClockRules, now: Date): PathwayClock {
  const rule = rules.rules.icpc;
  const s47 = facts.s47Start;
  if (!s47) {
    return clock(
      'icpc',
      rule.label,
      null,
      'not-started',
      `Starts when a local authority decision starts section 47 enquiries; due ${days(rule.workingDays)} after that discussion.`,
      rules,
    );
  }
  const start = localDate(s47.discussedAt, rules.timeZone);
  const dueDate = addWorkingDays(start, rule.workingDays, calendarOf(rules));
  const held = [...facts.icpcs]
    .filter((m) => m.startedAt >= s47.discussedAt)
    .sort((a, b) => +a.startedAt - +b.startedAt)[0];
  const { status, basis } = metBy(
    held,
    dueDate,
    rules,
    now,
    `${days(rule.workingDays)} after ${s47.reference} (${start}), whose local authority decision started section 47 enquiries.`,
  );
  return clock('icpc', rule.label, dueDate, status, basis, rules);
}

function planClocksNotStarted(rules: Rules): PathwayClock[] {
  const notStarted = (key: PathwayClockKey, label: string, basis: string): PathwayClock => ({
    key,
    label,
    dueAt: null,
    dueDate: null,
    status: 'not-started',
    basis,
  });
  return [
    notStarted(
      'first-core-group',
      rules.firstCoreGroup.label,
      `Starts when an initial child protection conference decides a child protection plan; due ${days(rules.firstCoreGroup.workingDays)} after it.`,
    ),
    notStarted(
      'core-group',
      rules.coreGroup.label,
      'Starts after the first core group, at the frequency the plan sets.',
    ),
    notStarted(
      'first-review-conference',
      rules.firstReviewConference.label,
      `Starts when an initial child protection conference decides a child protection plan; due ${months(rules.firstReviewConference.months)} after it.`,
    ),
    notStarted(
      'review-conference',
      rules.reviewConference.label,
      `Starts after the first review conference; due ${months(rules.reviewConference.months)} after each.`,
    ),
  ];
}

function firstCoreGroupClock(c: PlanContext): PathwayClock {
  const rule = c.rules.rules.firstCoreGroup;
  const dueDate = addWorkingDays(c.icpc.date, rule.workingDays, calendarOf(c.rules));
  const { status, basis } = metBy(
    c.coreGroups[0],
    dueDate,
    c.rules,
    c.now,
    `${days(rule.workingDays)} after ${c.icpc.reference} (${c.icpc.date}), which started the plan.`,
  );
  return clock('first-core-group', rule.label, dueDate, status, basis, c.rules);
}

function nextCoreGroupClock(c: PlanContext): PathwayClock {
  const label = c.rules.rules.coreGroup.label;
  const last = c.coreGroups.at(-1);
  if (!last) {
    return clock(
      'core-group',
      label,
      null,
      'not-started',
      `Starts after the first core group; then due every ${weeks(c.coreGroupEveryWeeks)}, as the plan sets.`,
      c.rules,
    );
  }
  const lastDay = localDate(last.startedAt, c.rules.timeZone);
  const dueDate = lastWorkingDayOnOrBefore(
    new Date(Date.parse(`${lastDay}T00:00:00Z`) + c.coreGroupEveryWeeks * 7 * DAY_MS).toISOString().slice(0, 10),
    calendarOf(c.rules),
  );
  return clock(
    'core-group',
    label,
    dueDate,
    runningOrOverdue(dueDate, c.rules, c.now),
    `${weeks(c.coreGroupEveryWeeks)} (as the plan sets) after ${last.reference} (${lastDay}).`,
    c.rules,
  );
}

/** `count` months after `date`, back to the last working day if it falls on another. */
function monthsLater(date: string, count: number, rules: ClockRules): string {
  return lastWorkingDayOnOrBefore(addCalendarMonths(date, count), calendarOf(rules));
}

function firstReviewClock(c: PlanContext): PathwayClock {
  const rule = c.rules.rules.firstReviewConference;
  const dueDate = monthsLater(c.icpc.date, rule.months, c.rules);
  const { status, basis } = metBy(
    c.reviews[0],
    dueDate,
    c.rules,
    c.now,
    `${months(rule.months)} after ${c.icpc.reference} (${c.icpc.date}), which started the plan.`,
  );
  return clock('first-review-conference', rule.label, dueDate, status, basis, c.rules);
}

function nextReviewClock(c: PlanContext): PathwayClock {
  const rule = c.rules.rules.reviewConference;
  const last = c.reviews.at(-1);
  if (!last) {
    return clock(
      'review-conference',
      rule.label,
      null,
      'not-started',
      `Starts after the first review conference; due ${months(rule.months)} after each.`,
      c.rules,
    );
  }
  const lastDay = localDate(last.startedAt, c.rules.timeZone);
  const dueDate = monthsLater(lastDay, rule.months, c.rules);
  return clock(
    'review-conference',
    rule.label,
    dueDate,
    runningOrOverdue(dueDate, c.rules, c.now),
    `${months(rule.months)} after ${last.reference} (${lastDay}).`,
    c.rules,
  );
}
