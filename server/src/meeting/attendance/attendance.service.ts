import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttendanceRegister, RecordApologyRequest } from '@roundtable/shared/lifecycle';
import { canGiveApologies, isRecordFinal } from '@roundtable/shared/permissions';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { buildRegister } from './attendance-register';
import { AttendanceRepository } from './attendance.repository';

/**
 * The attendance register: presence periods written when a member's socket
 * joins and leaves a meeting's room (one row per connection), apologies
 * recorded by the member or the chair, and the register built from both.
 */
@Injectable()
export class AttendanceService {
  private readonly logger = new Logger(AttendanceService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly repository: AttendanceRepository,
  ) {}

  /** A connection joined the meeting's room. Never throws: presence must not stop anyone joining. */
  async joined(connectionKey: string, meetingId: string, userId: string): Promise<void> {
    try {
      await this.repository.insertPresence(meetingId, userId, connectionKey);
    } catch (error) {
      this.logger.error({ meetingId, userId, error: (error as Error).name }, 'could not record joining a room');
    }
  }

  /** The connection left the room (however it ended). Never throws. */
  async left(connectionKey: string): Promise<void> {
    try {
      await this.repository.closePresence(connectionKey);
    } catch (error) {
      this.logger.error({ error: (error as Error).name }, 'could not record leaving a room');
    }
  }

  /** The register of a meeting, for a member. */
  async register(meetingId: string, userId: string): Promise<AttendanceRegister> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, userId, 'share'));
      return this.load(tx, meetingId);
    });
  }

  /**
   * Records apologies for a member who cannot attend: by that member, or by
   * the chair for anyone. A later apology replaces the earlier one in the
   * register; both stay recorded.
   */
  async recordApology(
    meetingId: string,
    actor: AuthenticatedUser,
    input: RecordApologyRequest,
  ): Promise<AttendanceRegister> {
    return this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
      // The register is sealed with the record: after the conclusion it is final, like the record.
      if (isRecordFinal(meeting.status)) {
        throw new DomainError(
          'MeetingConcluded',
          'This strategy discussion has concluded: its attendance is part of the record. Add an addendum instead',
        );
      }
      if (!canGiveApologies(meeting.role, actor.id, input.userId)) {
        throw new DomainError('Forbidden', 'Only the chair can record apologies for someone else');
      }
      if (!(await this.repository.isMember(tx, meetingId, input.userId))) {
        throw new DomainError('ValidationFailed', 'Select a member of this strategy discussion', [
          { path: 'userId', message: 'Select a member of this strategy discussion' },
        ]);
      }
      await this.repository.insertApology(tx, {
        meetingId,
        userId: input.userId,
        reason: input.reason,
        recordedBy: actor.id,
      });
      // Never the reason: it can say why someone is away (health, family).
      await this.audit.record(tx, {
        type: 'attendance.apology',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'user', id: input.userId },
        details: { own: input.userId === actor.id },
      });
      return this.load(tx, meetingId);
    });
  }

  private async load(tx: EntityManager, meetingId: string): Promise<AttendanceRegister> {
    const meeting = await this.repository.findMeetingTimes(tx, meetingId);
    if (!meeting) throw new Error('meeting vanished');
    return buildRegister(
      {
        meeting,
        people: await this.repository.findPeople(tx, meetingId),
        periods: await this.repository.findPeriods(tx, meetingId),
        apologies: await this.repository.findLatestApologies(tx, meetingId),
      },
      new Date(),
    );
  }
}
