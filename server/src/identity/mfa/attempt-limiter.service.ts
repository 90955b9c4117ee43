import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventType } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { AttemptLimitRepository } from './attempt-limit.repository';

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
    private readonly limits: AttemptLimitRepository,
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
      await this.limits.lockUser(tx, user.id);
      if (await this.limits.isLockedOut(tx, user.id)) return { kind: 'locked' as const };
      const result = await run(tx);
      if (result.ok) {
        await this.limits.clearFailures(tx, user.id);
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
    const failures = await this.limits.countFailure(tx, user.id, ATTEMPT_WINDOW_MS / 1000);
    const lockNow = (failures ?? 0) >= MAX_FAILED_ATTEMPTS;
    if (lockNow) await this.limits.lockOut(tx, user.id, LOCKOUT_MS / 1000);
    const actor = { userId: user.id, agency: user.agency };
    await this.audit.record(tx, {
      type: failureType,
      outcome: 'refused',
      actor,
      subject: { type: 'user', id: user.id },
      details: { reason, failures: failures ?? 1 },
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
