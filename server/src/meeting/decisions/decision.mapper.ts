import { AGENCIES } from '@roundtable/shared/constants';
import {
  type AgencyViewResponse,
  type DecisionResponse,
  type DissentResponse,
  type LaDecisionResponse,
  summariseViews,
} from '@roundtable/shared/decisions';
import { type People, personOf } from '../../identity';
import type { AgencyViewEntity } from './agency-view.entity';
import type { DecisionEntity } from './decision.entity';
import type { DissentEntity } from './dissent.entity';
import type { EscalationStepEntity } from './escalation-step.entity';
import type { EscalationEntity } from './escalation.entity';
import type { LaDecisionEntity } from './la-decision.entity';
import { currentStage } from './decision-rules';

/** A decision with everything recorded against it; every list oldest first. */
export interface DecisionRecord {
  decision: DecisionEntity;
  childIds: string[];
  views: AgencyViewEntity[];
  laDecisions: LaDecisionEntity[];
  dissents: DissentEntity[];
  escalations: EscalationEntity[];
  steps: EscalationStepEntity[];
}

/** Decisions with everything recorded against them, and the people they name. */
export interface DecisionRecords {
  records: DecisionRecord[];
  people: People;
}

/** The views no later view supersedes: one per agency that has given a view. */
export function currentViewsOf<T extends Pick<AgencyViewEntity, 'id' | 'supersedesId'>>(views: readonly T[]): T[] {
  const superseded = new Set(views.map((v) => v.supersedesId).filter((id): id is string => id !== null));
  return views.filter((v) => !superseded.has(v.id));
}

export function toAgencyViewResponse(view: AgencyViewEntity, people: People): AgencyViewResponse {
  return {
    id: view.id,
    agency: view.agency,
    harm: view.harm,
    recommendedOption: view.recommendedOption,
    reasons: view.reasons,
    keyInformation: view.keyInformation,
    conditions: view.conditions,
    recordedBy: personOf(people, view.recordedBy),
    recordedAt: view.recordedAt.toISOString(),
    supersedesId: view.supersedesId,
    restriction: view.restriction,
    withheld: null,
  };
}

export function toLaDecisionResponse(entry: LaDecisionEntity, people: People): LaDecisionResponse {
  return {
    id: entry.id,
    chosenOptions: entry.chosenOptions,
    reasons: entry.reasons,
    protectiveActions: entry.protectiveActions,
    protectiveActionDetails: entry.protectiveActionDetails,
    recordedBy: personOf(people, entry.recordedBy),
    recordedAt: entry.recordedAt.toISOString(),
    recordStateSha256: entry.recordStateSha256,
    basisViewIds: entry.basisViewIds,
    correctsId: entry.correctsId,
    correctionReason: entry.correctionReason,
  };
}

function toDissentResponse(record: DecisionRecord, dissent: DissentEntity, people: People): DissentResponse {
  const escalation = record.escalations.find((e) => e.dissentId === dissent.id);
  if (!escalation) throw new Error(`dissent ${dissent.id} has no escalation`);
  const steps = record.steps.filter((s) => s.dissentId === dissent.id);
  return {
    id: dissent.id,
    agency: dissent.agency,
    laDecisionId: dissent.laDecisionId,
    part: dissent.part,
    reasons: dissent.reasons,
    recordedBy: personOf(people, dissent.recordedBy),
    recordedAt: dissent.recordedAt.toISOString(),
    escalation: {
      status: escalation.status,
      stage: currentStage(steps),
      steps: steps.map((s) => ({
        id: s.id,
        stage: s.stage,
        note: s.note,
        recordedBy: personOf(people, s.recordedBy),
        recordedAt: s.recordedAt.toISOString(),
      })),
      outcome: escalation.outcome,
      resolvedBy: escalation.resolvedBy ? personOf(people, escalation.resolvedBy) : null,
      resolvedAt: escalation.resolvedAt?.toISOString() ?? null,
    },
  };
}

/** A decision as members see it, with the live summary of the current views. */
export function toDecisionResponse(record: DecisionRecord, people: People): DecisionResponse {
  const { decision } = record;
  const currentViews = currentViewsOf(record.views)
    .sort((a, b) => AGENCIES.indexOf(a.agency) - AGENCIES.indexOf(b.agency))
    .map((v) => toAgencyViewResponse(v, people));
  return {
    id: decision.id,
    meetingId: decision.meetingId,
    revision: decision.revision,
    templateKey: decision.templateKey,
    title: decision.title,
    question: decision.question,
    options: decision.options,
    protectiveActionOptions: decision.protectiveActionOptions,
    optionExclusions: decision.optionExclusions,
    voluntarySafetyPlanActions: decision.voluntarySafetyPlanActions,
    childIds: record.childIds,
    status: decision.status,
    openedBy: personOf(people, decision.openedBy),
    openedAt: decision.openedAt.toISOString(),
    closedBy: decision.closedBy ? personOf(people, decision.closedBy) : null,
    closedAt: decision.closedAt?.toISOString() ?? null,
    notReached:
      decision.notReachedReason !== null && decision.notReachedBy && decision.notReachedAt
        ? {
            reason: decision.notReachedReason,
            recordedBy: personOf(people, decision.notReachedBy),
            recordedAt: decision.notReachedAt.toISOString(),
          }
        : null,
    currentViews,
    viewHistory: record.views.map((v) => toAgencyViewResponse(v, people)),
    laDecisions: record.laDecisions.map((d) => toLaDecisionResponse(d, people)),
    dissents: record.dissents.map((d) => toDissentResponse(record, d, people)),
    summary: summariseViews(decision.options, currentViews),
  };
}

/** Each decision as members see it, in the order given. */
export function toDecisionResponses({ records, people }: DecisionRecords): DecisionResponse[] {
  return records.map((record) => toDecisionResponse(record, people));
}
