import type { DecisionResponse } from '@roundtable/shared/decisions';
import { type EntityManager, In } from 'typeorm';
import { loadPeople } from '../../identity';
import { AgencyViewEntity } from './agency-view.entity';
import { DecisionChildEntity } from './decision-child.entity';
import { DecisionEntity } from './decision.entity';
import { type DecisionRecord, toDecisionResponse } from './decision.mapper';
import { DissentEntity } from './dissent.entity';
import { EscalationStepEntity } from './escalation-step.entity';
import { EscalationEntity } from './escalation.entity';
import { LaDecisionEntity } from './la-decision.entity';

const OLDEST_FIRST = { recordedAt: 'ASC', id: 'ASC' } as const;

/**
 * Loads decisions of one meeting with everything recorded against them, in
 * a few queries (not one per decision), as responses, oldest first. Run it in
 * the change's transaction so the response matches the revision it carries.
 */
export async function loadDecisionResponses(
  manager: EntityManager,
  meetingId: string,
  decisionId?: string,
): Promise<DecisionResponse[]> {
  const decisions = await manager.find(DecisionEntity, {
    where: decisionId ? { id: decisionId, meetingId } : { meetingId },
    order: { openedAt: 'ASC', id: 'ASC' },
  });
  if (decisions.length === 0) return [];
  const decisionIds = In(decisions.map((d) => d.id));
  const children = await manager.find(DecisionChildEntity, {
    where: { decisionId: decisionIds },
    order: { position: 'ASC' },
  });
  const views = await manager.find(AgencyViewEntity, { where: { decisionId: decisionIds }, order: OLDEST_FIRST });
  const laDecisions = await manager.find(LaDecisionEntity, { where: { decisionId: decisionIds }, order: OLDEST_FIRST });
  const dissents = await manager.find(DissentEntity, { where: { decisionId: decisionIds }, order: OLDEST_FIRST });
  const dissentIds = In(dissents.map((d) => d.id));
  const escalations = dissents.length ? await manager.find(EscalationEntity, { where: { dissentId: dissentIds } }) : [];
  const steps = dissents.length
    ? await manager.find(EscalationStepEntity, { where: { dissentId: dissentIds }, order: OLDEST_FIRST })
    : [];
  const people = await loadPeople(manager, [
    ...decisions.flatMap((d) => [d.openedBy, d.closedBy, d.notReachedBy]),
    ...[...views, ...laDecisions, ...dissents, ...steps].map((r) => r.recordedBy),
    ...escalations.map((e) => e.resolvedBy),
  ]);
  return decisions.map((decision) => {
    const of = <T extends { decisionId: string }>(rows: T[]) => rows.filter((r) => r.decisionId === decision.id);
    const own = of(dissents);
    const record: DecisionRecord = {
      decision,
      childIds: of(children).map((c) => c.childId),
      views: of(views),
      laDecisions: of(laDecisions),
      dissents: own,
      escalations: escalations.filter((e) => own.some((d) => d.id === e.dissentId)),
      steps: steps.filter((s) => own.some((d) => d.id === s.dissentId)),
    };
    return toDecisionResponse(record, people);
  });
}
