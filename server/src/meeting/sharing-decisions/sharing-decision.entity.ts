import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { LawfulBasis, SharingOutcome } from '@roundtable/shared/need-to-know';

/**
 * A decision to share, or not to share, information (DOMAIN.md §6 golden
 * rule 7): who decided, what, with whom, on which lawful basis and why.
 * Append-only. Readable by the chair, the deciding agency's members and, for
 * one that widened a compartment, that compartment's audience.
 */
@Entity('sharing_decisions')
export class SharingDecisionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'text' })
  outcome: SharingOutcome;

  @Column({ type: 'text' })
  what: string;

  @Column({ name: 'with_whom', type: 'text' })
  withWhom: string;

  @Column({ name: 'lawful_basis', type: 'text' })
  lawfulBasis: LawfulBasis;

  @Column({ type: 'text' })
  reason: string;

  /** The compartment it widened or lifted, when it came from `compartment:share`. */
  @Column({ name: 'compartment_id', type: 'uuid', nullable: true })
  compartmentId: string | null;

  @Column({ name: 'decided_by', type: 'uuid' })
  decidedBy: string;

  /** The decider's agency when they decided (who may read it). */
  @Column({ name: 'decided_agency', type: 'text' })
  decidedAgency: Agency;

  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  decidedAt: Date;
}
