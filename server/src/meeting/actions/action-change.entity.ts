import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ActionChangeResponse } from '@roundtable/shared/actions';

export type ActionChangeKind = ActionChangeResponse['kind'];
export type ActionFieldChange = ActionChangeResponse['changes'][number];

/** One entry of an action's history: what changed, from what to what, by whom. Append-only. */
@Entity('action_changes')
export class ActionChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'action_id', type: 'uuid' })
  actionId: string;

  @Column({ type: 'text' })
  kind: ActionChangeKind;

  @Column({ name: 'changed_by', type: 'uuid' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  changedAt: Date;

  @Column({ type: 'jsonb' })
  changes: ActionFieldChange[];

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
