import { type ChildProtectionPlan, MEETING_TYPE_LABELS, type PlanVersion } from '@roundtable/shared/pathway';
import type { PlanAccessFacts } from './plans.repository';

/**
 * Who may read a child's plan: members of any plan meeting about the child
 * (ICPC, core group, review conference), the child's LCPP, a team manager in
 * the LCPP's organisation, and the plan's lead professional and core group.
 * Anyone else gets the same 404 as for a child with no plan (need-to-know).
 */
export function canReadPlan(facts: PlanAccessFacts): boolean {
  return facts.lcpp || facts.teamManager || facts.leadProfessional || facts.coreGroup || facts.planMeetings.length > 0;
}

/** Plan meetings about the child, not concluded, in which the user may change things (not as an observer). */
export function meetingsToChangePlanIn(facts: PlanAccessFacts): string[] {
  return facts.planMeetings.filter((m) => m.status !== 'concluded' && m.role !== 'observer').map((m) => m.meetingId);
}

/**
 * Who may change it: the lead professional, the child's LCPP, a core group
 * member, or a non-observer member of a plan meeting about the child that has
 * not concluded. A team manager and an observer read it only.
 */
export function canChangePlan(facts: PlanAccessFacts): boolean {
  return facts.leadProfessional || facts.lcpp || facts.coreGroup || meetingsToChangePlanIn(facts).length > 0;
}

/**
 * The plan's meetings as the reader may know them, as on the child's page
 * (childRecordScope): the LCPP, a team manager and a chair of one of its
 * meetings see every reference; anyone else only those of the meetings they
 * belong to, the others named by their type, which says no more than that
 * they happened. Returns the plan or version unchanged when nothing is hidden.
 */
export function planMeetingsAsSeenBy(facts: PlanAccessFacts) {
  const seesAll = facts.lcpp || facts.teamManager || facts.planMeetings.some((m) => m.role === 'chair');
  const own = new Set(facts.planMeetings.map((m) => m.meetingId));
  const hidden = (meetingId: string) => !seesAll && !own.has(meetingId);
  const version = (v: PlanVersion): PlanVersion =>
    v.meeting && hidden(v.meeting.id)
      ? { ...v, meeting: { ...v.meeting, reference: MEETING_TYPE_LABELS[v.meeting.type] } }
      : v;
  const plan = (p: ChildProtectionPlan): ChildProtectionPlan => ({
    ...p,
    // A plan starts at an initial conference and ends at a review conference (ConferenceOutcomesService).
    startedByMeeting: hidden(p.startedByMeeting.id)
      ? { ...p.startedByMeeting, reference: MEETING_TYPE_LABELS.icpc }
      : p.startedByMeeting,
    endedByMeeting:
      p.endedByMeeting && hidden(p.endedByMeeting.id)
        ? { ...p.endedByMeeting, reference: MEETING_TYPE_LABELS['review-conference'] }
        : p.endedByMeeting,
    current: version(p.current),
  });
  return { plan, version };
}
