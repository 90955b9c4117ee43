import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { MeetingRole } from '@roundtable/shared/constants';
import { UserEntity } from '../../identity';
import { MeetingEntity } from './meeting.entity';

/** A user invited to a meeting, with their meeting role. */
@Entity('meeting_members')
export class MeetingMemberEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => MeetingEntity, (meeting) => meeting.members)
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'meeting_members_meeting_id_fkey' })
  meeting?: Relation<MeetingEntity>;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'meeting_members_user_id_fkey' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  role: MeetingRole;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  /** Invited for this meeting only: their access ends `accessEndsAt` (member-access.ts). */
  @Column({ type: 'boolean', default: false })
  invitee: boolean;

  /** When an invitee's access ends; set when the meeting concludes, null before and for other members. */
  @Column({ name: 'access_ends_at', type: 'timestamptz', nullable: true })
  accessEndsAt: Date | null;
}
