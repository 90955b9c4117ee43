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
import { MeetingChildEntity } from './meeting-child.entity';
import { MeetingMemberEntity } from './meeting-member.entity';

/** A strategy discussion (DOMAIN.md §3). */
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

  @OneToMany(() => MeetingChildEntity, (child) => child.meeting, { cascade: ['insert'] })
  children?: Relation<MeetingChildEntity[]>;

  @OneToMany(() => MeetingMemberEntity, (member) => member.meeting)
  members?: Relation<MeetingMemberEntity[]>;
}
