import { type BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttendanceRegister, RecordApologyRequest } from '@roundtable/shared/lifecycle';
import type { MeetingActivity } from '@roundtable/shared/meeting-events';
import { canGiveApologies, isRecordFinal } from '@roundtable/shared/permissions';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, describeError, DomainError } from '../../platform';
import { MeetingBroadcasts } from '../meeting-broadcasts';
import { requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { buildRegister } from './attendance-register';
import { AttendanceRepository } from './attendance.repository';

/**
 * The attendance register: presence periods written when a member's socket
 * joins and leaves a meeting's room (one row per connection), apologies
 * recorded by the member or the chair, and the register built from both.
 * Every change is broadcast to the meeting's room after it commits
 * (`attendance:changed`, through MeetingBroadcasts).
 */
@Injectable()
export class AttendanceService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AttendanceService.name);
  /** Meetings whose register is being broadcast; `again` asks for one more read when it is done. */
  private readonly broadcasting = new Map<string, { again: boolean; done: Promise<void> }>();
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly repository: AttendanceRepository,
    // Provided by the realtime area; absent where no live channel runs (e.g. the CLI).
    @Optional() private readonly broadcasts?: MeetingBroadcasts,
  ) {}

  /** A connection joined the meeting's room. Never throws: presence must not stop anyone joining. */
  async joined(connectionKey: string, meetingId: string, userId: string): Promise<void> {
    try {
      if (await this.repository.insertPresence(meetingId, userId, connectionKey)) this.presenceChanged(meetingId);
    } catch (error) {
      this.logger.error({ meetingId, userId, error: (error as Error).name }, 'could not record joining a room');
    }
  }

  /** The connection left the room (however it ended). Never throws. */
  async left(connectionKey: string): Promise<void> {
    try {
      const meetingId = await this.repository.closePresence(connectionKey);
      if (meetingId) this.presenceChanged(meetingId);
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

  /** The register read in the caller's transaction (the join snapshot of `/meetings`); no access check. */
  forMeeting(tx: EntityManager, meetingId: string): Promise<AttendanceRegister> {
    return this.load(tx, meetingId);
  }

  /** Stops broadcasting (sockets closing at shutdown are not news) and waits for broadcasts under way. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.broadcasting.values()].map((b) => b.done));
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
    const register = await this.dataSource.transaction(async (tx) => {
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
    // After the commit; the reason stays in the register (members see it), never in the activity.
    await this.broadcast(meetingId, {
      activity: { kind: 'apology-recorded', actor: actor.displayName, agency: actor.agency },
      actorUserId: actor.id,
    });
    return register;
  }

  /**
   * Someone joined or left the room: broadcast the register, at most one read
   * per meeting at a time (a burst of joins and leaves, e.g. a reconnect,
   * becomes one or two broadcasts; the last is always read after the last change).
   */
  private presenceChanged(meetingId: string): void {
    if (!this.broadcasts || this.closing) return;
    const running = this.broadcasting.get(meetingId);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: true, done: Promise.resolve() };
    entry.done = (async () => {
      while (entry.again && !this.closing) {
        entry.again = false;
        await this.broadcast(meetingId, { activity: null, actorUserId: null });
      }
    })().finally(() => this.broadcasting.delete(meetingId));
    this.broadcasting.set(meetingId, entry);
  }

  /** Reads the register afresh (after the change committed) and tells the meeting's room. Never throws. */
  private async broadcast(
    meetingId: string,
    change: { activity: MeetingActivity | null; actorUserId: string | null },
  ): Promise<void> {
    if (!this.broadcasts) return;
    try {
      const register = await this.dataSource.transaction('REPEATABLE READ', (tx) => this.load(tx, meetingId));
      this.broadcasts.attendanceChanged({ meetingId, register, ...change });
    } catch (error) {
      this.logger.error({ meetingId, err: describeError(error) }, 'could not broadcast the attendance register');
    }
  }

  private async load(tx: EntityManager, meetingId: string): Promise<AttendanceRegister> {
    // First, so in a snapshot it is (nearly) when the snapshot was taken: clients keep the latest `asOf`.
    const now = await this.repository.now(tx);
    const meeting = await this.repository.findMeetingTimes(tx, meetingId);
    if (!meeting) throw new Error('meeting vanished');
    return buildRegister(
      {
        meeting,
        people: await this.repository.findPeople(tx, meetingId),
        periods: await this.repository.findPeriods(tx, meetingId),
        apologies: await this.repository.findLatestApologies(tx, meetingId),
      },
      now,
    );
  }
}
