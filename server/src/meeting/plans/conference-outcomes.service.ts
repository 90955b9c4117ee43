import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  censusCategoryCode,
  CONFERENCE_OUTCOME_LABELS,
  type ConferenceOutcome,
  type ConferenceOutcomeResponse,
  type CpCategory,
  EMPTY_PLAN_CONTENT,
  MEETING_TYPE_LABELS,
  OUTCOMES_BY_MEETING_TYPE,
  type RecordConferenceOutcomeRequestSchema,
} from '@roundtable/shared/pathway';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type { z } from 'zod';
import { type AuditActor, auditActor, AuditService, type AuditDetails } from '../../audit';
import { PeopleRepository, personOf } from '../../identity';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { requireChair, requireMeetingMember, type LockedMeeting } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import {
  CONFERENCE_DECISION_TEMPLATE_KEYS,
  ConferenceOutcomesRepository,
  type OutcomeRow,
} from './conference-outcomes.repository';
import { planVersionHash } from './plan-hash';
import { type PlanRow, PlansRepository } from './plans.repository';

export type RecordOutcomeInput = z.output<typeof RecordConferenceOutcomeRequestSchema>;

const CHILD_NOT_IN_MEETING = 'This child is not one of this conference’s children';
const ALREADY_RECORDED = 'The outcome for this child is already recorded at this conference';
const ALREADY_ON_PLAN =
  'This child already has an active child protection plan: a review conference decides whether it continues or ends';
const NO_ACTIVE_PLAN = 'This child has no active child protection plan for a review conference to decide on';

/** An audit entry to write once the change is made (the audit append is the transaction's last step). */
type PendingAudit = {
  type: 'conference.outcome-recorded' | 'plan.started' | 'plan.changed' | 'plan.ended';
  details: AuditDetails;
};

/** The unique constraint a failed insert broke, or null when it broke none. */
function uniqueViolated(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver.code === '23505' ? (driver.constraint ?? '') : null;
}

/**
 * The conference's decision per child (DOMAIN-PATHWAY §1.5–1.6, §3, §9.1
 * item 3): a signed chair entry, never computed. It must match the local
 * authority's decision in force on the conference's plan decision about the
 * child, when there is one. An ICPC's "child protection plan" starts the plan
 * (version 1: the outline); a review conference continues it (perhaps with
 * new categories), ends it with a step-down, or escalates while it continues.
 */
@Injectable()
export class ConferenceOutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly locks: MeetingLockRepository,
    private readonly outcomes: ConferenceOutcomesRepository,
    private readonly plans: PlansRepository,
    private readonly people: PeopleRepository,
    private readonly audit: AuditService,
  ) {}

  /** Records the outcome for one child of a live conference. Chair only; one per child. */
  async record(
    meetingId: string,
    childId: string,
    chair: AuthenticatedUser,
    input: RecordOutcomeInput,
  ): Promise<ConferenceOutcomeResponse> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, chair.id, 'share'));
        requireChair(meeting, 'record the conference’s outcome for a child');
        const meetingChildId = await this.requireRecordable(tx, meeting, childId, input.outcome);
        await this.requireMatchesDecision(tx, meeting.id, meetingChildId, input.outcome);
        const pending: PendingAudit[] = [];
        const planId = await this.applyToPlan(tx, meeting, childId, chair, input, pending);
        const outcome = await this.outcomes.insertOutcome(tx, {
          meetingId: meeting.id,
          childId,
          outcome: input.outcome,
          categories: 'categories' in input ? input.categories : [],
          stepDown: 'stepDown' in input ? input.stepDown : null,
          route: 'route' in input ? input.route : null,
          reasons: input.reasons,
          recordedBy: chair.id,
          planId,
        });
        // Ids, the outcome and codes: the reasons are case content and stay in the record.
        pending.unshift({
          type: 'conference.outcome-recorded',
          details: {
            childId,
            outcome: outcome.outcome,
            categories: outcome.categories,
            censusCode: censusCategoryCode(outcome.categories),
            stepDown: outcome.stepDown,
            route: outcome.route,
            planId,
          },
        });
        await this.writeAudit(tx, auditActor(chair), meeting.id, outcome.id, pending);
        return this.toResponse(tx, outcome);
      });
    } catch (error) {
      // Two chairs' tabs at once: the second finds the outcome (or the plan) the first just recorded.
      const constraint = uniqueViolated(error);
      if (constraint === null) throw error;
      throw new DomainError(
        'Conflict',
        constraint === 'child_protection_plans_one_active' ? ALREADY_ON_PLAN : ALREADY_RECORDED,
      );
    }
  }

  /** The outcomes recorded so far at a meeting, for its members, in the order of its children. */
  async listForMeeting(meetingId: string, reader: AuthenticatedUser): Promise<ConferenceOutcomeResponse[]> {
    return this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, reader.id, 'share'));
      const rows = await this.outcomes.findOutcomesOfMeeting(tx, meetingId, CONFERENCE_DECISION_TEMPLATE_KEYS);
      const people = await this.people.load(
        tx,
        rows.map((r) => r.recordedBy),
      );
      return rows.map((r) => toOutcomeResponse(r, personOf(people, r.recordedBy)));
    });
  }

  /** A live conference whose type has this outcome, a child of it, no outcome for them yet; returns the meeting's entry for the child. */
  private async requireRecordable(
    tx: EntityManager,
    meeting: LockedMeeting,
    childId: string,
    outcome: ConferenceOutcome,
  ): Promise<string> {
    const type = await this.outcomes.findMeetingType(tx, meeting.id);
    const allowed = OUTCOMES_BY_MEETING_TYPE[type];
    if (!allowed) {
      throw new DomainError(
        'Conflict',
        `Only a child protection conference records an outcome for each child; this meeting is a ${MEETING_TYPE_LABELS[type].toLowerCase()}`,
      );
    }
    if (meeting.status === 'scheduled') {
      throw new DomainError('MeetingNotLive', 'Start the conference before recording its outcome for a child');
    }
    if (meeting.status === 'concluded') {
      throw new DomainError(
        'MeetingConcluded',
        'This conference has concluded: its outcomes are final. Add an addendum to the record instead',
      );
    }
    if (!allowed.includes(outcome)) {
      const message = `A ${MEETING_TYPE_LABELS[type].toLowerCase()} decides one of: ${allowed.map((o) => CONFERENCE_OUTCOME_LABELS[o].toLowerCase()).join('; ')}`;
      throw new DomainError('ValidationFailed', message, [{ path: 'outcome', message }]);
    }
    const meetingChildId = await this.outcomes.findMeetingChildId(tx, meeting.id, childId);
    if (!meetingChildId) throw new DomainError('NotFound', CHILD_NOT_IN_MEETING);
    if (await this.outcomes.findOutcome(tx, meeting.id, childId)) throw new DomainError('Conflict', ALREADY_RECORDED);
    return meetingChildId;
  }

  /** Refuses an outcome other than the one the local authority decided (in force) on the conference's plan decision about the child. */
  private async requireMatchesDecision(
    tx: EntityManager,
    meetingId: string,
    meetingChildId: string,
    outcome: ConferenceOutcome,
  ): Promise<void> {
    const decisions = await this.outcomes.findDecisionsInForce(
      tx,
      meetingId,
      meetingChildId,
      CONFERENCE_DECISION_TEMPLATE_KEYS,
    );
    const contradicted = decisions.find((d) => !d.chosenOptions.includes(outcome));
    if (!contradicted) return;
    const decided = contradicted.chosenOptions
      .map((key) => contradicted.options.find((o) => o.key === key)?.label ?? key)
      .map((label) => `“${label}”`)
      .join(' and ');
    throw new DomainError(
      'Conflict',
      `The conference decided ${decided} for this child; record that outcome, or correct the decision first`,
    );
  }

  /** What the outcome does to the child's plan; returns the plan's id (null for no plan). */
  private async applyToPlan(
    tx: EntityManager,
    meeting: LockedMeeting,
    childId: string,
    chair: AuthenticatedUser,
    input: RecordOutcomeInput,
    pending: PendingAudit[],
  ): Promise<string | null> {
    const active = await this.plans.lockActivePlan(tx, childId);
    switch (input.outcome) {
      case 'child-protection-plan':
        if (active) throw new DomainError('Conflict', ALREADY_ON_PLAN);
        return this.startPlan(tx, meeting, childId, chair, input, pending);
      case 'no-plan':
        if (active) throw new DomainError('Conflict', ALREADY_ON_PLAN);
        return null;
      case 'continue-plan':
        if (!active) throw new DomainError('Conflict', NO_ACTIVE_PLAN);
        await this.recategorise(tx, active, input.categories, pending);
        return active.id;
      case 'end-plan':
        if (!active) throw new DomainError('Conflict', NO_ACTIVE_PLAN);
        await this.plans.endPlan(tx, active.id, meeting.id, input.stepDown);
        pending.push({ type: 'plan.ended', details: { childId, planId: active.id, stepDown: input.stepDown } });
        return active.id;
      case 'escalate':
        if (!active) throw new DomainError('Conflict', NO_ACTIVE_PLAN);
        return active.id;
    }
  }

  /** The plan, version 1 (the outline, or an empty plan to fill in at the first core group). */
  private async startPlan(
    tx: EntityManager,
    meeting: LockedMeeting,
    childId: string,
    chair: AuthenticatedUser,
    input: Extract<RecordOutcomeInput, { outcome: 'child-protection-plan' }>,
    pending: PendingAudit[],
  ): Promise<string> {
    const named = [input.leadProfessionalUserId, ...input.coreGroupUserIds];
    if ((await this.outcomes.countMembers(tx, meeting.id, [...new Set(named)])) !== new Set(named).size) {
      const message = 'Choose the lead professional and the core group from this conference’s members';
      throw new DomainError('ValidationFailed', message, [
        { path: 'leadProfessionalUserId', message },
        { path: 'coreGroupUserIds', message },
      ]);
    }
    const planId = await this.plans.insertPlan(tx, {
      childId,
      startedByMeetingId: meeting.id,
      categories: input.categories,
      leadProfessionalUserId: input.leadProfessionalUserId,
      coreGroupUserIds: input.coreGroupUserIds,
    });
    const content = input.outline ?? EMPTY_PLAN_CONTENT;
    const hash = planVersionHash({ childId, planId, version: 1, content });
    await this.plans.insertVersion(tx, {
      planId,
      version: 1,
      content,
      hash,
      changedBy: chair.id,
      meetingId: meeting.id,
    });
    pending.push({
      type: 'plan.started',
      details: {
        childId,
        planId,
        categories: input.categories,
        censusCode: censusCategoryCode(input.categories),
        version: 1,
        hash,
      },
    });
    return planId;
  }

  /** New latest categories when the review changed them (a chronology fact, so audited). */
  private async recategorise(
    tx: EntityManager,
    plan: PlanRow,
    categories: CpCategory[],
    pending: PendingAudit[],
  ): Promise<void> {
    const same =
      categories.length === plan.latestCategories.length && categories.every((c) => plan.latestCategories.includes(c));
    if (same) return;
    await this.plans.setLatestCategories(tx, plan.id, categories);
    pending.push({
      type: 'plan.changed',
      details: {
        childId: plan.childId,
        planId: plan.id,
        change: 'categories',
        from: plan.latestCategories,
        to: categories,
        censusCode: censusCategoryCode(categories),
      },
    });
  }

  private async writeAudit(
    tx: EntityManager,
    actor: AuditActor,
    meetingId: string,
    outcomeId: string,
    pending: readonly PendingAudit[],
  ): Promise<void> {
    for (const entry of pending) {
      const planId = entry.details.planId;
      await this.audit.record(tx, {
        type: entry.type,
        actor,
        meetingId,
        subject:
          entry.type === 'conference.outcome-recorded' || typeof planId !== 'string'
            ? { type: 'conference-outcome', id: outcomeId }
            : { type: 'child-protection-plan', id: planId },
        details: entry.details,
      });
    }
  }

  private async toResponse(tx: EntityManager, outcome: OutcomeRow): Promise<ConferenceOutcomeResponse> {
    const people = await this.people.load(tx, [outcome.recordedBy]);
    return toOutcomeResponse(outcome, personOf(people, outcome.recordedBy));
  }
}

function toOutcomeResponse(
  row: OutcomeRow,
  recordedBy: ConferenceOutcomeResponse['recordedBy'],
): ConferenceOutcomeResponse {
  return {
    id: row.id,
    meetingId: row.meetingId,
    childId: row.childId,
    outcome: row.outcome,
    categories: row.categories,
    stepDown: row.stepDown,
    route: row.route,
    reasons: row.reasons,
    recordedBy,
    recordedAt: row.recordedAt.toISOString(),
    planId: row.planId,
  };
}
