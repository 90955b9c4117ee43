import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { Apology, AttendanceRegister, MeetingStatus, RecordApologyRequest } from '@roundtable/shared/lifecycle';
import { canGiveApologies, isRecordFinal } from '@roundtable/shared/permissions';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { lockMeeting } from '../lifecycle/meeting-lock';
import { loadPeople, personOf } from '../../identity';
import { buildRegister, type PresencePeriod, type RegisterPerson } from './attendance-register';

interface PersonRow {
  user_id: string;
  display_name: string;
  job_title: string;
  agency: Agency;
  role: MeetingRole | null;
}

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
  ) {}

  /** A connection joined the meeting's room. Never throws: presence must not stop anyone joining. */
  async joined(connectionKey: string, meetingId: string, userId: string): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO attendance_periods (meeting_id, user_id, connection_key) VALUES ($1, $2, $3)
         ON CONFLICT (connection_key) WHERE left_at IS NULL DO NOTHING`,
        [meetingId, userId, connectionKey],
      );
    } catch (error) {
      this.logger.error({ meetingId, userId, error: (error as Error).name }, 'could not record joining a room');
    }
  }

  /** The connection left the room (however it ended). Never throws. */
  async left(connectionKey: string): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE attendance_periods SET left_at = clock_timestamp() WHERE connection_key = $1 AND left_at IS NULL`,
        [connectionKey],
      );
    } catch (error) {
      this.logger.error({ error: (error as Error).name }, 'could not record leaving a room');
    }
  }

  /** The register of a meeting, for a member. */
  async register(meetingId: string, userId: string): Promise<AttendanceRegister> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await lockMeeting(tx, meetingId, userId, 'share');
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
      const meeting = await lockMeeting(tx, meetingId, actor.id, 'share');
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
      const members: unknown[] = await tx.query(
        `SELECT 1 FROM meeting_members WHERE meeting_id = $1 AND user_id = $2`,
        [meetingId, input.userId],
      );
      if (members.length === 0) {
        throw new DomainError('ValidationFailed', 'Select a member of this strategy discussion', [
          { path: 'userId', message: 'Select a member of this strategy discussion' },
        ]);
      }
      await tx.query(
        `INSERT INTO meeting_apologies (meeting_id, user_id, reason, recorded_by) VALUES ($1, $2, $3, $4)`,
        [meetingId, input.userId, input.reason, actor.id],
      );
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
    const [meeting] = (await tx.query(`SELECT status, started_at, concluded_at FROM meetings WHERE id = $1`, [
      meetingId,
    ])) as { status: MeetingStatus; started_at: Date | null; concluded_at: Date | null }[];
    if (!meeting) throw new Error('meeting vanished');
    const people: PersonRow[] = await tx.query(
      `SELECT u.id AS user_id, u.display_name, u.job_title, u.agency, mm.role
         FROM users u
         LEFT JOIN meeting_members mm ON mm.user_id = u.id AND mm.meeting_id = $1
        WHERE mm.user_id IS NOT NULL
           OR u.id IN (SELECT user_id FROM attendance_periods WHERE meeting_id = $1)
        ORDER BY (mm.role IS NULL), CASE mm.role WHEN 'chair' THEN 0 WHEN 'participant' THEN 1
                 WHEN 'minute-taker' THEN 2 ELSE 3 END, u.display_name, u.id`,
      [meetingId],
    );
    const periods: { user_id: string; joined_at: Date; left_at: Date | null }[] = await tx.query(
      `SELECT user_id, joined_at, left_at FROM attendance_periods WHERE meeting_id = $1 ORDER BY joined_at`,
      [meetingId],
    );
    return buildRegister(
      {
        meeting: {
          id: meetingId,
          status: meeting.status,
          startedAt: meeting.started_at ? new Date(meeting.started_at) : null,
          concludedAt: meeting.concluded_at ? new Date(meeting.concluded_at) : null,
        },
        people: people.map(toPerson),
        periods: periods.map((p): PresencePeriod => ({
          userId: p.user_id,
          joinedAt: new Date(p.joined_at),
          leftAt: p.left_at ? new Date(p.left_at) : null,
        })),
        apologies: await latestApologies(tx, meetingId),
      },
      new Date(),
    );
  }
}

function toPerson(row: PersonRow): RegisterPerson {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    jobTitle: row.job_title,
    agency: row.agency,
    role: row.role,
  };
}

async function latestApologies(tx: EntityManager, meetingId: string): Promise<Map<string, Apology>> {
  const rows: { user_id: string; reason: string; recorded_by: string; recorded_at: Date }[] = await tx.query(
    `SELECT DISTINCT ON (user_id) user_id, reason, recorded_by, recorded_at
       FROM meeting_apologies WHERE meeting_id = $1
      ORDER BY user_id, recorded_at DESC, id DESC`,
    [meetingId],
  );
  const people = await loadPeople(
    tx,
    rows.map((r) => r.recorded_by),
  );
  return new Map(
    rows.map((r) => [
      r.user_id,
      {
        reason: r.reason,
        recordedBy: personOf(people, r.recorded_by),
        recordedAt: new Date(r.recorded_at).toISOString(),
      },
    ]),
  );
}
