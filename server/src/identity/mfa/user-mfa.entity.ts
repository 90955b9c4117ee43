import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A user's TOTP authenticator. The secret is encrypted by the application
 * (AES-256-GCM, key outside the database); `enabledAt` is null until the
 * user proves the app works by entering a code.
 */
@Entity('user_mfa')
export class UserMfaEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'secret_encrypted', type: 'bytea' })
  secretEncrypted: Buffer;

  @Column({ name: 'enabled_at', type: 'timestamptz', nullable: true })
  enabledAt: Date | null;

  /** The last TOTP time step accepted: a code is never accepted twice (replay). bigint, read as a string. */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
