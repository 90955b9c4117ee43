import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always lower-case; unique. */
  @Column({ type: 'text', unique: true })
  email: string;

  /** scrypt hash in the self-describing format of password-hasher.ts; null: signs in only through single sign-on. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'job_title', type: 'text' })
  jobTitle: string;

  @Column({ type: 'text' })
  agency: Agency;

  /** The organisation within the agency ("Testshire Police"), set by administrators; null: none set. */
  @Column({ type: 'text', nullable: true })
  organisation: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  /** Safeguarding partner reviewer: reads audit trails and final records; cannot join or edit meetings. */
  @Column({ name: 'is_auditor', type: 'boolean', default: false })
  isAuditor: boolean;

  /** May convene strategy discussions and chair them; set by administrators, never on an auditor. */
  @Column({ name: 'can_chair', type: 'boolean', default: false })
  canChair: boolean;

  /** A MACPT team manager: sees the caseload of every LCPP in their organisation (docs/PATHWAY.md). */
  @Column({ name: 'team_manager', type: 'boolean', default: false })
  teamManager: boolean;

  /** `person`, or `service`: a service account (identity/service-accounts) that never signs in. */
  @Column({ type: 'text', default: 'person' })
  kind: 'person' | 'service';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
