import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import { DataSource, type EntityManager } from 'typeorm';

/** An account as administrators see it: the user row and how many live sessions it has. */
export interface AdminUserRow {
  id: string;
  email: string;
  display_name: string;
  job_title: string;
  agency: Agency;
  organisation: string | null;
  is_admin: boolean;
  is_auditor: boolean;
  can_chair: boolean;
  team_manager: boolean;
  created_at: Date;
  disabled_at: Date | null;
  active_sessions: number;
}

/** The columns an administrator creates an account with. */
export interface NewAdminUser {
  email: string;
  passwordHash: string;
  displayName: string;
  jobTitle: string;
  agency: Agency;
  organisation: string | null;
  isAdmin: boolean;
  isAuditor: boolean;
  canChair: boolean;
  teamManager: boolean;
}

const SELECT_USERS = `
  SELECT u.id, u.email, u.display_name, u.job_title, u.agency, u.organisation, u.is_admin, u.is_auditor, u.can_chair,
         u.team_manager, u.created_at, u.disabled_at,
         (SELECT count(*)::int FROM sessions s
           WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_sessions
    FROM users u
   WHERE u.kind = 'person'`;

/**
 * Account administration's statements over `users`, `sessions`, `user_mfa` and
 * `mfa_recovery_codes`, for the admin API and the admin CLI (which runs this
 * module alone, without the session and MFA modules).
 */
@Injectable()
export class AdminUserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every account, administrators first, then by name. */
  async list(): Promise<AdminUserRow[]> {
    return (await this.dataSource.query(
      `${SELECT_USERS} ORDER BY u.is_admin DESC, lower(u.display_name), u.email`,
    )) as AdminUserRow[];
  }

  findById(userId: string): Promise<AdminUserRow | undefined> {
    return this.findByIdIn(this.dataSource.manager, userId);
  }

  /** As `findById`, inside the caller's transaction. */
  async findByIdIn(tx: EntityManager, userId: string): Promise<AdminUserRow | undefined> {
    const [row] = (await tx.query(`${SELECT_USERS} AND u.id = $1`, [userId])) as AdminUserRow[];
    return row;
  }

  /** The id of the account with this (lower-case) email. */
  async findIdByEmail(email: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT id FROM users WHERE email = $1 AND kind = 'person'`, [
      email,
    ])) as {
      id: string;
    }[];
    return row?.id;
  }

  /** Inserts an account and returns its id. A taken email fails with the unique violation (23505). */
  async insert(tx: EntityManager, user: NewAdminUser): Promise<string> {
    const [created] = (await tx.query(
      `INSERT INTO users (email, password_hash, display_name, job_title, agency, is_admin, is_auditor, can_chair, organisation,
                          team_manager)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        user.email,
        user.passwordHash,
        user.displayName,
        user.jobTitle,
        user.agency,
        user.isAdmin,
        user.isAuditor,
        user.canChair,
        user.organisation,
        user.teamManager,
      ],
    )) as { id: string }[];
    return created!.id;
  }

  /** Locks the account's row (FOR UPDATE) in the caller's transaction; false if there is no such account. */
  async lock(tx: EntityManager, userId: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT id FROM users WHERE id = $1 AND kind = 'person' FOR UPDATE`, [
      userId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /**
   * Locks the account's row (FOR UPDATE) and reads what a change of its
   * permission to chair depends on; undefined if there is no such account.
   */
  async lockForChairChange(
    tx: EntityManager,
    userId: string,
  ): Promise<{ can_chair: boolean; is_auditor: boolean } | undefined> {
    const [row] = (await tx.query(
      `SELECT can_chair, is_auditor FROM users WHERE id = $1 AND kind = 'person' FOR UPDATE`,
      [userId],
    )) as {
      can_chair: boolean;
      is_auditor: boolean;
    }[];
    return row;
  }

  async setCanChair(tx: EntityManager, userId: string, canChair: boolean): Promise<void> {
    await tx.query(`UPDATE users SET can_chair = $2 WHERE id = $1`, [userId, canChair]);
  }

  /**
   * Locks the account's row (FOR UPDATE) and reads what a change of its
   * team manager flag depends on; undefined if there is no such account.
   */
  async lockForTeamManagerChange(
    tx: EntityManager,
    userId: string,
  ): Promise<{ team_manager: boolean; is_auditor: boolean } | undefined> {
    const [row] = (await tx.query(
      `SELECT team_manager, is_auditor FROM users WHERE id = $1 AND kind = 'person' FOR UPDATE`,
      [userId],
    )) as {
      team_manager: boolean;
      is_auditor: boolean;
    }[];
    return row;
  }

  async setTeamManager(tx: EntityManager, userId: string, teamManager: boolean): Promise<void> {
    await tx.query(`UPDATE users SET team_manager = $2 WHERE id = $1`, [userId, teamManager]);
  }

  /** Locks the account's row (FOR UPDATE) and reads its organisation; undefined if there is no such account. */
  async lockForOrganisationChange(
    tx: EntityManager,
    userId: string,
  ): Promise<{ organisation: string | null } | undefined> {
    const [row] = (await tx.query(`SELECT organisation FROM users WHERE id = $1 AND kind = 'person' FOR UPDATE`, [
      userId,
    ])) as {
      organisation: string | null;
    }[];
    return row;
  }

  async setOrganisation(tx: EntityManager, userId: string, organisation: string | null): Promise<void> {
    await tx.query(`UPDATE users SET organisation = $2 WHERE id = $1`, [userId, organisation]);
  }

  /** Marks the account disabled now, unless it is already. */
  async disable(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`UPDATE users SET disabled_at = COALESCE(disabled_at, now()) WHERE id = $1`, [userId]);
  }

  async enable(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [userId]);
  }

  /** Revokes every unrevoked session of the account; answers how many. */
  async revokeSessions(tx: EntityManager, userId: string, reason: 'disabled' | 'sign-out'): Promise<number> {
    const [rows] = (await tx.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    )) as [unknown[], number];
    return rows.length;
  }

  /** Deletes the account's authenticator app; false if it had none. */
  async deleteAuthenticator(tx: EntityManager, userId: string): Promise<boolean> {
    const [removed] = (await tx.query(`DELETE FROM user_mfa WHERE user_id = $1 RETURNING user_id`, [userId])) as [
      unknown[],
      number,
    ];
    return removed.length > 0;
  }

  async deleteRecoveryCodes(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
  }
}
