import type { Clock, ClockRules, ClockStatus, MeetingStatus } from '@roundtable/shared/lifecycle';
import { addWorkingDays, endOfLocalDay, localDate, type WorkingCalendar } from './working-days';

/** What the clocks of one strategy discussion are computed from (references and times only). */
export interface ClockFacts {
  meeting: { status: MeetingStatus; concludedAt: Date | null; reviewDate: string | null };
  /** The discussion (this one or one it reviews) whose local authority decision started section 47 enquiries. */
  s47Start: { reference: string; discussedAt: Date } | null;
  /**
   * One per child for whom that decision (or another in the chain) started
   * section 47 enquiries: when the first initial child protection conference
   * about them started, convened from the chain or held since; null while none has.
   */
  icpcsHeld: (Date | null)[];
  /** When the sealed record was first available to circulate; null if never. */
  recordSealedAt: Date | null;
  /** When the record first went out to its recipients (the first circulation); null if never. */
  recordCirculatedAt: Date | null;
  /** Review discussions of this one, soonest first. */
  reviews: { reference: string; scheduledAt: Date; startedAt: Date | null }[];
}

function calendarOf(rules: ClockRules): WorkingCalendar {
  return { timeZone: rules.timeZone, workingWeek: rules.workingWeek, bankHolidays: rules.bankHolidays };
}

function due(dueDate: string, rules: ClockRules): { dueDate: string; dueAt: string; dueMs: number } {
  const end = endOfLocalDay(dueDate, rules.timeZone);
  return { dueDate, dueAt: end.toISOString(), dueMs: end.getTime() };
}

const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;

/**
 * The statutory clocks of a strategy discussion (DOMAIN.md §2, §11 item 4):
 * - ICPC: due `icpc.workingDays` after the discussion whose LA decision
 *   started s47 (the earliest in a chain of reviews); met, late or not, once
 *   an initial child protection conference about each child it started s47
 *   for has started. The basis names no conference: a member of the
 *   discussion need not be one of the conference (need-to-know).
 * - Record circulation: due `recordCirculation.workingDays` after conclusion;
 *   met when the chair has circulated the sealed record to its recipients
 *   (docs/CIRCULATION.md), not when it was sealed: a sealed record nobody was
 *   sent has not gone out.
 * - Review: due on the review date the chair set, else on the next review
 *   discussion's date; met once a review discussion has started.
 * Due times are the end of the due day in the rules' time zone.
 */
export function computeClocks(facts: ClockFacts, rules: ClockRules, now: Date): Clock[] {
  return [icpcClock(facts, rules, now), circulationClock(facts, rules, now), reviewClock(facts, rules, now)];
}

function icpcClock(facts: ClockFacts, rules: ClockRules, now: Date): Clock {
  const rule = rules.rules.icpc;
  const base = { key: 'icpc' as const, label: rule.label };
  if (!facts.s47Start) {
    return {
      ...base,
      dueAt: null,
      dueDate: null,
      status: 'not-started',
      basis: `Starts when a local authority decision starts section 47 enquiries; due ${days(rule.workingDays)} after that discussion.`,
    };
  }
  const start = localDate(facts.s47Start.discussedAt, rules.timeZone);
  const d = due(addWorkingDays(start, rule.workingDays, calendarOf(rules)), rules);
  const basis = `${days(rule.workingDays)} after ${facts.s47Start.reference} (${start}), whose local authority decision started section 47 enquiries.`;
  const held = facts.icpcsHeld;
  if (held.length === 0 || held.some((at) => at === null)) {
    return {
      ...base,
      dueAt: d.dueAt,
      dueDate: d.dueDate,
      status: now.getTime() > d.dueMs ? 'overdue' : 'running',
      basis,
    };
  }
  // Met when the last child's conference was held.
  const day = localDate(new Date(Math.max(...held.map((at) => at!.getTime()))), rules.timeZone);
  const late = day > d.dueDate ? ' late' : '';
  const which =
    held.length === 1
      ? 'The initial child protection conference was held'
      : `An initial child protection conference was held for each of the ${held.length} children, the last`;
  return { ...base, dueAt: d.dueAt, dueDate: d.dueDate, status: 'met', basis: `${basis} ${which}${late} on ${day}.` };
}

function circulationClock(facts: ClockFacts, rules: ClockRules, now: Date): Clock {
  const rule = rules.rules.recordCirculation;
  const base = { key: 'record-circulation' as const, label: rule.label };
  const concludedAt = facts.meeting.concludedAt;
  if (!concludedAt) {
    return {
      ...base,
      dueAt: null,
      dueDate: null,
      status: 'not-started',
      basis: `Starts when the discussion concludes; due ${days(rule.workingDays)} after that.`,
    };
  }
  const start = localDate(concludedAt, rules.timeZone);
  const d = due(addWorkingDays(start, rule.workingDays, calendarOf(rules)), rules);
  let status: ClockStatus = now.getTime() > d.dueMs ? 'overdue' : 'running';
  let basis = `${days(rule.workingDays)} after the discussion concluded (${start}).`;
  if (facts.recordCirculatedAt) {
    status = 'met';
    const late = facts.recordCirculatedAt.getTime() > d.dueMs;
    basis += ` The record was circulated ${late ? 'late, ' : ''}on ${localDate(facts.recordCirculatedAt, rules.timeZone)}.`;
  } else if (facts.recordSealedAt) {
    basis += ` The record was sealed on ${localDate(facts.recordSealedAt, rules.timeZone)} but has not been circulated yet.`;
  }
  return { ...base, dueAt: d.dueAt, dueDate: d.dueDate, status, basis };
}

function reviewClock(facts: ClockFacts, rules: ClockRules, now: Date): Clock {
  const base = { key: 'review' as const, label: rules.rules.review.label };
  const started = facts.reviews.find((r) => r.startedAt !== null);
  const next = facts.reviews.find((r) => r.startedAt === null);
  const dueDate = facts.meeting.reviewDate ?? (next ? localDate(next.scheduledAt, rules.timeZone) : null) ?? null;
  if (!dueDate) {
    return {
      ...base,
      dueAt: null,
      dueDate: null,
      status: started ? 'met' : 'not-started',
      basis: started
        ? `Review discussion ${started.reference} has started.`
        : 'Starts when the chair sets a review date or schedules a review discussion.',
    };
  }
  const d = due(dueDate, rules);
  const basis = facts.meeting.reviewDate
    ? `The review date the chair set.`
    : `The date of review discussion ${next?.reference ?? ''}.`;
  if (started)
    return { ...base, dueAt: d.dueAt, dueDate, status: 'met', basis: `${basis} ${started.reference} has started.` };
  return { ...base, dueAt: d.dueAt, dueDate, status: now.getTime() > d.dueMs ? 'overdue' : 'running', basis };
}
