import { Injectable } from '@nestjs/common';
import type { FamilyFacingItem } from '@roundtable/shared/need-to-know';
import { isConference, PLAN_MEETING_TYPES } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';
import {
  CONFERENCE_DECISION_TEMPLATE_KEYS,
  ConferenceOutcomesRepository,
  type OutcomeForRecord,
} from '../plans/conference-outcomes.repository';
import { PlansRepository } from '../plans/plans.repository';
import type { PathwayRecordModel, PersonModel } from './sealed-record.model';

/** What the record's pathway section is built from, read in the sealing transaction. */
export interface PathwayRecordSources {
  conference: boolean;
  outcomes: OutcomeForRecord[];
  planReviews: { childName: string; version: number; hash: string }[];
  /** The people the section names, to load with the record's other professionals. */
  personIds: string[];
}

/** Reads a plan meeting's outcomes and plan reviews for its sealed record; null for a strategy discussion. */
@Injectable()
export class PathwayRecordReader {
  constructor(
    private readonly outcomes: ConferenceOutcomesRepository,
    private readonly plans: PlansRepository,
  ) {}

  async read(tx: EntityManager, meetingId: string): Promise<PathwayRecordSources | null> {
    const type = await this.outcomes.findMeetingType(tx, meetingId);
    if (!PLAN_MEETING_TYPES.includes(type)) return null;
    const outcomes = isConference(type)
      ? await this.outcomes.findOutcomesOfMeeting(tx, meetingId, CONFERENCE_DECISION_TEMPLATE_KEYS)
      : [];
    const planReviews = await this.plans.findReviewsOfMeeting(tx, meetingId);
    return { conference: isConference(type), outcomes, planReviews, personIds: outcomes.map((o) => o.recordedBy) };
  }
}

/** The section of the complete record. */
export function toPathwayModel(
  sources: PathwayRecordSources,
  person: (userId: string) => PersonModel,
): PathwayRecordModel {
  return {
    conference: sources.conference,
    outcomes: sources.outcomes.map((o) => ({
      child: o.childName,
      outcome: o.outcome,
      categories: o.categories,
      stepDown: o.stepDown,
      route: o.route,
      reasons: o.reasons,
      decisionId: o.decisionId,
      recordedBy: person(o.recordedBy),
      recordedAt: o.recordedAt.toISOString(),
    })),
    planReviews: sources.planReviews.map((r) => ({ child: r.childName, version: r.version, hash: r.hash })),
  };
}

/**
 * The section for the family: each child's outcome, categories, step-down or
 * route, and the plan version reviewed; the reasons only where the chair
 * marked the conference decision's reasons family-facing (as for the
 * decision itself); who recorded it by agency and role.
 */
export function familyPathway(
  pathway: PathwayRecordModel,
  familyFacing: readonly FamilyFacingItem[],
  anonymous: (person: PersonModel) => PersonModel,
): PathwayRecordModel {
  const marked = new Set(familyFacing.filter((i) => i.type === 'decision-reasons').map((i) => i.id));
  return {
    ...pathway,
    outcomes: pathway.outcomes.map((o) => ({
      ...o,
      reasons: o.decisionId && marked.has(o.decisionId) ? o.reasons : null,
      recordedBy: anonymous(o.recordedBy),
    })),
  };
}
