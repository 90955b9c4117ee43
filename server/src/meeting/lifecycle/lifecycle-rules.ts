import type { DecisionStatus } from '@roundtable/shared/decisions';
import type { NotReachedEntry } from '@roundtable/shared/lifecycle';

/** A decision as the conclusion sees it. */
export interface UndecidedCandidate {
  id: string;
  title: string;
  status: DecisionStatus;
  openedAt: Date;
}

export interface ConclusionPlan {
  /** Decisions to mark not reached, with the chair's reason. */
  notReached: { decision: UndecidedCandidate; reason: string }[];
  /** Open or closed-but-undecided decisions the chair did not list: conclusion is refused while any remain. */
  undecided: UndecidedCandidate[];
  /** Indexes of listed entries that name no open or closed decision of this meeting. */
  unknownEntries: number[];
}

/**
 * Which decisions a conclusion marks not reached, and which still block it.
 * Only open decisions and decisions closed without the local authority's
 * decision can be not reached; decided ones are left as they are.
 */
export function planConclusion(
  decisions: readonly UndecidedCandidate[],
  listed: readonly NotReachedEntry[],
): ConclusionPlan {
  const pending = decisions.filter((d) => d.status === 'open' || d.status === 'closed');
  const byId = new Map(pending.map((d) => [d.id, d]));
  const notReached: ConclusionPlan['notReached'] = [];
  const unknownEntries: number[] = [];
  listed.forEach((entry, index) => {
    const decision = byId.get(entry.decisionId);
    if (decision) notReached.push({ decision, reason: entry.reason });
    else unknownEntries.push(index);
  });
  const listedIds = new Set(listed.map((e) => e.decisionId));
  return { notReached, undecided: pending.filter((d) => !listedIds.has(d.id)), unknownEntries };
}
