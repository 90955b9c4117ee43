import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';

/** An agency's recorded disagreement with the local authority's decision (DOMAIN.md §3.7). Append-only. */
@Entity('dissents')
export class DissentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId: string;

  /** The local authority decision in force when the dissent was recorded. */
  @Column({ name: 'la_decision_id', type: 'uuid' })
  laDecisionId: string;

  @Column({ type: 'text' })
  agency: Agency;

  @Column({ type: 'text' })
  reasons: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;
}
