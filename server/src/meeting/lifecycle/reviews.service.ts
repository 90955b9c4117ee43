import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateReviewRequest } from '@roundtable/shared/lifecycle';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { diffActionFields } from '../actions/action-rules';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { endOfLocalDay } from '../clocks/working-days';
import { MeetingsService } from '../meetings/meetings.service';
import {
  type LockedMeeting,
  requireChair,
  requireChairPermission,
  requireMeetingMember,
} from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { ReviewRepository } from './review.repository';

const NO_FIELDS = {
  description: null,
  ownerUserId: null,
  ownerAgency: null,
  dueAt: null,
  childId: null,
  decisionId: null,
};
const HOURS_BEFORE_MIDNIGHT_AT_TEN = 14 * 3_600_000 - 1;

/**
 * Review strategy discussions (DOMAIN.md §3.4): a separate, linked record
 * with the same children and members (same roles). Open actions are carried
 * over as COPIES linked to their originals (`carried_from_action_id`): the
 * original stays in the concluded meeting's action log, so that record still
 * shows them, and follow-up continues on the copy (an original that has been
 * carried over leaves the owner's open actions; each is carried once).
 */
@Injectable()
export class ReviewsService {
  private readonly logger = new Logger(ReviewsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly repository: ReviewRepository,
  ) {}

  /** Convenes a review of a concluded discussion; the caller chairs it as they chair this one. Chair only. */
  async createReview(meetingId: string, actor: AuthenticatedUser, input: CreateReviewRequest): Promise<MeetingDetail> {
    const reviewId = await this.dataSource.transaction(async (tx) => {
      const original = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
      requireChair(original, 'convene a review discussion');
      requireChairPermission(actor);
      if (original.status !== 'concluded') {
        throw new DomainError('MeetingNotConcluded', 'A review discussion follows a concluded strategy discussion');
      }
      const id = await this.insertReviewMeeting(tx, original, actor, scheduledAtFor(original, input));
      const counts = await this.copyChildrenAndMembers(tx, original.id, id, actor.id);
      const carried = await this.carryOverOpenActions(tx, original, id, actor.id);
      await this.audit.record(tx, {
        type: 'meeting.created',
        actor: auditActor(actor),
        meetingId: id,
        subject: { type: 'meeting', id },
        details: { children: counts.children, reviewOf: original.id },
      });
      await this.audit.record(tx, {
        type: 'review.created',
        actor: auditActor(actor),
        meetingId: original.id,
        subject: { type: 'meeting', id },
        details: { children: counts.children, members: counts.members, actionsCarried: carried },
      });
      return id;
    });
    this.logger.log({ event: 'review-created', meetingId, reviewId, by: actor.id }, 'review discussion created');
    return this.meetings.getForMember(reviewId, actor.id);
  }

  /** The review's reference is the original's with -R1, -R2…; one typed by hand that clashes gets a suffix. */
  private async insertReviewMeeting(
    tx: EntityManager,
    original: LockedMeeting,
    actor: AuthenticatedUser,
    scheduledAt: Date,
  ): Promise<string> {
    const count = await this.repository.countReviewsOf(tx, original.id);
    let reference = `${original.reference}-R${count + 1}`;
    if (await this.repository.isReferenceTaken(tx, reference)) {
      reference = `${reference}-${randomBytes(2).toString('hex').toUpperCase()}`;
    }
    try {
      const id = await this.repository.insertReviewOf(tx, original.id, { reference, scheduledAt, createdBy: actor.id });
      if (!id) throw new Error('original meeting not found');
      return id;
    } catch (error) {
      // Two chairs convening a review at the same moment: one of them tries again.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new DomainError('Conflict', 'Another review discussion was convened at the same moment. Try again');
      }
      throw error;
    }
  }

  private async copyChildrenAndMembers(
    tx: EntityManager,
    originalId: string,
    reviewId: string,
    actorId: string,
  ): Promise<{ children: number; members: number }> {
    const children = await this.repository.copyChildren(tx, originalId, reviewId);
    const members = await this.repository.copyMembers(tx, originalId, reviewId, actorId);
    // The review keeps the record and safety plan sections of the discussion it reviews.
    await this.repository.copyTemplates(tx, originalId, reviewId);
    return { children, members };
  }

  /** Copies every open action not already carried over; a child link follows the child to the review. */
  private async carryOverOpenActions(
    tx: EntityManager,
    original: LockedMeeting,
    reviewId: string,
    actorId: string,
  ): Promise<number> {
    const copies = await this.repository.carryOverOpenActions(tx, original.id, reviewId, actorId);
    for (const copy of copies) {
      const changes = [
        ...diffActionFields(NO_FIELDS, {
          description: copy.description,
          ownerUserId: copy.owner_user_id,
          ownerAgency: copy.owner_agency,
          dueAt: new Date(copy.due_at).toISOString(),
          childId: copy.child_id,
          decisionId: null,
        }),
        { field: 'status' as const, from: null, to: 'open' },
      ];
      await this.repository.insertActionChange(tx, {
        actionId: copy.id,
        kind: 'created',
        changedBy: actorId,
        changes,
        note: `Carried over from ${original.reference}`,
      });
    }
    return copies.length;
  }
}

/** The time asked for; else 10:00 on the review date the chair set; else now. */
function scheduledAtFor(original: LockedMeeting, input: CreateReviewRequest): Date {
  if (input.scheduledAt) return new Date(input.scheduledAt);
  if (original.reviewDate) {
    return new Date(endOfLocalDay(original.reviewDate, 'Europe/London').getTime() - HOURS_BEFORE_MIDNIGHT_AT_TEN);
  }
  return new Date();
}
