import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventType } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { DomainError } from '../../platform';

/** Wrong codes or passwords allowed per user within one window… */
export const MAX_FAILED_ATTEMPTS = 5;
/** …of this length; the fifth locks second-factor checks and re-authentication for LOCKOUT_MS. */
export const ATTEMPT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_MS = 15 * 60_000;

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; reason: string; error: DomainError };

interface LimitedUser {
  id: string;
  agency: Agency;
}

/**
 * Per-user limit on second-factor codes and re-authentication. Attempts of
 * one user are serialised (advisory lock) so parallel guesses cannot slip
 * past the count; every failure is audited, and so is each lockout.
 */
@Injectable()
export class AttemptLimiter {
  private readonly logger = new Logger(AttemptLimiter.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Runs one attempt in a transaction unless the user is locked out. A refused
   * attempt counts (audited as `failureType`) and throws its error after the
   * count has committed; a successful one clears the count.
   */
  async attempt<T>(
    user: LimitedUser,
    failureType: AuditEventType,
    run: (tx: EntityManager) => Promise<AttemptResult<T>>,
  ): Promise<T> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`roundtable:auth-attempts:${user.id}`]);
      const locked: unknown[] = await tx.query(
        'SELECT 1 FROM auth_attempt_limits WHERE user_id = $1 AND locked_until > now()',
        [user.id],
      );
      if (locked.length > 0) return { kind: 'locked' as const };
      const result = await run(tx);
      if (result.ok) {
        await tx.query('UPDATE auth_attempt_limits SET failures = 0 WHERE user_id = $1 AND failures > 0', [user.id]);
        return { kind: 'ok' as const, value: result.value };
      }
      await this.recordFailure(tx, user, failureType, result.reason);
      return { kind: 'refused' as const, error: result.error };
    });
    if (outcome.kind === 'locked') throw tooMany();
    if (outcome.kind === 'refused') throw outcome.error;
    return outcome.value;
  }

  private async recordFailure(
    tx: EntityManager,
    user: LimitedUser,
    failureType: AuditEventType,
    reason: string,
  ): Promise<void> {
    const [row] = (await tx.query(
      `INSERT INTO auth_attempt_limits AS a (user_id, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (user_id) DO UPDATE SET
         failures = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END,
         window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE a.window_started_at END
       RETURNING failures`,
      [user.id, ATTEMPT_WINDOW_MS / 1000],
    )) as { failures: number }[];
    const lockNow = (row?.failures ?? 0) >= MAX_FAILED_ATTEMPTS;
    if (lockNow) {
      await tx.query(
        `UPDATE auth_attempt_limits SET failures = 0, window_started_at = now(),
                locked_until = now() + make_interval(secs => $2) WHERE user_id = $1`,
        [user.id, LOCKOUT_MS / 1000],
      );
    }
    const actor = { userId: user.id, agency: user.agency };
    await this.audit.record(tx, {
      type: failureType,
      outcome: 'refused',
      actor,
      subject: { type: 'user', id: user.id },
      details: { reason, failures: row?.failures ?? 1 },
    });
    if (lockNow) {
      this.logger.warn({ event: 'mfa-locked', userId: user.id }, 'second-factor attempts locked');
      await this.audit.record(tx, {
        type: 'auth.mfa-locked',
        outcome: 'refused',
        actor,
        subject: { type: 'user', id: user.id },
        details: { minutes: LOCKOUT_MS / 60_000 },
      });
    }
  }
}

function tooMany(): DomainError {
  return new DomainError(
    'TooManyAttempts',
    `Too many wrong attempts. Wait ${LOCKOUT_MS / 60_000} minutes, then try again`,
  );
}
