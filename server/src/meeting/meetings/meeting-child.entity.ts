import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { MeetingEntity } from './meeting.entity';

/** A child covered by a meeting. Decisions are made per child (this row's id). */
@Entity('meeting_children')
export class MeetingChildEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, (meeting) => meeting.children)
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'meeting_children_meeting_id_fkey' })
  meeting?: Relation<MeetingEntity>;

  /** The child's record, which outlives meetings (children table, docs/PATHWAY.md). */
  @Column({ name: 'child_id', type: 'uuid' })
  childId: string;

  /** The name as listed for this meeting (the child's record holds the current one). */
  @Column({ type: 'text' })
  name: string;

  /** ISO date (YYYY-MM-DD); null when unknown or unborn. */
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth: string | null;

  /** Order in which the children were listed. */
  @Column({ type: 'int' })
  position: number;

  /** When the child was put on this meeting: convened with it, copied to a review, or added later. */
  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;

  /** Who added the child after the meeting was convened; null for the children it was convened about. */
  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;
}
