import { Inject, Injectable } from '@nestjs/common';
import type { StepUpStatusResponse } from '@roundtable/shared/mfa';
import { APP_CONFIG, type AppConfig, type AuthenticatedSession, DomainError, stepUpFreshForMs } from '../../platform';
import { MfaRequirementService } from '../auth/mfa-requirement.service';
import { SessionsService } from '../auth/sessions.service';
import { AttemptLimiter } from '../mfa/attempt-limiter.service';
import { MfaService } from '../mfa/mfa.service';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../users/password-hasher';
import { UsersService } from '../users/users.service';

/**
 * Step-up re-authentication: the signed-in user proves who they are again
 * (password, and a code from their app when MFA is on) so that actions that
 * matter most are done by them, not by whoever found the screen unlocked.
 */
@Injectable()
export class StepUpService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'stepUpMaxAgeMs'>,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly mfa: MfaService,
    private readonly requirement: MfaRequirementService,
    private readonly limiter: AttemptLimiter,
  ) {}

  async status(session: AuthenticatedSession): Promise<StepUpStatusResponse> {
    return {
      freshForSeconds: Math.floor(stepUpFreshForMs(session, this.config.stepUpMaxAgeMs) / 1000),
      maxAgeSeconds: Math.floor(this.config.stepUpMaxAgeMs / 1000),
      mfaEnabled: await this.requirement.isEnrolled(session.user.id),
    };
  }

  /** Checks the password (and code) under the per-user attempt limit; audited either way (`auth.step-up`). */
  async stepUp(
    session: AuthenticatedSession,
    request: { password: string; code?: string },
  ): Promise<StepUpStatusResponse> {
    const { user } = session;
    const mfaEnabled = await this.requirement.isEnrolled(user.id);
    if (mfaEnabled && !request.code) {
      const message = 'Enter the 6-digit code from your authenticator app';
      throw new DomainError('ValidationFailed', message, [{ path: 'code', message }]);
    }
    const wrong = mfaEnabled
      ? 'The password or the code is not right. Check them and try again'
      : 'The password is not right. Check it and try again';
    const method = await this.limiter.attempt(user, 'auth.step-up', async (tx) => {
      const account = await this.users.findById(user.id);
      const valid = await verifyPassword(request.password, account?.passwordHash ?? (await DUMMY_PASSWORD_HASH));
      if (!valid || !account) {
        return { ok: false, reason: 'wrong-password', error: new DomainError('InvalidCredentials', wrong) };
      }
      if (!mfaEnabled) return { ok: true, value: 'password' };
      const factor = await this.mfa.checkSecondFactor(tx, user, { code: request.code ?? '' });
      if (!factor.ok) return { ok: false, reason: factor.reason, error: new DomainError('InvalidMfaCode', wrong) };
      return { ok: true, value: 'password+totp' };
    });
    if (!(await this.sessions.markReauthenticated(session.sessionId, method))) {
      throw new DomainError('Unauthenticated', 'Your session has ended. Sign in again');
    }
    return { ...(await this.status({ ...session, authenticatedAt: new Date() })), mfaEnabled };
  }
}
