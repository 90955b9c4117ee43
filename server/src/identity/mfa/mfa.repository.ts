import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A user's authenticator row as enrolment reads it. */
export interface AuthenticatorForEnrolment {
  secretEncrypted: Buffer;
  enabledAt: Date | null;
}

/** A confirmed authenticator as a second-factor check reads it; `lastUsedStep` is a bigint, read as a string. */
export interface EnabledAuthenticator {
  secretEncrypted: Buffer;
  lastUsedStep: string | null;
}

/** The MFA tables: `user_mfa` (one authenticator app per user) and `mfa_recovery_codes` (hashes only). */
@Injectable()
export class MfaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the user's authenticator is confirmed (null: none), and how many recovery codes are unused. */
  async findStatus(userId: string): Promise<{ enabled: boolean | null; remaining: number } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT enabled_at IS NOT NULL FROM user_mfa WHERE user_id = $1) AS enabled,
              (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL) AS remaining`,
      [userId],
    )) as { enabled: boolean | null; remaining: number }[];
    return row;
  }

  /**
   * Stores a new, unconfirmed secret, replacing an unconfirmed one (and its last used step).
   * False if the user has a confirmed authenticator, which is left alone.
   */
  async upsertUnconfirmed(userId: string, secretEncrypted: Buffer): Promise<boolean> {
    // INSERT … RETURNING answers the rows alone (UPDATE and DELETE answer [rows, count]).
    const rows = (await this.dataSource.query(
      `INSERT INTO user_mfa AS m (user_id, secret_encrypted) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = $2, last_used_step = NULL, created_at = now()
         WHERE m.enabled_at IS NULL
       RETURNING user_id`,
      [userId, secretEncrypted],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The user's authenticator, confirmed or not, locked (FOR UPDATE) in the caller's transaction. */
  async lockAuthenticator(tx: EntityManager, userId: string): Promise<AuthenticatorForEnrolment | undefined> {
    const [row] = (await tx.query('SELECT secret_encrypted, enabled_at FROM user_mfa WHERE user_id = $1 FOR UPDATE', [
      userId,
    ])) as { secret_encrypted: Buffer; enabled_at: Date | null }[];
    return row && { secretEncrypted: row.secret_encrypted, enabledAt: row.enabled_at };
  }

  /** The user's confirmed authenticator, locked (FOR UPDATE) in the caller's transaction. */
  async lockEnabledAuthenticator(tx: EntityManager, userId: string): Promise<EnabledAuthenticator | undefined> {
    const [row] = (await tx.query(
      'SELECT secret_encrypted, last_used_step FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE',
      [userId],
    )) as { secret_encrypted: Buffer; last_used_step: string | null }[];
    return row && { secretEncrypted: row.secret_encrypted, lastUsedStep: row.last_used_step };
  }

  /** Locks (FOR UPDATE) the user's confirmed authenticator in the caller's transaction; false if there is none. */
  async lockEnabled(tx: EntityManager, userId: string): Promise<boolean> {
    const enabled: unknown[] = await tx.query(
      'SELECT 1 FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL FOR UPDATE',
      [userId],
    );
    return enabled.length > 0;
  }

  /** Confirms the authenticator now, noting the time step of the code that confirmed it. */
  async enable(tx: EntityManager, userId: string, timeStep: number): Promise<void> {
    await tx.query('UPDATE user_mfa SET enabled_at = now(), last_used_step = $2 WHERE user_id = $1', [
      userId,
      timeStep,
    ]);
  }

  /** Notes the time step of the last accepted code (a code is never accepted twice). */
  async setLastUsedStep(tx: EntityManager, userId: string, timeStep: number): Promise<void> {
    await tx.query('UPDATE user_mfa SET last_used_step = $2 WHERE user_id = $1', [userId, timeStep]);
  }

  /** Deletes the user's authenticator in the caller's transaction; answers whether it was confirmed (undefined: none). */
  async deleteAuthenticator(tx: EntityManager, userId: string): Promise<{ enabledAt: Date | null } | undefined> {
    const [deleted] = (await tx.query('DELETE FROM user_mfa WHERE user_id = $1 RETURNING enabled_at', [userId])) as [
      { enabled_at: Date | null }[],
      number,
    ];
    const row = deleted[0];
    return row && { enabledAt: row.enabled_at };
  }

  /** Deletes every recovery code of the user, used or not. */
  async deleteRecoveryCodes(tx: EntityManager, userId: string): Promise<void> {
    await tx.query('DELETE FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
  }

  /** Stores recovery codes by their hashes. */
  async insertRecoveryCodes(tx: EntityManager, userId: string, codeHashes: Buffer[]): Promise<void> {
    await tx.query('INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])', [
      userId,
      codeHashes,
    ]);
  }

  /** Marks the user's unused recovery code with this hash used; false if there is none. */
  async useRecoveryCode(tx: EntityManager, userId: string, codeHash: Buffer): Promise<boolean> {
    const [used] = (await tx.query(
      `UPDATE mfa_recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    )) as [{ id: string }[], number];
    return used.length > 0;
  }

  /** How many of the user's recovery codes are unused. */
  async countUnusedRecoveryCodes(tx: EntityManager, userId: string): Promise<number> {
    const [{ remaining }] = (await tx.query(
      'SELECT count(*)::int AS remaining FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [userId],
    )) as [{ remaining: number }];
    return remaining;
  }
}
