import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import { formatDate, formatDateTime } from '@roundtable/shared/dates';
import type { Clock, ClockKey, ClockRules } from '@roundtable/shared/lifecycle';
import type { PathwayClockKey } from '@roundtable/shared/pathway';
import { type AudienceMember, isInAudience } from '@roundtable/shared/need-to-know';
import type { ReminderKind } from '@roundtable/shared/notifications';
import { MEETING_TYPE_LABELS, type MeetingType } from '@roundtable/shared/pathway';
import { canActOnEscalation } from '@roundtable/shared/permissions';
import { entryAudience, type RestrictionKind } from '@roundtable/shared/templates';
import { addWorkingDays, localDate } from '../clocks/working-days';

/**
 * Which reminders are due (docs/NOTIFICATIONS.md). Pure: facts and "now" in,
 * reminders out. Each reminder has a key (kind, subject, stage, recipient)
 * under which it is raised once; the stage names what it is about (the due
 * time, the clock's due date, the escalation's latest step, the meeting's
 * time), so a changed deadline or a new step can raise a new one, and the
 * same facts never raise the same one twice. Texts carry no case content:
 * the meeting's type and reference, a date or time, the kind of reminder.
 */

export interface ReminderSettings {
  actionChairAfterDays: number;
  clockWarningWorkingDays: number;
  escalationStaleDays: number;
  meetingLeadHours: number;
}

/** A member of a meeting who may receive its reminders (has access now, account enabled). */
export type Recipient = AudienceMember;

export interface MeetingRef {
  meetingId: string;
  reference: string;
  meetingType: MeetingType;
}

export interface OverdueActionFact extends MeetingRef {
  actionId: string;
  dueAt: Date;
  ownerUserId: string;
  createdBy: string;
  restriction: RestrictionKind | null;
  members: Recipient[];
}

export interface ClockFact extends MeetingRef {
  clock: Pick<Clock, 'label' | 'status' | 'dueDate'> & { key: ClockKey | PathwayClockKey };
  members: Recipient[];
  /**
   * A child's pathway clock (core groups, review conferences): the child (the
   * subject), who answers for it (the child's LCPP and the plan's lead
   * professional) and the child's page; the meeting is the ICPC that started
   * the plan. Absent: the meeting's own clock, to its chairs.
   */
  child?: { childId: string; recipients: Recipient[] };
}

export interface StaleEscalationFact extends MeetingRef {
  dissentId: string;
  dissentingAgency: Agency;
  lastStepId: string;
  lastStepAt: Date;
  members: Recipient[];
}

export interface UpcomingMeetingFact extends MeetingRef {
  scheduledAt: Date;
  members: Recipient[];
}

export interface ReminderKey {
  kind: ReminderKind;
  subjectId: string;
  stage: string;
  recipientUserId: string;
}

export interface Reminder extends ReminderKey {
  meetingId: string;
  meetingReference: string;
  /** The in-app notification's one sentence. */
  title: string;
  /** A path in the app. */
  link: string;
  emailSubject: string;
  /** Without the link and the footer (added when sent, with the app's address). */
  emailBody: string;
}

const DAY_MS = 86_400_000;

/** The key as one string (for sets and tests). */
export function reminderKeyString(key: ReminderKey): string {
  return [key.kind, key.subjectId, key.stage, key.recipientUserId].join('|');
}

function meetingName(m: MeetingRef): string {
  const label = MEETING_TYPE_LABELS[m.meetingType] ?? 'Meeting';
  return `${label.charAt(0).toLowerCase()}${label.slice(1)} ${m.reference}`;
}

function base(m: MeetingRef, kind: ReminderKind, subjectId: string, stage: string) {
  return {
    kind,
    subjectId,
    stage,
    meetingId: m.meetingId,
    meetingReference: m.reference,
    link: `/meetings/${m.meetingId}`,
  };
}

/**
 * An overdue action: its owner once it is past due; the meeting's chairs once
 * it has been overdue `actionChairAfterDays` days. Only members in the
 * action's audience (a restricted action: its agency, the chair, its owner
 * and recorder), and the text never says what the action is.
 */
export function overdueActionReminders(fact: OverdueActionFact, now: Date, settings: ReminderSettings): Reminder[] {
  const dueMs = fact.dueAt.getTime();
  if (now.getTime() <= dueMs) return [];
  const audience = entryAudience(fact.restriction, [fact.createdBy, fact.ownerUserId]);
  const inAudience = fact.members.filter((m) => isInAudience(m, audience));
  const stage = fact.dueAt.toISOString();
  const out: Reminder[] = [];
  const owner = inAudience.find((m) => m.userId === fact.ownerUserId);
  if (owner) {
    out.push({
      ...base(fact, 'action-overdue', fact.actionId, `owner@${stage}`),
      recipientUserId: owner.userId,
      title: `An action you own is overdue in ${fact.reference}`,
      emailSubject: `Overdue action in ${fact.reference}`,
      emailBody: `An action you own in ${meetingName(fact)} is overdue.`,
    });
  }
  if (now.getTime() > dueMs + settings.actionChairAfterDays * DAY_MS) {
    const days = `${settings.actionChairAfterDays} day${settings.actionChairAfterDays === 1 ? '' : 's'}`;
    for (const chair of inAudience.filter((m) => m.role === 'chair')) {
      out.push({
        ...base(fact, 'action-overdue-chair', fact.actionId, `chair@${stage}`),
        recipientUserId: chair.userId,
        title: `An action in ${fact.reference} has been overdue for more than ${days}`,
        emailSubject: `Action overdue for more than ${days} in ${fact.reference}`,
        emailBody: `An action in ${meetingName(fact)}, which you chair, has been overdue for more than ${days}.`,
      });
    }
  }
  return out;
}

/**
 * Who answers for a statutory clock: the chairs, and for the ICPC clock the
 * local authority's lead too (children's social care participants: the local
 * authority convenes the conference, DOMAIN.md §3.6).
 */
export function clockRecipients(key: ClockKey | PathwayClockKey, members: readonly Recipient[]): Recipient[] {
  return members.filter(
    (m) => m.role === 'chair' || (key === 'icpc' && m.role === 'participant' && m.agency === 'childrens-social-care'),
  );
}

/**
 * A statutory clock: approaching when it runs and is due within
 * `clockWarningWorkingDays` working days (by the clock rules' calendar);
 * passed when it is overdue. Met and not-started clocks raise nothing.
 */
export function clockReminders(
  fact: ClockFact,
  now: Date,
  settings: ReminderSettings,
  rules: Pick<ClockRules, 'timeZone' | 'workingWeek' | 'bankHolidays'>,
): Reminder[] {
  const { clock } = fact;
  if (!clock.dueDate || (clock.status !== 'running' && clock.status !== 'overdue')) return [];
  let kind: ReminderKind;
  if (clock.status === 'overdue') {
    kind = 'clock-passed';
  } else {
    const today = localDate(now, rules.timeZone);
    const warnFrom = addWorkingDays(today, settings.clockWarningWorkingDays, rules);
    if (warnFrom < clock.dueDate) return [];
    kind = 'clock-approaching';
  }
  const due = formatDate(clock.dueDate);
  const subjectId = fact.child?.childId ?? fact.meetingId;
  const recipients = fact.child ? fact.child.recipients : clockRecipients(clock.key, fact.members);
  // A child is never named: only the reference of the conference that started their plan.
  const about = fact.child ? `a child whose plan started at ${fact.reference}` : fact.reference;
  const aboutLong = fact.child ? `a child whose plan started at ${meetingName(fact)}` : meetingName(fact);
  const link = fact.child ? `/children/${fact.child.childId}` : `/meetings/${fact.meetingId}`;
  return recipients.map((m) => ({
    ...base(fact, kind, subjectId, `${clock.key}@${clock.dueDate}`),
    link,
    recipientUserId: m.userId,
    title:
      kind === 'clock-passed'
        ? `${clock.label}: the deadline for ${about} passed on ${due}`
        : `${clock.label}: the deadline for ${about} is ${due}`,
    emailSubject:
      kind === 'clock-passed'
        ? `Deadline passed: ${clock.label}, ${fact.reference}`
        : `Deadline approaching: ${clock.label}, ${fact.reference}`,
    emailBody:
      kind === 'clock-passed'
        ? `The statutory deadline "${clock.label}" for ${aboutLong} passed on ${due} and has not been met.`
        : `The statutory deadline "${clock.label}" for ${aboutLong} is ${due}.`,
  }));
}

/**
 * An open escalation of dissent whose latest step is `escalationStaleDays`
 * days old: to those who may act on it (the chair, the dissenting agency's
 * participants; `canActOnEscalation`). A new step starts the wait again.
 */
export function staleEscalationReminders(fact: StaleEscalationFact, now: Date, settings: ReminderSettings): Reminder[] {
  if (now.getTime() - fact.lastStepAt.getTime() < settings.escalationStaleDays * DAY_MS) return [];
  const days = `${settings.escalationStaleDays} day${settings.escalationStaleDays === 1 ? '' : 's'}`;
  return fact.members
    .filter((m) => canActOnEscalation(m.role as MeetingRole, m.agency, fact.dissentingAgency))
    .map((m) => ({
      ...base(fact, 'escalation-stale', fact.dissentId, `after@${fact.lastStepId}`),
      recipientUserId: m.userId,
      title: `An escalation of dissent in ${fact.reference} has had no step for ${days}`,
      emailSubject: `Escalation with no step for ${days} in ${fact.reference}`,
      emailBody: `An escalation of dissent in ${meetingName(fact)} has had no new step for ${days}. Record the next step or its outcome.`,
    }));
}

/** A scheduled meeting starting within `meetingLeadHours`: to each member. A new time raises a new one. */
export function upcomingMeetingReminders(fact: UpcomingMeetingFact, now: Date, settings: ReminderSettings): Reminder[] {
  const until = fact.scheduledAt.getTime() - now.getTime();
  if (until <= 0 || until > settings.meetingLeadHours * 3_600_000) return [];
  const when = formatDateTime(fact.scheduledAt, { weekday: true });
  return fact.members.map((m) => ({
    ...base(fact, 'meeting-soon', fact.meetingId, `before@${fact.scheduledAt.toISOString()}`),
    recipientUserId: m.userId,
    title: `${MEETING_TYPE_LABELS[fact.meetingType]} ${fact.reference} starts on ${when}`,
    emailSubject: `Reminder: ${fact.reference} on ${when}`,
    emailBody: `You are a member of ${meetingName(fact)}, which starts on ${when}.`,
  }));
}

/** The email's text: the body, the link, and what it leaves out. */
export function reminderEmailText(reminder: Pick<Reminder, 'emailBody' | 'link'>, publicUrl: string): string {
  return [
    reminder.emailBody,
    '',
    `Sign in to Roundtable to see it: ${publicUrl}${reminder.link}`,
    '',
    'This email leaves out every detail of the case. Change which reminders you receive by email in Roundtable, under Notifications.',
  ].join('\n');
}

export type { ClockKey };
