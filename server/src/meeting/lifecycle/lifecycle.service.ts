import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { formatTime } from '@roundtable/shared/dates';
import type { FieldError } from '@roundtable/shared/errors';
import type { ConcludeMeetingRequest, SetReviewDateRequest } from '@roundtable/shared/lifecycle';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError, LiveConnectionRegistry } from '../../platform';
import { LiveDocuments } from '../live-documents';
import { MeetingsService } from '../meetings/meetings.service';
import { MeetingPartsService } from '../conferences/meeting-parts.service';
import { type ConclusionPlan, planConclusion, type UndecidedCandidate } from './lifecycle-rules';
import { LifecycleRepository } from './lifecycle.repository';
import { MeetingLifecycleEvents } from './meeting-lifecycle.events';
import {
  type LockedMeeting,
  requireChair,
  requireChairPermission,
  requireMeetingMember,
} from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';

/**
 * The life of a strategy discussion: the chair starts it (scheduled → live)
 * and concludes it (live → concluded). Conclusion settles every decision
 * (decided, or not reached with the chair's reason), then makes the record
 * and safety plan read-only for everyone at once, and tells listeners (the
 * sealed record) after the transaction commits.
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly documents: LiveDocuments,
    private readonly events: MeetingLifecycleEvents,
    private readonly locks: MeetingLockRepository,
    private readonly repository: LifecycleRepository,
    private readonly meetingParts: MeetingPartsService,
  ) {}

  /** Starts a scheduled discussion. Chair only. */
  async start(meetingId: string, actor: AuthenticatedUser): Promise<MeetingDetail> {
    await this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'update'));
      requireChair(meeting, 'start the discussion');
      requireChairPermission(actor);
      if (meeting.status === 'live') throw new DomainError('Conflict', 'This strategy discussion has already started');
      if (meeting.status === 'concluded') {
        throw new DomainError('MeetingConcluded', 'This strategy discussion has already concluded');
      }
      await this.repository.markStarted(tx, meetingId, actor.id);
      await this.audit.record(tx, {
        type: 'meeting.started',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting', id: meetingId },
        details: { reference: meeting.reference },
      });
    });
    this.liveConnections.meetingStatusChanged(meetingId, 'live');
    this.logger.log({ event: 'meeting-started', meetingId, by: actor.id }, 'meeting started');
    return this.meetings.getForMember(meetingId, actor.id);
  }

  /**
   * Concludes a live discussion. Refused while a decision is open, or closed
   * without the local authority's decision, unless the chair lists it as not
   * reached with a reason. Chair only.
   */
  async conclude(meetingId: string, actor: AuthenticatedUser, input: ConcludeMeetingRequest): Promise<MeetingDetail> {
    await this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'update'));
      requireChair(meeting, 'conclude the discussion');
      requireChairPermission(actor);
      if (meeting.status === 'scheduled') {
        throw new DomainError('MeetingNotLive', 'Start the strategy discussion before concluding it');
      }
      if (meeting.status === 'concluded') {
        throw new DomainError('MeetingConcluded', 'This strategy discussion has already concluded');
      }
      const plan = planConclusion(await this.repository.lockDecisions(tx, meetingId), input.notReached ?? []);
      refuseUnsettled(plan);
      for (const { decision, reason } of plan.notReached)
        await this.markNotReached(tx, meeting, actor, decision, reason);
      await this.repository.markConcluded(tx, meetingId, actor.id);
      await this.meetingParts.endOnConclusion(tx, meetingId, actor);
      await this.meetings.startInviteeAccessClock(tx, meetingId);
      await this.events.runConcluding(tx, meetingId, actor);
      await this.audit.record(tx, {
        type: 'meeting.concluded',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting', id: meetingId },
        details: { reference: meeting.reference, notReached: plan.notReached.length },
      });
    });
    // Committed: every live connection of the meeting is read-only from its next message on.
    this.liveConnections.meetingStatusChanged(meetingId, 'concluded');
    this.logger.log({ event: 'meeting-concluded', meetingId, by: actor.id }, 'meeting concluded');
    await this.settleDocuments(meetingId);
    await this.events.emitConcluded(meetingId);
    return this.meetings.getForMember(meetingId, actor.id);
  }

  /** Sets or clears the review date (any status: it is planning, not the record). Chair only. */
  async setReviewDate(
    meetingId: string,
    actor: AuthenticatedUser,
    input: SetReviewDateRequest,
  ): Promise<MeetingDetail> {
    await this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'update'));
      requireChair(meeting, 'set the review date');
      await this.repository.setReviewDate(tx, meetingId, input.reviewDate);
      await this.audit.record(tx, {
        type: 'meeting.changed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting', id: meetingId },
        details: { fields: ['reviewDate'], cleared: input.reviewDate === null },
      });
    });
    return this.meetings.getForMember(meetingId, actor.id);
  }

  private async markNotReached(
    tx: EntityManager,
    meeting: LockedMeeting,
    actor: AuthenticatedUser,
    decision: UndecidedCandidate,
    reason: string,
  ): Promise<void> {
    await this.repository.markDecisionNotReached(tx, decision.id, reason, actor.id);
    // The reason is free text about the child: it stays in the decision, never in the trail.
    await this.audit.record(tx, {
      type: 'decision.not-reached',
      actor: auditActor(actor),
      meetingId: meeting.id,
      subject: { type: 'decision', id: decision.id },
      details: { from: decision.status },
    });
  }

  /** Waits for collab updates accepted before the conclusion to be stored, so listeners see the final record. */
  private async settleDocuments(meetingId: string): Promise<void> {
    try {
      await Promise.all([this.documents.settle(meetingId, 'record'), this.documents.settle(meetingId, 'safety-plan')]);
    } catch (error) {
      this.logger.warn({ meetingId, error: (error as Error).name }, 'could not settle documents after conclusion');
    }
  }
}

/** DecisionsUndecided naming each decision still to settle; ValidationFailed for listed ones that cannot be. */
function refuseUnsettled(plan: ConclusionPlan): void {
  if (plan.unknownEntries.length > 0) {
    throw new DomainError(
      'ValidationFailed',
      'Only open decisions, or decisions awaiting the local authority, can be recorded as not reached',
      plan.unknownEntries.map((index) => ({
        path: `notReached.${index}.decisionId`,
        message: 'This decision is not open or awaiting the local authority’s decision',
      })),
    );
  }
  if (plan.undecided.length === 0) return;
  const named = plan.undecided.map((d) => `“${d.title}” (opened ${formatTime(d.openedAt)})`);
  const fields: FieldError[] = plan.undecided.map((d) => ({
    path: `notReached.${d.id}`,
    message: `Give the reason “${d.title}” was not reached`,
  }));
  throw new DomainError(
    'DecisionsUndecided',
    `Decide these decisions, or record why each was not reached, before concluding: ${named.join('; ')}`,
    fields,
  );
}
