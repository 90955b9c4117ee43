import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LIMITS } from '@roundtable/shared/constants';
import type { AddMeetingChildRequest } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { IndependentChairRule } from '../conferences/independent-chair';
import { type LockedMeeting, refuseWhenConcluded, requireChair, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { MeetingsService } from '../meetings/meetings.service';
import { ChildRecordsService } from './child-records.service';
import { MeetingChildrenRepository } from './meeting-children.repository';

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

const IDENTIFIER_TAKEN =
  'A child with that identifier is already on record: name that child (by their record) instead of adding them again';

const CONCLUDED = 'This meeting has concluded: the children it was about are part of its record';

/**
 * Which children a meeting is about, changed by its chair before it
 * concludes (docs/PATHWAY.md "A child's record"). A child named in a
 * decision or an action of the meeting stays on it: those are recorded
 * about them. The meeting's row is locked for update, so a decision opened
 * or a conclusion at the same moment waits for the change, or it for them.
 */
@Injectable()
export class MeetingChildrenService {
  private readonly logger = new Logger(MeetingChildrenService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly locks: MeetingLockRepository,
    private readonly meetingChildren: MeetingChildrenRepository,
    private readonly childRecords: ChildRecordsService,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly independentChair: IndependentChairRule,
  ) {}

  /** Adds an existing child (by id) or a new child to the meeting. Chair only; a conference's chair stays independent of the case. */
  async add(meetingId: string, actor: AuthenticatedUser, input: AddMeetingChildRequest): Promise<MeetingDetail> {
    const childId = await this.addInTransaction(meetingId, actor, input).catch((error: unknown) => {
      // A new child's identifier recorded by someone else a moment ago: the unique index answers.
      if (isUniqueViolation(error)) throw new DomainError('Conflict', IDENTIFIER_TAKEN);
      throw error;
    });
    this.logger.log({ event: 'meeting-child-added', meetingId, childId, by: actor.id }, 'child added to meeting');
    return this.meetings.getForMember(meetingId, actor.id);
  }

  private addInTransaction(
    meetingId: string,
    actor: AuthenticatedUser,
    input: AddMeetingChildRequest,
  ): Promise<string> {
    return this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockForChange(tx, meetingId, actor, 'add a child');
      const onMeeting = await this.meetingChildren.findOnMeeting(tx, meetingId);
      if (onMeeting.length >= LIMITS.childrenPerMeetingMax) {
        throw new DomainError('Conflict', `A meeting can be about at most ${LIMITS.childrenPerMeetingMax} children`);
      }
      const [child] = await this.childRecords.resolve(tx, actor, [input]);
      if (onMeeting.some((c) => c.childId === child!.id)) {
        throw new DomainError('Conflict', `${child!.name} is already on this meeting`);
      }
      await this.independentChair.checkChildAdded(tx, meetingId, child!.id);
      await this.meetingChildren.insert(tx, {
        meetingId,
        childId: child!.id,
        name: child!.name,
        dateOfBirth: child!.dateOfBirth,
        addedBy: actor.id,
      });
      await this.audit.record(tx, {
        type: 'meeting.child-added',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'child', id: child!.id },
        details: { reference: meeting.reference, children: onMeeting.length + 1 },
      });
      return child!.id;
    });
  }

  /** Takes a child (by their record's id) off the meeting. Chair only; refused once anything is recorded about them. */
  async remove(meetingId: string, actor: AuthenticatedUser, childId: string): Promise<MeetingDetail> {
    await this.dataSource.transaction(async (tx) => {
      const meeting = await this.lockForChange(tx, meetingId, actor, 'remove a child');
      const onMeeting = await this.meetingChildren.findOnMeeting(tx, meetingId);
      const target = onMeeting.find((c) => c.childId === childId);
      if (!target) throw new DomainError('NotFound', 'That child is not on this meeting');
      if (onMeeting.length === 1) {
        throw new DomainError(
          'Conflict',
          `${target.name} is the only child this meeting is about: add the right child before removing them`,
        );
      }
      if ((await this.meetingChildren.countDecisionsNaming(tx, target.id)) > 0) {
        throw new DomainError(
          'Conflict',
          `A decision of this meeting is about ${target.name}, so they stay on it: decisions are part of the record`,
        );
      }
      if ((await this.meetingChildren.countActionsNaming(tx, target.id)) > 0) {
        throw new DomainError(
          'Conflict',
          `An action of this meeting is about ${target.name}: change the action’s child before removing them`,
        );
      }
      await this.meetingChildren.remove(tx, { meetingChildId: target.id, removedBy: actor.id });
      await this.audit.record(tx, {
        type: 'meeting.child-removed',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'child', id: childId },
        details: { reference: meeting.reference, children: onMeeting.length - 1 },
      });
    });
    this.logger.log({ event: 'meeting-child-removed', meetingId, childId, by: actor.id }, 'child removed from meeting');
    return this.meetings.getForMember(meetingId, actor.id);
  }

  /** The meeting locked for update; MeetingNotFound for a non-member, Forbidden for a non-chair, refused once concluded. */
  private async lockForChange(
    tx: EntityManager,
    meetingId: string,
    actor: AuthenticatedUser,
    action: string,
  ): Promise<LockedMeeting> {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'update'));
    requireChair(meeting, action);
    refuseWhenConcluded(meeting.status, CONCLUDED);
    return meeting;
  }
}
