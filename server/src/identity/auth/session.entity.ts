import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** A signed-in browser or client. The cookie holds a random token; only its SHA-256 is stored. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'token_hash', type: 'bytea', unique: true })
  tokenHash: Buffer;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sessions_user_id_fkey' })
  user?: Relation<UserEntity>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  /** Absolute expiry; idle expiry is computed from lastSeenAt. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Password accepted, second factor not yet: refused everywhere but POST /api/auth/mfa/verify. */
  @Column({ name: 'mfa_pending', type: 'boolean', default: false })
  mfaPending: boolean;

  /** When the user last proved who they are (sign-in or step-up); step-up actions need this to be recent. */
  @Column({ name: 'authenticated_at', type: 'timestamptz', default: () => 'now()' })
  authenticatedAt: Date;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: 'sign-out' | 'expired' | 'disabled' | null;
}
