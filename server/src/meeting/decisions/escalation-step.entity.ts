import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EscalationStage } from '@roundtable/shared/decisions';

/** One step of an escalation; the first is the dissent itself. Append-only. */
@Entity('escalation_steps')
export class EscalationStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dissent_id', type: 'uuid' })
  dissentId: string;

  @Column({ type: 'text' })
  stage: EscalationStage;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;
}
