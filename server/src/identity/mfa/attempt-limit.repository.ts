import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** `auth_attempt_limits`: failed second-factor and re-authentication attempts per user. All inside the caller's transaction. */
@Injectable()
export class AttemptLimitRepository {
  /** Serialises a user's attempts: a transaction-scoped advisory lock on the user, held until commit. */
  async lockUser(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`roundtable:auth-attempts:${userId}`]);
  }

  /** Whether the user is locked out now. */
  async isLockedOut(tx: EntityManager, userId: string): Promise<boolean> {
    const locked: unknown[] = await tx.query(
      'SELECT 1 FROM auth_attempt_limits WHERE user_id = $1 AND locked_until > now()',
      [userId],
    );
    return locked.length > 0;
  }

  /** Forgets the user's failures (a successful attempt). */
  async clearFailures(tx: EntityManager, userId: string): Promise<void> {
    await tx.query('UPDATE auth_attempt_limits SET failures = 0 WHERE user_id = $1 AND failures > 0', [userId]);
  }

  /**
   * Counts one failure: in the current window if it started less than `windowSeconds` ago, else in a
   * new window from now. Answers the failures in the window, this one included.
   */
  async countFailure(tx: EntityManager, userId: string, windowSeconds: number): Promise<number | undefined> {
    const [row] = (await tx.query(
      `INSERT INTO auth_attempt_limits AS a (user_id, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (user_id) DO UPDATE SET
         failures = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE a.failures + 1 END,
         window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE a.window_started_at END
       RETURNING failures`,
      [userId, windowSeconds],
    )) as { failures: number }[];
    return row?.failures;
  }

  /** Locks the user out for `seconds` from now and starts a new window. */
  async lockOut(tx: EntityManager, userId: string, seconds: number): Promise<void> {
    await tx.query(
      `UPDATE auth_attempt_limits SET failures = 0, window_started_at = now(),
              locked_until = now() + make_interval(secs => $2) WHERE user_id = $1`,
      [userId, seconds],
    );
  }
}
