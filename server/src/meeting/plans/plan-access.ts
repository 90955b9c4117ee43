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
