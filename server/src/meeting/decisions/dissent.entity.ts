import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { DissentPart } from '@roundtable/shared/decisions';

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

  /** The part of the LA decision dissented from; rows from before parts existed are about the chosen options. */
  @Column({ type: 'text' })
  part: DissentPart;

  @Column({ type: 'text' })
  reasons: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;
}
