import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminUser } from '@roundtable/shared/admin';
import type { Agency } from '@roundtable/shared/constants';
import type { CreateUserRequest } from '@roundtable/shared/schemas';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { notifyAccessChange } from '../access-notifications/access-notification';
import { type AuditActor, AuditService } from '../../audit';
import { DomainError, LiveConnectionRegistry } from '../../platform';
import { hashPassword } from '../users/password-hasher';

/** Who made an account change: an administrator over the API, or the operator at the admin CLI (no account). */
export type AdminActor = { via: 'api'; actor: AuditActor } | { via: 'cli' };

interface AdminUserRow {
  id: string;
  email: string;
  display_name: string;
  job_title: string;
  agency: Agency;
  is_admin: boolean;
  is_auditor: boolean;
  created_at: Date;
  disabled_at: Date | null;
  active_sessions: number;
}

const SELECT_USERS = `
  SELECT u.id, u.email, u.display_name, u.job_title, u.agency, u.is_admin, u.is_auditor, u.created_at, u.disabled_at,
         (SELECT count(*)::int FROM sessions s
           WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_sessions
    FROM users u`;

function toAdminUser(row: AdminUserRow): AdminUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    jobTitle: row.job_title,
    agency: row.agency,
    isAdmin: row.is_admin,
    isAuditor: row.is_auditor,
    status: row.disabled_at ? 'disabled' : 'active',
    createdAt: new Date(row.created_at).toISOString(),
    disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
    activeSessions: Number(row.active_sessions),
  };
}

/**
 * Creating, disabling and re-enabling accounts and ending their sessions,
 * for the admin API and the admin CLI alike. Each change commits with its
 * audit entry and a PostgreSQL NOTIFY, so every running server (this one,
 * other instances, and the servers a CLI run cannot reach otherwise) closes
 * the person's live connections — collab and socket.io — as soon as it
 * commits. Disabled accounts are refused at every request, handshake and
 * upgrade from the same moment.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly liveConnections: LiveConnectionRegistry,
  ) {}

  /** Every account, administrators first, then by name. */
  async list(): Promise<AdminUser[]> {
    const rows = (await this.dataSource.query(
      `${SELECT_USERS} ORDER BY u.is_admin DESC, lower(u.display_name), u.email`,
    )) as AdminUserRow[];
    return rows.map(toAdminUser);
  }

  async get(userId: string): Promise<AdminUser> {
    const row = await this.findRow(this.dataSource.manager, userId);
    if (!row) throw new DomainError('UserNotFound', 'No account has this id');
    return toAdminUser(row);
  }

  /** The id of the account with this email (the CLI names accounts by email). */
  async idByEmail(email: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email.toLowerCase()])) as {
      id: string;
    }[];
    if (!row) throw new DomainError('UserNotFound', `No account has the email ${email}`);
    return row.id;
  }

  /** Creates an account. EmailTaken if the email is in use. */
  async create(input: CreateUserRequest, by: AdminActor): Promise<AdminUser> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const [created] = (await tx.query(
          `INSERT INTO users (email, password_hash, display_name, job_title, agency, is_admin, is_auditor)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            input.email.toLowerCase(),
            passwordHash,
            input.displayName,
            input.jobTitle,
            input.agency,
            input.isAdmin,
            input.isAuditor,
          ],
        )) as { id: string }[];
        const id = created!.id;
        await this.audit.record(tx, {
          type: 'user.created',
          actor: actorOf(by),
          subject: { type: 'user', id },
          details: { via: by.via, agency: input.agency, isAdmin: input.isAdmin, isAuditor: input.isAuditor },
        });
        return toAdminUser((await this.findRow(tx, id))!);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new DomainError('EmailTaken', `An account with the email ${input.email} already exists`);
      }
      throw error;
    }
  }

  /**
   * Disables an account: it can no longer sign in, every session ends and
   * every live connection closes, on every instance. Idempotent. An
   * administrator cannot disable their own account.
   */
  async disable(userId: string, by: AdminActor): Promise<{ user: AdminUser; sessionsEnded: number }> {
    if (by.via === 'api' && by.actor.userId === userId) {
      throw new DomainError('Forbidden', 'You cannot disable your own account: ask another administrator');
    }
    const result = await this.dataSource.transaction(async (tx) => {
      await this.lockExisting(tx, userId);
      await tx.query(`UPDATE users SET disabled_at = COALESCE(disabled_at, now()) WHERE id = $1`, [userId]);
      const sessionsEnded = await this.revokeSessions(tx, userId, 'disabled');
      await this.audit.record(tx, {
        type: 'user.disabled',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via, sessionsEnded },
      });
      await notifyAccessChange(tx, { kind: 'close-user', userId });
      return { user: toAdminUser((await this.findRow(tx, userId))!), sessionsEnded };
    });
    // At once here (and through the cluster relay on other instances); the NOTIFY repeats it harmlessly.
    this.liveConnections.closeUser(userId);
    return result;
  }

  /** Re-enables a disabled account (its old sessions stay ended: the person signs in again). Idempotent. */
  async enable(userId: string, by: AdminActor): Promise<AdminUser> {
    return this.dataSource.transaction(async (tx) => {
      await this.lockExisting(tx, userId);
      await tx.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [userId]);
      await this.audit.record(tx, {
        type: 'user.enabled',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via },
      });
      return toAdminUser((await this.findRow(tx, userId))!);
    });
  }

  /** Ends every session of an account (a lost device, a suspected compromise) and closes its live connections. */
  async endSessions(userId: string, by: AdminActor): Promise<{ user: AdminUser; sessionsEnded: number }> {
    const result = await this.dataSource.transaction(async (tx) => {
      await this.lockExisting(tx, userId);
      const sessionsEnded = await this.revokeSessions(tx, userId, 'sign-out');
      await this.audit.record(tx, {
        type: 'user.sessions-ended',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via, sessionsEnded },
      });
      await notifyAccessChange(tx, { kind: 'close-user', userId });
      return { user: toAdminUser((await this.findRow(tx, userId))!), sessionsEnded };
    });
    this.liveConnections.closeUser(userId);
    return result;
  }

  /**
   * Removes an account's authenticator app and recovery codes (someone who has
   * lost both), and ends its sessions: the next sign-in is by password alone,
   * then setup again where the role requires it (MFA_REQUIRED_FOR).
   */
  async resetMfa(userId: string, by: AdminActor): Promise<{ sessionsEnded: number }> {
    const result = await this.dataSource.transaction(async (tx) => {
      await this.lockExisting(tx, userId);
      const [removed] = (await tx.query(`DELETE FROM user_mfa WHERE user_id = $1 RETURNING user_id`, [userId])) as [
        unknown[],
        number,
      ];
      if (removed.length === 0)
        throw new DomainError('Conflict', 'This account has no two-factor authentication set up');
      await tx.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
      const sessionsEnded = await this.revokeSessions(tx, userId, 'sign-out');
      await this.audit.record(tx, {
        type: 'auth.mfa-disabled',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via, reset: true, sessionsEnded },
      });
      await notifyAccessChange(tx, { kind: 'close-user', userId });
      return { sessionsEnded };
    });
    this.liveConnections.closeUser(userId);
    return result;
  }

  private async lockExisting(tx: EntityManager, userId: string): Promise<void> {
    const rows = (await tx.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId])) as unknown[];
    if (rows.length === 0) throw new DomainError('UserNotFound', 'No account has this id');
  }

  private async revokeSessions(tx: EntityManager, userId: string, reason: 'disabled' | 'sign-out'): Promise<number> {
    const [rows] = (await tx.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    )) as [unknown[], number];
    return rows.length;
  }

  private async findRow(manager: EntityManager, userId: string): Promise<AdminUserRow | undefined> {
    const [row] = (await manager.query(`${SELECT_USERS} WHERE u.id = $1`, [userId])) as AdminUserRow[];
    return row;
  }
}

function actorOf(by: AdminActor): AuditActor | null {
  return by.via === 'api' ? by.actor : null;
}
