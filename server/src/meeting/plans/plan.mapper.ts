import type { ChildProtectionPlan, PlanVersion } from '@roundtable/shared/pathway';
import { type People, personOf } from '../../identity';
import type { PlanRow, PlanVersionRow } from './plans.repository';

/** The user ids a plan and its version name, to load as people in one go. */
export function peopleOfPlan(plan: PlanRow, versions: readonly PlanVersionRow[]): string[] {
  return [
    ...(plan.leadProfessionalUserId ? [plan.leadProfessionalUserId] : []),
    ...plan.coreGroupUserIds,
    ...versions.map((v) => v.changedBy),
  ];
}

export function toPlanVersion(row: PlanVersionRow, people: People): PlanVersion {
  return {
    version: row.version,
    hash: row.hash,
    content: row.content,
    changedBy: personOf(people, row.changedBy),
    changedAt: row.changedAt.toISOString(),
    meeting: row.meeting,
  };
}

/** The plan as readers receive it, with its current version. */
export function toChildProtectionPlan(plan: PlanRow, current: PlanVersionRow, people: People): ChildProtectionPlan {
  return {
    id: plan.id,
    childId: plan.childId,
    status: plan.status,
    startedAt: plan.startedAt.toISOString(),
    startedByMeeting: { id: plan.startedByMeeting.id, reference: plan.startedByMeeting.reference },
    initialCategories: plan.initialCategories,
    latestCategories: plan.latestCategories,
    leadProfessional: plan.leadProfessionalUserId ? personOf(people, plan.leadProfessionalUserId) : null,
    coreGroup: plan.coreGroupUserIds.map((id) => personOf(people, id)),
    endedAt: plan.endedAt?.toISOString() ?? null,
    endedByMeeting: plan.endedByMeeting,
    stepDown: plan.stepDown,
    current: toPlanVersion(current, people),
  };
}
