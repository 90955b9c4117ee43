import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit';
import { DomainError } from '../../platform';
import type { UserEntity } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { UserIdentityRepository } from './user-identity.repository';

/** A new account made at its first sign-in through a provider (just-in-time provisioning). */
export interface ProvisionedUser {
  email: string;
  displayName: string;
  jobTitle: string;
  agency: Agency;
  /** The provider's organisation (OIDC provider config `organisation`), or null. */
  organisation: string | null;
}

const isUniqueViolation = (error: unknown, constraint?: string) =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string }).code === '23505' &&
  (!constraint || (error.driverError as { constraint?: string }).constraint === constraint);

/**
 * Links between Roundtable users and their identities at identity providers.
 * A user is found by (issuer, subject) only: never by email, which another
 * provider (or a local account) could also claim.
 */
@Injectable()
export class UserIdentitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identities: UserIdentityRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  /** The user this identity belongs to (disabled or not), or null if nobody has it. */
  async findUser(issuer: string, subject: string): Promise<UserEntity | null> {
    const identity = await this.identities.findByIssuerSubject(issuer, subject);
    return identity ? this.users.findById(identity.userId) : null;
  }

  /** Notes a sign-in through the identity (for administrators reviewing unused links). */
  async touch(issuer: string, subject: string): Promise<void> {
    await this.identities.touch(issuer, subject, new Date());
  }

  /** Whether the user has a password, and the issuers of their linked identities (none for an unknown user). */
  async signInMethods(userId: string): Promise<{ password: boolean; issuers: ReadonlySet<string> }> {
    const row = await this.identities.findSignInMethods(userId);
    return { password: row?.password ?? false, issuers: new Set(row?.issuers ?? []) };
  }

  /**
   * Links an identity to an existing account (the admin CLI). Refuses an
   * identity already linked to anyone. Audited as `auth.identity-linked`.
   */
  async link(email: string, issuer: string, subject: string): Promise<UserEntity> {
    return this.dataSource.transaction(async (tx) => {
      const user = await this.users.findByEmailIn(tx, email.toLowerCase());
      if (!user) throw new DomainError('UserNotFound', `No account has the email ${email}`);
      await this.insertIdentity(tx, user, issuer, subject, 'administrator');
      return user;
    });
  }

  /**
   * Creates an account without a password, linked to an identity: a
   * participant at the identity's first sign-in (just-in-time, `how` names the
   * provider), or an administrator's pre-provisioned account. Throws
   * EmailTaken if the email belongs to another account (which is never linked
   * automatically) and Conflict if the identity is linked already.
   */
  async provision(input: ProvisionedUser, issuer: string, subject: string, how: string): Promise<UserEntity> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const user = await this.users.insertIn(tx, {
          ...input,
          email: input.email.toLowerCase(),
          passwordHash: null,
          isAdmin: false,
          isAuditor: false,
          // Single sign-on makes participants; an administrator gives the permission to chair.
          canChair: false,
          disabledAt: null,
        });
        await this.insertIdentity(tx, user, issuer, subject, how);
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new DomainError('EmailTaken', `An account with the email ${input.email} already exists`);
      }
      throw error;
    }
  }

  private async insertIdentity(
    tx: EntityManager,
    user: UserEntity,
    issuer: string,
    subject: string,
    how: string,
  ): Promise<void> {
    try {
      await this.identities.insert(tx, user.id, issuer, subject);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('Conflict', `The identity ${subject} at ${issuer} is already linked to an account`);
      }
      throw error;
    }
    await this.audit.record(tx, {
      type: 'auth.identity-linked',
      actor: null,
      subject: { type: 'user', id: user.id },
      details: { issuer, how },
    });
  }
}
