import type { ConferenceOutcome, PathwayStage, PlanStatus } from '@roundtable/shared/pathway';

/** What a child's stage is decided from. */
export interface StageFacts {
  /** The child's latest plan. */
  plan: { status: PlanStatus; endedAt: Date | null } | null;
  latestIcpcOutcome: { outcome: ConferenceOutcome; recordedAt: Date } | null;
  /** The latest strategy discussion whose local authority decision started section 47 enquiries. */
  s47StartedAt: Date | null;
}

/**
 * Where a child is on the pathway now: on a plan while one is active;
 * otherwise the latest of these decides — section 47 enquiries started
 * ('s47-enquiry', no ICPC outcome since), the plan ended ('plan-ended'), an
 * ICPC decided no plan ('no-plan'). A child none of these happened to is at
 * the strategy discussion. So a child whose plan ended and who is back in a
 * new enquiry is in the enquiry, not "plan ended".
 */
export function pathwayStage(facts: StageFacts): PathwayStage {
  if (facts.plan?.status === 'active') return 'child-protection-plan';
  const events: { at: Date; stage: PathwayStage }[] = [];
  if (facts.s47StartedAt) events.push({ at: facts.s47StartedAt, stage: 's47-enquiry' });
  if (facts.plan?.endedAt) events.push({ at: facts.plan.endedAt, stage: 'plan-ended' });
  // An ICPC that decided a plan needs no event: its plan is active (above) or ended since.
  if (facts.latestIcpcOutcome?.outcome === 'no-plan') {
    events.push({ at: facts.latestIcpcOutcome.recordedAt, stage: 'no-plan' });
  }
  const latest = events.sort((a, b) => +b.at - +a.at)[0];
  return latest?.stage ?? 'strategy-discussion';
}
