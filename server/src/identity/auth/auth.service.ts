import { Injectable, Logger } from '@nestjs/common';
import type { LoginRequest } from '@roundtable/shared/schemas';
import { AuditService } from '../../audit';
import { DomainError } from '../../platform';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../users/password-hasher';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { MfaRequirementService } from './mfa-requirement.service';
import { SessionsService } from './sessions.service';

const INVALID_CREDENTIALS = 'Enter a correct email address and password';

export type LoginOutcome =
  | { kind: 'signed-in'; user: UserEntity; token: string; expiresAt: Date }
  /** Password right; the pending session's token waits for POST /api/auth/mfa/verify. */
  | { kind: 'mfa-required'; token: string; expiresAt: Date };

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly mfa: MfaRequirementService,
  ) {}

  /**
   * Checks the credentials and starts a session. Unknown email, disabled
   * account and wrong password give the same error after the same work,
   * whether or not the account uses MFA: the second step is only revealed
   * after a correct password, as a short-lived pending session.
   */
  async login(credentials: LoginRequest): Promise<LoginOutcome> {
    const user = await this.users.findActiveByEmail(credentials.email);
    const valid = await verifyPassword(credentials.password, user?.passwordHash ?? (await DUMMY_PASSWORD_HASH));
    if (!user || !valid) {
      this.logger.warn({ event: 'sign-in-failed', knownUser: Boolean(user) }, 'sign-in failed');
      // Both branches write one entry, so timing does not tell a known account from an unknown one.
      // The attempted email is not kept: people type passwords into the wrong field.
      await this.audit.recordAlone({
        type: 'auth.sign-in-failed',
        outcome: 'refused',
        subject: user ? { type: 'user', id: user.id } : null,
        details: { reason: user ? 'wrong-password' : 'unknown-or-disabled-account' },
      });
      throw new DomainError('InvalidCredentials', INVALID_CREDENTIALS);
    }
    if (await this.mfa.isEnrolled(user.id)) {
      const pending = await this.sessions.createPending(user);
      this.logger.log({ event: 'mfa-challenged', userId: user.id }, 'password accepted, second factor needed');
      return { kind: 'mfa-required', ...pending };
    }
    const { token, sessionId, expiresAt } = await this.sessions.create(user);
    this.logger.log({ event: 'signed-in', userId: user.id, sessionId }, 'signed in');
    return { kind: 'signed-in', user, token, expiresAt };
  }

  /** Ends the session behind a cookie token, if any; closes its live connections. */
  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    // Any live session: full, held at MFA enrolment, or waiting for its second factor.
    const sessionId =
      (await this.sessions.resolve(token))?.session.sessionId ?? (await this.sessions.findPending(token))?.sessionId;
    if (!sessionId) return;
    await this.sessions.revoke(sessionId, 'sign-out');
    this.logger.log({ event: 'signed-out', sessionId }, 'signed out');
  }
}
