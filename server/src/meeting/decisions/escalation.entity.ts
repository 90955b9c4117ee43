import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EscalationStatus } from '@roundtable/shared/decisions';

/**
 * The state of a dissent's escalation: open until the outcome statement is
 * recorded, then frozen by a trigger. Its steps are in `escalation_steps`.
 */
@Entity('escalations')
export class EscalationEntity {
  @PrimaryColumn({ name: 'dissent_id', type: 'uuid' })
  dissentId: string;

  @Column({ type: 'text', default: 'open' })
  status: EscalationStatus;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
