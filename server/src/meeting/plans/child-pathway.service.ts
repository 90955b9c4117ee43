import { Injectable } from '@nestjs/common';
import type { ChildProtectionPlan, PathwayClock, PathwayStage } from '@roundtable/shared/pathway';

/** A child's place on the pathway now: stage, plan (or null) and pathway clocks. */
export interface ChildPathwaySummary {
  stage: PathwayStage;
  plan: ChildProtectionPlan | null;
  clocks: PathwayClock[];
}

/**
 * TEMPORARY stub (children helper, issue 17): the plan helper's branch
 * provides the real ChildPathwayService with this interface; the integrator
 * takes theirs. Every child is at the strategy discussion, with no plan and
 * no pathway clocks.
 */
@Injectable()
export class ChildPathwayService {
  /** Stage, plan (or null) and pathway clocks of one child, now. */
  summary(_childId: string, _now?: Date): Promise<ChildPathwaySummary> {
    return Promise.resolve({ stage: 'strategy-discussion', plan: null, clocks: [] });
  }

  /** The same for many children at once (the caseload). */
  summaries(childIds: readonly string[], _now?: Date): Promise<Map<string, ChildPathwaySummary>> {
    return Promise.resolve(
      new Map(childIds.map((id) => [id, { stage: 'strategy-discussion' as const, plan: null, clocks: [] }])),
    );
  }
}
