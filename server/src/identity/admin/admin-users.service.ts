import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminUser } from '@roundtable/shared/admin';
import type { CreateUserRequest } from '@roundtable/shared/schemas';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AccessNotificationRepository } from '../access-notifications/access-notification.repository';
import { type AuditActor, AuditService } from '../../audit';
import { DomainError, LiveConnectionRegistry } from '../../platform';
import { hashPassword } from '../users/password-hasher';
import { type AdminUserRow, AdminUserRepository } from './admin-user.repository';

/** Who made an account change: an administrator over the API, or the operator at the admin CLI (no account). */
export type AdminActor = { via: 'api'; actor: AuditActor } | { via: 'cli' };

function toAdminUser(row: AdminUserRow): AdminUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    jobTitle: row.job_title,
    agency: row.agency,
    organisation: row.organisation,
    isAdmin: row.is_admin,
    isAuditor: row.is_auditor,
    canChair: row.can_chair,
    teamManager: row.team_manager,
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
    private readonly users: AdminUserRepository,
    private readonly accessNotifications: AccessNotificationRepository,
    private readonly audit: AuditService,
    private readonly liveConnections: LiveConnectionRegistry,
  ) {}

  /** Every account, administrators first, then by name. */
  async list(): Promise<AdminUser[]> {
    return (await this.users.list()).map(toAdminUser);
  }

  async get(userId: string): Promise<AdminUser> {
    const row = await this.users.findById(userId);
    if (!row) throw new DomainError('UserNotFound', 'No account has this id');
    return toAdminUser(row);
  }

  /** The id of the account with this email (the CLI names accounts by email). */
  async idByEmail(email: string): Promise<string> {
    const id = await this.users.findIdByEmail(email.toLowerCase());
    if (!id) throw new DomainError('UserNotFound', `No account has the email ${email}`);
    return id;
  }

  /** Creates an account. EmailTaken if the email is in use. */
  async create(input: CreateUserRequest, by: AdminActor): Promise<AdminUser> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const id = await this.users.insert(tx, {
          email: input.email.toLowerCase(),
          passwordHash,
          displayName: input.displayName,
          jobTitle: input.jobTitle,
          agency: input.agency,
          organisation: input.organisation ?? null,
          isAdmin: input.isAdmin,
          isAuditor: input.isAuditor,
          canChair: input.canChair,
          teamManager: input.teamManager ?? false,
        });
        await this.audit.record(tx, {
          type: 'user.created',
          actor: actorOf(by),
          subject: { type: 'user', id },
          details: {
            via: by.via,
            agency: input.agency,
            isAdmin: input.isAdmin,
            isAuditor: input.isAuditor,
            canChair: input.canChair,
            teamManager: input.teamManager ?? false,
          },
        });
        return toAdminUser((await this.users.findByIdIn(tx, id))!);
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
      await this.users.disable(tx, userId);
      const sessionsEnded = await this.users.revokeSessions(tx, userId, 'disabled');
      await this.audit.record(tx, {
        type: 'user.disabled',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via, sessionsEnded },
      });
      await this.accessNotifications.notify(tx, { kind: 'close-user', userId });
      return { user: toAdminUser((await this.users.findByIdIn(tx, userId))!), sessionsEnded };
    });
    // At once here (and through the cluster relay on other instances); the NOTIFY repeats it harmlessly.
    this.liveConnections.closeUser(userId);
    return result;
  }

  /**
   * Gives or takes away the account's permission to convene and chair
   * strategy discussions; audited with the value before and after (a repeat
   * changes nothing and writes nothing). It applies from the account's next
   * request or live event: sessions are read afresh each time. A safeguarding
   * partner reviewer can never hold it.
   */
  async setChairPermission(userId: string, canChair: boolean, by: AdminActor): Promise<AdminUser> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.users.lockForChairChange(tx, userId);
      if (!current) throw new DomainError('UserNotFound', 'No account has this id');
      if (canChair && current.is_auditor) {
        throw new DomainError('ValidationFailed', 'A safeguarding partner reviewer cannot convene or chair meetings', [
          { path: 'canChair', message: 'A safeguarding partner reviewer cannot convene or chair meetings' },
        ]);
      }
      if (current.can_chair !== canChair) {
        await this.users.setCanChair(tx, userId, canChair);
        await this.audit.record(tx, {
          type: 'user.chair-permission-changed',
          actor: actorOf(by),
          subject: { type: 'user', id: userId },
          details: { via: by.via, from: current.can_chair, to: canChair },
        });
      }
      return toAdminUser((await this.users.findByIdIn(tx, userId))!);
    });
  }

  /**
   * Makes the account a team manager, or stops it being one: a team manager
   * sees the caseload of every child whose LCPP is in their organisation and
   * may name an LCPP in it. Audited with the value before and after (a repeat
   * changes nothing and writes nothing); applies from the account's next
   * request. A safeguarding partner reviewer can never be one.
   */
  async setTeamManager(userId: string, teamManager: boolean, by: AdminActor): Promise<AdminUser> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.users.lockForTeamManagerChange(tx, userId);
      if (!current) throw new DomainError('UserNotFound', 'No account has this id');
      if (teamManager && current.is_auditor) {
        const message = 'A safeguarding partner reviewer cannot be a team manager';
        throw new DomainError('ValidationFailed', message, [{ path: 'teamManager', message }]);
      }
      if (current.team_manager !== teamManager) {
        await this.users.setTeamManager(tx, userId, teamManager);
        await this.audit.record(tx, {
          type: 'user.team-manager-changed',
          actor: actorOf(by),
          subject: { type: 'user', id: userId },
          details: { via: by.via, from: current.team_manager, to: teamManager },
        });
      }
      return toAdminUser((await this.users.findByIdIn(tx, userId))!);
    });
  }

  /**
   * Sets the organisation within its agency the account belongs to ("Testshire
   * Police"), or clears it (null); shown wherever the person is shown in a
   * meeting and in its record. Audited with the value before and after (the
   * names of organisations are not personal data); a repeat writes nothing.
   * Applies from the account's next request (sessions are read afresh).
   */
  async setOrganisation(userId: string, organisation: string | null, by: AdminActor): Promise<AdminUser> {
    return this.dataSource.transaction(async (tx) => {
      const current = await this.users.lockForOrganisationChange(tx, userId);
      if (!current) throw new DomainError('UserNotFound', 'No account has this id');
      if (current.organisation !== organisation) {
        await this.users.setOrganisation(tx, userId, organisation);
        await this.audit.record(tx, {
          type: 'user.organisation-changed',
          actor: actorOf(by),
          subject: { type: 'user', id: userId },
          details: { via: by.via, from: current.organisation, to: organisation },
        });
      }
      return toAdminUser((await this.users.findByIdIn(tx, userId))!);
    });
  }

  /** Re-enables a disabled account (its old sessions stay ended: the person signs in again). Idempotent. */
  async enable(userId: string, by: AdminActor): Promise<AdminUser> {
    return this.dataSource.transaction(async (tx) => {
      await this.lockExisting(tx, userId);
      await this.users.enable(tx, userId);
      await this.audit.record(tx, {
        type: 'user.enabled',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via },
      });
      return toAdminUser((await this.users.findByIdIn(tx, userId))!);
    });
  }

  /** Ends every session of an account (a lost device, a suspected compromise) and closes its live connections. */
  async endSessions(userId: string, by: AdminActor): Promise<{ user: AdminUser; sessionsEnded: number }> {
    const result = await this.dataSource.transaction(async (tx) => {
      await this.lockExisting(tx, userId);
      const sessionsEnded = await this.users.revokeSessions(tx, userId, 'sign-out');
      await this.audit.record(tx, {
        type: 'user.sessions-ended',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via, sessionsEnded },
      });
      await this.accessNotifications.notify(tx, { kind: 'close-user', userId });
      return { user: toAdminUser((await this.users.findByIdIn(tx, userId))!), sessionsEnded };
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
      if (!(await this.users.deleteAuthenticator(tx, userId)))
        throw new DomainError('Conflict', 'This account has no two-factor authentication set up');
      await this.users.deleteRecoveryCodes(tx, userId);
      const sessionsEnded = await this.users.revokeSessions(tx, userId, 'sign-out');
      await this.audit.record(tx, {
        type: 'auth.mfa-disabled',
        actor: actorOf(by),
        subject: { type: 'user', id: userId },
        details: { via: by.via, reset: true, sessionsEnded },
      });
      await this.accessNotifications.notify(tx, { kind: 'close-user', userId });
      return { sessionsEnded };
    });
    this.liveConnections.closeUser(userId);
    return result;
  }

  private async lockExisting(tx: EntityManager, userId: string): Promise<void> {
    if (!(await this.users.lock(tx, userId))) throw new DomainError('UserNotFound', 'No account has this id');
  }
}

function actorOf(by: AdminActor): AuditActor | null {
  return by.via === 'api' ? by.actor : null;
}
