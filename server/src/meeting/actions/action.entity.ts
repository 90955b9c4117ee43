import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ActionStatus } from '@roundtable/shared/actions';
import type { Agency } from '@roundtable/shared/constants';
import type { RestrictionKind } from '@roundtable/shared/templates';

/** An action from a strategy discussion (DOMAIN.md §3.5 item 11). Its history is in `action_changes`. */
@Entity('actions')
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'owner_user_id', type: 'uuid' })
  ownerUserId: string;

  @Column({ name: 'owner_agency', type: 'text' })
  ownerAgency: Agency;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'child_id', type: 'uuid', nullable: true })
  childId: string | null;

  @Column({ name: 'decision_id', type: 'uuid', nullable: true })
  decisionId: string | null;

  @Column({ type: 'text', default: 'open' })
  status: ActionStatus;

  /** The note given with the latest change of status. */
  @Column({ name: 'status_note', type: 'text', nullable: true })
  statusNote: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  revision: number;

  /** For a review discussion's copy of an open action: the original, which stays in its own meeting. */
  @Column({ name: 'carried_from_action_id', type: 'uuid', nullable: true, unique: true })
  carriedFromActionId: string | null;

  /** Restriction flag (DOMAIN.md §7), set by the action's creator or the chair. */
  @Column({ type: 'text', nullable: true })
  restriction: RestrictionKind | null;
}
