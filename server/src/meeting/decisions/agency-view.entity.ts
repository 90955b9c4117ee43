import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { HarmAssessment } from '@roundtable/shared/decisions';
import type { RestrictionKind } from '@roundtable/shared/templates';

/**
 * One agency's view on a decision (DOMAIN.md §4.2). Append-only: a change of
 * view is a new row that supersedes the agency's previous current view.
 */
@Entity('agency_views')
export class AgencyViewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId: string;

  /** The recorder's agency, from their account; never from the request. */
  @Column({ type: 'text' })
  agency: Agency;

  @Column({ type: 'text' })
  harm: HarmAssessment;

  @Column({ name: 'recommended_option', type: 'text' })
  recommendedOption: string;

  @Column({ type: 'text' })
  reasons: string;

  @Column({ name: 'key_information', type: 'text', nullable: true })
  keyInformation: string | null;

  @Column({ type: 'text', nullable: true })
  conditions: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  /** Restriction flag (DOMAIN.md §7): the only column that may change after recording. */
  @Column({ type: 'text', nullable: true })
  restriction: RestrictionKind | null;

  /** The agency's view this one replaced; null for its first view. */
  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true, unique: true })
  supersedesId: string | null;
}
