import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { Apology, MeetingStatus } from '@roundtable/shared/lifecycle';
import type { DataSource, EntityManager } from 'typeorm';
import { PeopleRepository, personOf } from '../../identity';
import { memberHasAccessSql } from '../meetings/member-access';
import type { PresencePeriod, RegisterInput, RegisterPerson } from './attendance-register';

interface PersonRow {
  user_id: string;
  display_name: string;
  job_title: string;
  agency: Agency;
  organisation: string | null;
  role: MeetingRole | null;
}

/** Presence periods (attendance_periods), apologies (meeting_apologies) and the rest of what a register is built from. */
@Injectable()
export class AttendanceRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleRepository,
  ) {}

  /** Opens a presence period for a connection; a connection with one open already keeps it. True if one was opened. */
  async insertPresence(meetingId: string, userId: string, connectionKey: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO attendance_periods (meeting_id, user_id, connection_key) VALUES ($1, $2, $3)
       ON CONFLICT (connection_key) WHERE left_at IS NULL DO NOTHING RETURNING id`,
      [meetingId, userId, connectionKey],
    );
    return rows.length > 0;
  }

  /** Closes the connection's open presence period, if any, now; returns its meeting's id (null: none was open). */
  async closePresence(connectionKey: string): Promise<string | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE attendance_periods SET left_at = clock_timestamp() WHERE connection_key = $1 AND left_at IS NULL
       RETURNING meeting_id`,
      [connectionKey],
    )) as [{ meeting_id: string }[], number];
    return rows[0]?.meeting_id ?? null;
  }

  /** The database's clock now: when a register was read (registers from several instances are ordered by it). */
  async now(tx: EntityManager): Promise<Date> {
    const [row] = (await tx.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
    return new Date(row!.now);
  }

  async isMember(tx: EntityManager, meetingId: string, userId: string): Promise<boolean> {
    const members: unknown[] = await tx.query(
      `SELECT 1 FROM meeting_members mm WHERE mm.meeting_id = $1 AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}`,
      [meetingId, userId],
    );
    return members.length > 0;
  }

  async insertApology(
    tx: EntityManager,
    apology: { meetingId: string; userId: string; reason: string; recordedBy: string },
  ): Promise<void> {
    await tx.query(`INSERT INTO meeting_apologies (meeting_id, user_id, reason, recorded_by) VALUES ($1, $2, $3, $4)`, [
      apology.meetingId,
      apology.userId,
      apology.reason,
      apology.recordedBy,
    ]);
  }

  /** The meeting's status and when it started and concluded, or null. */
  async findMeetingTimes(tx: EntityManager, meetingId: string): Promise<RegisterInput['meeting'] | null> {
    const [meeting] = (await tx.query(`SELECT status, started_at, concluded_at FROM meetings WHERE id = $1`, [
      meetingId,
    ])) as { status: MeetingStatus; started_at: Date | null; concluded_at: Date | null }[];
    if (!meeting) return null;
    return {
      id: meetingId,
      status: meeting.status,
      startedAt: meeting.started_at ? new Date(meeting.started_at) : null,
      concludedAt: meeting.concluded_at ? new Date(meeting.concluded_at) : null,
    };
  }

  /** Current members, chair first then by role and name; then anyone else who was ever present (role null). */
  async findPeople(tx: EntityManager, meetingId: string): Promise<RegisterPerson[]> {
    const people: PersonRow[] = await tx.query(
      `SELECT u.id AS user_id, u.display_name, u.job_title, u.agency, u.organisation, mm.role
         FROM users u
         LEFT JOIN meeting_members mm ON mm.user_id = u.id AND mm.meeting_id = $1
        WHERE mm.user_id IS NOT NULL
           OR u.id IN (SELECT user_id FROM attendance_periods WHERE meeting_id = $1)
        ORDER BY (mm.role IS NULL), CASE mm.role WHEN 'chair' THEN 0 WHEN 'participant' THEN 1
                 WHEN 'minute-taker' THEN 2 ELSE 3 END, u.display_name, u.id`,
      [meetingId],
    );
    return people.map(toPerson);
  }

  /** Every presence period of the meeting, by when it began. */
  async findPeriods(tx: EntityManager, meetingId: string): Promise<PresencePeriod[]> {
    const periods: { user_id: string; joined_at: Date; left_at: Date | null }[] = await tx.query(
      `SELECT user_id, joined_at, left_at FROM attendance_periods WHERE meeting_id = $1 ORDER BY joined_at`,
      [meetingId],
    );
    return periods.map((p) => ({
      userId: p.user_id,
      joinedAt: new Date(p.joined_at),
      leftAt: p.left_at ? new Date(p.left_at) : null,
    }));
  }

  /** The latest apology of each user who sent one, by user id. */
  async findLatestApologies(tx: EntityManager, meetingId: string): Promise<Map<string, Apology>> {
    const rows: { user_id: string; reason: string; recorded_by: string; recorded_at: Date }[] = await tx.query(
      `SELECT DISTINCT ON (user_id) user_id, reason, recorded_by, recorded_at
         FROM meeting_apologies WHERE meeting_id = $1
        ORDER BY user_id, recorded_at DESC, id DESC`,
      [meetingId],
    );
    const people = await this.people.load(
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
}

function toPerson(row: PersonRow): RegisterPerson {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    jobTitle: row.job_title,
    agency: row.agency,
    organisation: row.organisation,
    role: row.role,
  };
}
