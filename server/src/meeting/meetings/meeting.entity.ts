import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { MeetingFormat } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { MeetingType } from '@roundtable/shared/pathway';
import { MeetingChildEntity } from './meeting-child.entity';
import { MeetingMemberEntity } from './meeting-member.entity';

/** A meeting about one or more children: a strategy discussion (DOMAIN.md §3), a conference or a core group (docs/PATHWAY.md). */
@Entity('meetings')
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, e.g. SD-DEMO-001; unique. */
  @Column({ type: 'text', unique: true })
  reference: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ type: 'text' })
  format: MeetingFormat;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** scheduled → live → concluded, forwards only (server/src/lifecycle/). */
  @Column({ type: 'text', default: 'scheduled' })
  status: MeetingStatus;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'started_by', type: 'uuid', nullable: true })
  startedBy: string | null;

  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true })
  concludedAt: Date | null;

  @Column({ name: 'concluded_by', type: 'uuid', nullable: true })
  concludedBy: string | null;

  /** The strategy discussion this one reviews (DOMAIN.md §3.4). */
  @Column({ name: 'review_of_meeting_id', type: 'uuid', nullable: true })
  reviewOfMeetingId: string | null;

  /** The review date the chair set (YYYY-MM-DD). */
  @Column({ name: 'review_date', type: 'date', nullable: true })
  reviewDate: string | null;

  /** Strategy discussion, conference or core group (shared/src/pathway.ts); a recorded fact. */
  @Column({ name: 'meeting_type', type: 'text', default: 'strategy-discussion' })
  type: MeetingType;

  /** The meeting this one follows on the pathway (docs/PATHWAY.md); a recorded fact. */
  @Column({ name: 'preceded_by_meeting_id', type: 'uuid', nullable: true })
  precededByMeetingId: string | null;

  @OneToMany(() => MeetingChildEntity, (child) => child.meeting, { cascade: ['insert'] })
  children?: Relation<MeetingChildEntity[]>;

  @OneToMany(() => MeetingMemberEntity, (member) => member.meeting)
  members?: Relation<MeetingMemberEntity[]>;
}
