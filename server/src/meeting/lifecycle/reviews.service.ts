import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { CreateReviewRequest } from '@roundtable/shared/lifecycle';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { ActionChangeEntity } from '../actions/action-change.entity';
import { diffActionFields } from '../actions/action-rules';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { endOfLocalDay } from '../clocks/working-days';
import { MeetingsService } from '../meetings/meetings.service';
import { type LockedMeeting, lockMeeting, requireChair } from './meeting-lock';

const NO_FIELDS = {
  description: null,
  ownerUserId: null,
  ownerAgency: null,
  dueAt: null,
  childId: null,
  decisionId: null,
};
const HOURS_BEFORE_MIDNIGHT_AT_TEN = 14 * 3_600_000 - 1;

interface CarriedAction {
  id: string;
  carried_from_action_id: string;
  description: string;
  owner_user_id: string;
  owner_agency: Agency;
  due_at: Date;
  child_id: string | null;
}

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
  ) {}

  /** Convenes a review of a concluded discussion; the caller chairs it as they chair this one. Chair only. */
  async createReview(meetingId: string, actor: AuthenticatedUser, input: CreateReviewRequest): Promise<MeetingDetail> {
    const reviewId = await this.dataSource.transaction(async (tx) => {
      const original = await lockMeeting(tx, meetingId, actor.id, 'share');
      requireChair(original, 'convene a review discussion');
      if (original.status !== 'concluded') {
        throw new DomainError('MeetingNotConcluded', 'A review discussion follows a concluded strategy discussion');
      }
      const id = await insertReviewMeeting(tx, original, actor, scheduledAtFor(original, input));
      const counts = await copyChildrenAndMembers(tx, original.id, id, actor.id);
      const carried = await carryOverOpenActions(tx, original, id, actor.id);
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
}

/** The time asked for; else 10:00 on the review date the chair set; else now. */
function scheduledAtFor(original: LockedMeeting, input: CreateReviewRequest): Date {
  if (input.scheduledAt) return new Date(input.scheduledAt);
  if (original.reviewDate) {
    return new Date(endOfLocalDay(original.reviewDate, 'Europe/London').getTime() - HOURS_BEFORE_MIDNIGHT_AT_TEN);
  }
  return new Date();
}

/** The review's reference is the original's with -R1, -R2…; one typed by hand that clashes gets a suffix. */
async function insertReviewMeeting(
  tx: EntityManager,
  original: LockedMeeting,
  actor: AuthenticatedUser,
  scheduledAt: Date,
): Promise<string> {
  const [{ count }] = (await tx.query(`SELECT count(*)::int AS count FROM meetings WHERE review_of_meeting_id = $1`, [
    original.id,
  ])) as [{ count: number }];
  let reference = `${original.reference}-R${count + 1}`;
  const taken: unknown[] = await tx.query(`SELECT 1 FROM meetings WHERE reference = $1`, [reference]);
  if (taken.length > 0) reference = `${reference}-${randomBytes(2).toString('hex').toUpperCase()}`;
  try {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO meetings (reference, reason, scheduled_at, format, created_by, review_of_meeting_id)
       SELECT $2, reason, $3, format, $4, id FROM meetings WHERE id = $1
       RETURNING id`,
      [original.id, reference, scheduledAt, actor.id],
    );
    const row = rows[0];
    if (!row) throw new Error('original meeting not found');
    return row.id;
  } catch (error) {
    // Two chairs convening a review at the same moment: one of them tries again.
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
      throw new DomainError('Conflict', 'Another review discussion was convened at the same moment. Try again');
    }
    throw error;
  }
}

async function copyChildrenAndMembers(
  tx: EntityManager,
  originalId: string,
  reviewId: string,
  actorId: string,
): Promise<{ children: number; members: number }> {
  const children: unknown[] = await tx.query(
    `INSERT INTO meeting_children (meeting_id, name, date_of_birth, position)
     SELECT $2, name, date_of_birth, position FROM meeting_children WHERE meeting_id = $1
     RETURNING id`,
    [originalId, reviewId],
  );
  const members: unknown[] = await tx.query(
    `INSERT INTO meeting_members (meeting_id, user_id, role, added_by)
     SELECT $2, user_id, role, $3 FROM meeting_members WHERE meeting_id = $1
     RETURNING user_id`,
    [originalId, reviewId, actorId],
  );
  // The review keeps the record and safety plan sections of the discussion it reviews.
  await tx.query(
    `INSERT INTO meeting_document_templates (meeting_id, kind, sections)
     SELECT $2, kind, sections FROM meeting_document_templates WHERE meeting_id = $1`,
    [originalId, reviewId],
  );
  return { children: children.length, members: members.length };
}

/** Copies every open action not already carried over; a child link follows the child to the review. */
async function carryOverOpenActions(
  tx: EntityManager,
  original: LockedMeeting,
  reviewId: string,
  actorId: string,
): Promise<number> {
  const copies: CarriedAction[] = await tx.query(
    `INSERT INTO actions (meeting_id, description, owner_user_id, owner_agency, due_at, child_id, status,
                          created_by, carried_from_action_id, restriction)
     SELECT $2, a.description, a.owner_user_id, a.owner_agency, a.due_at, nc.id, 'open', $3, a.id, a.restriction
       FROM actions a
       LEFT JOIN meeting_children oc ON oc.id = a.child_id
       LEFT JOIN meeting_children nc ON nc.meeting_id = $2 AND nc.position = oc.position
      WHERE a.meeting_id = $1 AND a.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM actions c WHERE c.carried_from_action_id = a.id)
      ORDER BY a.due_at, a.id
     RETURNING id, carried_from_action_id, description, owner_user_id, owner_agency, due_at, child_id`,
    [original.id, reviewId, actorId],
  );
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
    await tx.insert(ActionChangeEntity, {
      actionId: copy.id,
      kind: 'created',
      changedBy: actorId,
      changes,
      note: `Carried over from ${original.reference}`,
    });
  }
  return copies.length;
}
