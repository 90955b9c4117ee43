import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeetingFormat, MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { AudienceMember } from '@roundtable/shared/need-to-know';
import type { DataSource, EntityManager } from 'typeorm';
import { MeetingChildEntity } from './meeting-child.entity';
import { MeetingMemberEntity } from './meeting-member.entity';
import { MeetingEntity } from './meeting.entity';
import { memberHasAccessSql } from './member-access';

/** A new meeting's own fields; its reference is unique. */
export interface NewMeeting {
  reference: string;
  reason: string;
  scheduledAt: Date;
  format: MeetingFormat;
  createdBy: string;
  type: MeetingType;
  precededByMeetingId: string | null;
}

/** A child as the convenor listed it; `position` keeps their order. */
export interface NewMeetingChild {
  childId: string;
  name: string;
  dateOfBirth: string | null;
  position: number;
}

/** The details a chair can change; a field left out stays as it is. */
export type MeetingDetailsChange = Partial<Pick<MeetingEntity, 'reason' | 'scheduledAt' | 'format'>>;

/** Strategy discussions, their children and their members (meetings, meeting_children, meeting_members). */
@Injectable()
export class MeetingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's role in the meeting, or null when they are not a member (or it does not exist). */
  async findRole(meetingId: string, userId: string): Promise<MeetingRole | null> {
    const rows: { role: MeetingRole }[] = await this.dataSource.query(
      `SELECT mm.role FROM meeting_members mm WHERE mm.meeting_id = $1 AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}`,
      [meetingId, userId],
    );
    return rows[0]?.role ?? null;
  }

  /** The user's role and the meeting's status in one read, or null for a non-member. */
  async findMembership(
    meetingId: string,
    userId: string,
  ): Promise<{ role: MeetingRole; status: MeetingStatus } | null> {
    const rows: { role: MeetingRole; status: MeetingStatus }[] = await this.dataSource.query(
      `SELECT mm.role, m.status FROM meeting_members mm JOIN meetings m ON m.id = mm.meeting_id
        WHERE mm.meeting_id = $1 AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}`,
      [meetingId, userId],
    );
    return rows[0] ?? null;
  }

  /** Every member with their role and agency: who need-to-know rules are applied to. */
  async findAudienceMembers(tx: EntityManager, meetingId: string): Promise<AudienceMember[]> {
    const rows: AudienceMember[] = await tx.query(
      `SELECT mm.user_id AS "userId", mm.role, u.agency FROM meeting_members mm JOIN users u ON u.id = mm.user_id
        WHERE mm.meeting_id = $1 AND ${memberHasAccessSql('mm')} ORDER BY mm.user_id`,
      [meetingId],
    );
    return rows;
  }

  /** The meeting's status, or null when it does not exist. */
  async findStatus(meetingId: string): Promise<MeetingStatus | null> {
    const rows: { status: MeetingStatus }[] = await this.dataSource.query('SELECT status FROM meetings WHERE id = $1', [
      meetingId,
    ]);
    return rows[0]?.status ?? null;
  }

  /** The user's memberships with their meetings and the meetings' children, soonest meeting first. */
  findMembershipsOf(userId: string): Promise<MeetingMemberEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(MeetingMemberEntity, 'mm')
      .innerJoinAndSelect('mm.meeting', 'meeting')
      .leftJoinAndSelect('meeting.children', 'children')
      .where('mm.user_id = :userId', { userId })
      .andWhere(memberHasAccessSql('mm'))
      .orderBy('meeting.scheduled_at', 'ASC')
      .addOrderBy('meeting.id', 'ASC')
      .getMany();
  }

  /** How many members each of the meetings has; a meeting without members is left out. */
  async countMembersOf(meetingIds: readonly string[]): Promise<Map<string, number>> {
    const counts: { meeting_id: string; count: string }[] = await this.dataSource
      .createQueryBuilder(MeetingMemberEntity, 'm')
      .select('m.meeting_id', 'meeting_id')
      .addSelect('count(*)', 'count')
      .where('m.meeting_id IN (:...ids)', { ids: meetingIds })
      .groupBy('m.meeting_id')
      .getRawMany();
    return new Map(counts.map((c) => [c.meeting_id, Number(c.count)]));
  }

  /** The meeting with its children and its members (each with their user), or null. */
  findWithChildrenAndMembers(meetingId: string): Promise<MeetingEntity | null> {
    return this.dataSource.manager.findOne(MeetingEntity, {
      where: { id: meetingId },
      relations: { children: true, members: { user: true } },
    });
  }

  /**
   * The discussions linked to this one that the user is a member of: the one
   * it reviews and its reviews (for a review, also the other reviews of the
   * same discussion), soonest first.
   */
  findLinkedForMember(
    meeting: Pick<MeetingEntity, 'id' | 'reviewOfMeetingId'>,
    userId: string,
  ): Promise<MeetingEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(MeetingEntity, 'm')
      .innerJoin(
        MeetingMemberEntity,
        'mm',
        `mm.meeting_id = m.id AND mm.user_id = :userId AND ${memberHasAccessSql('mm')}`,
        {
          userId,
        },
      )
      .where('m.id = :reviewOf OR m.review_of_meeting_id = :id', {
        reviewOf: meeting.reviewOfMeetingId ?? meeting.id,
        id: meeting.id,
      })
      .andWhere('m.id <> :id')
      .orderBy('m.scheduled_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  /** The meeting (without children or members) when the user is a member of it, else null. */
  findForMember(meetingId: string, userId: string): Promise<MeetingEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(MeetingEntity, 'm')
      .innerJoin(
        MeetingMemberEntity,
        'mm',
        `mm.meeting_id = m.id AND mm.user_id = :userId AND ${memberHasAccessSql('mm')}`,
        {
          userId,
        },
      )
      .where('m.id = :meetingId', { meetingId })
      .getOne();
  }

  /** Inserts a meeting inside the caller's transaction; a reference in use fails with a unique violation. */
  insertMeeting(tx: EntityManager, meeting: NewMeeting): Promise<MeetingEntity> {
    return tx.save(tx.create(MeetingEntity, meeting));
  }

  /** Inserts the meeting's children, inside the caller's transaction. */
  async insertChildren(tx: EntityManager, meetingId: string, children: readonly NewMeetingChild[]): Promise<void> {
    await tx.insert(
      MeetingChildEntity,
      children.map((child) => ({ meetingId, ...child })),
    );
  }

  /** Adds a member, inside the caller's transaction. */
  async insertMember(
    tx: EntityManager,
    member: { meetingId: string; userId: string; role: MeetingRole; addedBy: string; invitee?: boolean },
  ): Promise<void> {
    await tx.insert(MeetingMemberEntity, { invitee: false, ...member });
  }

  /**
   * Starts the clock of the meeting's invitees once it has concluded: each
   * invitee without an end gets the conclusion plus `hours`. Called in the
   * conclusion's transaction and when an invitee is added after it.
   */
  async setInviteeAccessEnds(tx: EntityManager, meetingId: string, hours: number): Promise<void> {
    await tx.query(
      `UPDATE meeting_members mm SET access_ends_at = m.concluded_at + make_interval(hours => $2)
         FROM meetings m
        WHERE m.id = mm.meeting_id AND mm.meeting_id = $1 AND mm.invitee
          AND mm.access_ends_at IS NULL AND m.concluded_at IS NOT NULL`,
      [meetingId, hours],
    );
  }

  /**
   * Invitees whose access ended after `since` and by now (the database's
   * clock), with that now: a sweep closes their open connections.
   */
  async findLapsedSince(since: Date | null): Promise<{ now: Date; lapsed: { meetingId: string; userId: string }[] }> {
    const [clock] = (await this.dataSource.query(`SELECT now() AS now`)) as { now: Date }[];
    const now = new Date(clock!.now);
    const lapsed: { meetingId: string; userId: string }[] = await this.dataSource.query(
      `SELECT meeting_id AS "meetingId", user_id AS "userId" FROM meeting_members
        WHERE access_ends_at IS NOT NULL AND access_ends_at <= $1 AND ($2::timestamptz IS NULL OR access_ends_at > $2)`,
      [now, since],
    );
    return { now, lapsed };
  }

  /** Changes the meeting's details, inside the caller's transaction. */
  async updateDetails(tx: EntityManager, meetingId: string, change: MeetingDetailsChange): Promise<void> {
    await tx.update(MeetingEntity, { id: meetingId }, change);
  }

  /** Locks the meeting row FOR UPDATE until the caller's transaction ends: membership changes wait for each other. */
  async lockForMembershipChange(tx: EntityManager, meetingId: string): Promise<void> {
    await tx.query('SELECT id FROM meetings WHERE id = $1 FOR UPDATE', [meetingId]);
  }

  /** One member of the meeting, or null. */
  findMember(tx: EntityManager, meetingId: string, userId: string): Promise<MeetingMemberEntity | null> {
    return tx.findOneBy(MeetingMemberEntity, { meetingId, userId });
  }

  isMember(tx: EntityManager, meetingId: string, userId: string): Promise<boolean> {
    return tx.existsBy(MeetingMemberEntity, { meetingId, userId });
  }

  countMembers(tx: EntityManager, meetingId: string): Promise<number> {
    return tx.countBy(MeetingMemberEntity, { meetingId });
  }

  countChairs(tx: EntityManager, meetingId: string): Promise<number> {
    return tx.countBy(MeetingMemberEntity, { meetingId, role: 'chair' });
  }

  async updateRole(tx: EntityManager, meetingId: string, userId: string, role: MeetingRole): Promise<void> {
    await tx.update(MeetingMemberEntity, { meetingId, userId }, { role });
  }

  async deleteMember(tx: EntityManager, meetingId: string, userId: string): Promise<void> {
    await tx.delete(MeetingMemberEntity, { meetingId, userId });
  }
}
