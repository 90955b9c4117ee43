import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { formatTime } from '@roundtable/shared/dates';
import type { MeetingPart, StartPartRequest } from '@roundtable/shared/pathway';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type LockedMeeting, requireChair, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { requireConference } from './conference-meeting';
import { ConferencesRepository } from './conferences.repository';

const PART_NOT_FOUND = 'No part with that id was found in this conference';
const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

/**
 * Parts of a live conference held without the parents (DOMAIN-PATHWAY §1.7):
 * the chair starts one with the reason, one at a time, and ends it; the
 * conclusion ends one still open. The record keeps the times and the reason;
 * the family version says only that a part was held without them.
 */
@Injectable()
export class MeetingPartsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly repository: ConferencesRepository,
  ) {}

  /** The conference's parts, oldest first, for a member. */
  async list(meetingId: string, userId: string): Promise<MeetingPart[]> {
    return this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, userId, 'share'));
      return this.repository.findParts(tx, meetingId);
    });
  }

  /** Starts a part without the parents. Chair only, while the conference is live, one at a time. */
  async start(meetingId: string, actor: AuthenticatedUser, input: StartPartRequest): Promise<MeetingPart> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        await this.lockLiveConference(tx, meetingId, actor, 'start a part without the parents');
        await this.refuseWhileOneIsOpen(tx, meetingId);
        const partId = await this.repository.insertPart(tx, { meetingId, reason: input.reason, startedBy: actor.id });
        // The reason is free text about the family: it stays in the part, never in the trail.
        await this.audit.record(tx, {
          type: 'meeting.part-started',
          actor: auditActor(actor),
          meetingId,
          subject: { type: 'meeting-part', id: partId },
          details: {},
        });
        return this.read(tx, partId);
      });
    } catch (error) {
      // Two chairs at once: the index keeps one open part, and the loser hears why.
      if (isUniqueViolation(error)) await this.dataSource.transaction((tx) => this.refuseWhileOneIsOpen(tx, meetingId));
      throw error;
    }
  }

  /** Ends the open part. Chair only. */
  async end(meetingId: string, partId: string, actor: AuthenticatedUser): Promise<MeetingPart> {
    return this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
      requireChair(meeting, 'end a part without the parents');
      const part = await this.repository.lockPart(tx, meetingId, partId);
      if (!part) throw new DomainError('NotFound', PART_NOT_FOUND);
      if (part.endedAt) {
        throw new DomainError('Conflict', `This part already ended at ${formatTime(part.endedAt.toISOString())}`);
      }
      await this.repository.endOpenParts(tx, meetingId, actor.id, part.id);
      await this.audit.record(tx, {
        type: 'meeting.part-ended',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting-part', id: part.id },
        details: { onConclusion: false },
      });
      return this.read(tx, part.id);
    });
  }

  /** Ends a part still open when the conference concludes, inside the conclusion's transaction. */
  async endOnConclusion(tx: EntityManager, meetingId: string, actor: AuthenticatedUser): Promise<void> {
    for (const partId of await this.repository.endOpenParts(tx, meetingId, actor.id)) {
      await this.audit.record(tx, {
        type: 'meeting.part-ended',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'meeting-part', id: partId },
        details: { onConclusion: true },
      });
    }
  }

  private async lockLiveConference(
    tx: EntityManager,
    meetingId: string,
    actor: AuthenticatedUser,
    action: string,
  ): Promise<LockedMeeting> {
    const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
    requireChair(meeting, action);
    requireConference(await this.repository.findMeetingType(tx, meetingId), 'Parts held without the parents');
    if (meeting.status === 'scheduled') {
      throw new DomainError('MeetingNotLive', 'Start the conference before holding part of it without the parents');
    }
    if (meeting.status === 'concluded') throw new DomainError('MeetingConcluded', 'This conference has concluded');
    return meeting;
  }

  private async refuseWhileOneIsOpen(tx: EntityManager, meetingId: string): Promise<void> {
    const open = await this.repository.findOpenPartStart(tx, meetingId);
    if (open) {
      throw new DomainError(
        'Conflict',
        `A part without the parents has been under way since ${formatTime(open.toISOString())}: end it before starting another`,
      );
    }
  }

  private async read(tx: EntityManager, partId: string): Promise<MeetingPart> {
    const part = await this.repository.findPart(tx, partId);
    if (!part) throw new Error(`part ${partId} vanished`);
    return part;
  }
}
