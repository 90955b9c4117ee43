import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { Audience, ProtectedPersonRole } from '@roundtable/shared/need-to-know';

/**
 * A person whose identity must not reach whoever could harm them (DOMAIN.md §6
 * golden rule 5): the referrer, a neighbour, a member of staff. The record
 * refers to them by `label`; `name` reaches only `audience` (null: every
 * member) and never the family version. The adder's agency owns it.
 */
@Entity('protected_persons')
export class ProtectedPersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'text' })
  role: ProtectedPersonRole;

  /** How the record refers to them ("the referrer"): every member reads it. */
  @Column({ type: 'text' })
  label: string;

  /** Their identity: only the audience reads it. */
  @Column({ type: 'text' })
  name: string;

  /** Who may know the name; null once lifted (every member). */
  @Column({ type: 'jsonb', nullable: true })
  audience: Audience | null;

  /** The adder's agency: its members (and the chair, with a reason) widen it. */
  @Column({ name: 'owner_agency', type: 'text' })
  ownerAgency: Agency;

  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Column({ name: 'added_by', type: 'uuid' })
  addedBy: string;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt: Date;
}
