import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The local authority's decision (DOMAIN.md §3.6), or a correction of one:
 * a separate, signed entry, never computed from the agency views. Append-only;
 * a correction is a new row pointing at the entry it corrects.
 */
@Entity('la_decisions')
export class LaDecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId: string;

  @Column({ name: 'chosen_options', type: 'text', array: true })
  chosenOptions: string[];

  @Column({ type: 'text' })
  reasons: string;

  @Column({ name: 'protective_actions', type: 'text', array: true })
  protectiveActions: string[];

  @Column({ name: 'protective_action_details', type: 'text', nullable: true })
  protectiveActionDetails: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  /** `Y.encodeStateAsUpdate` of the meeting's record document when this entry was recorded. */
  @Column({ name: 'record_state', type: 'bytea', select: false })
  recordState: Buffer;

  /** Hex SHA-256 of `record_state` (a CHECK constraint keeps them bound). */
  @Column({ name: 'record_state_sha256', type: 'text' })
  recordStateSha256: string;

  /** The agency views current when this entry was recorded. */
  @Column({ name: 'basis_view_ids', type: 'uuid', array: true })
  basisViewIds: string[];

  @Column({ name: 'corrects_id', type: 'uuid', nullable: true, unique: true })
  correctsId: string | null;

  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason: string | null;
}
