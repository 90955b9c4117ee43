import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed second-factor and re-authentication attempts of one user in the current window, and any lockout. */
@Entity('auth_attempt_limits')
export class AttemptLimitEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ name: 'window_started_at', type: 'timestamptz', default: () => 'now()' })
  windowStartedAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
