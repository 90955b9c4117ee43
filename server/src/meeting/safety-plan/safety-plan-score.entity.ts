import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';

/**
 * One agency's Signs of Safety scaling score (0–10) on a meeting's safety plan
 * (DOMAIN.md §5.1). Append-only: a new score is a new row superseding the
 * agency's previous one, so the rows are the history.
 */
@Entity('safety_plan_scores')
export class SafetyPlanScoreEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  /** The recorder's agency, from their account; never from the request. */
  @Column({ type: 'text' })
  agency: Agency;

  @Column({ type: 'int' })
  score: number;

  /** The score this one replaced; null for the agency's first. */
  @Column({ name: 'previous_score', type: 'int', nullable: true })
  previousScore: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true, unique: true })
  supersedesId: string | null;
}
