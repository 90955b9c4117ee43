import { Injectable, Logger } from '@nestjs/common';
import type { UserResponse } from '@roundtable/shared/schemas';
import { SessionsService } from '../auth/sessions.service';
import { DomainError } from '../../platform';
import { UsersService, toUserResponse } from '../users/users.service';
import { AttemptLimiter } from './attempt-limiter.service';
import { MfaService, type SecondFactor } from './mfa.service';

const SIGN_IN_AGAIN = 'Your sign-in has timed out. Sign in again';

/** The second sign-in step: a pending session plus a valid second factor becomes a full session. */
@Injectable()
export class MfaSignInService {
  private readonly logger = new Logger(MfaSignInService.name);

  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly mfa: MfaService,
    private readonly limiter: AttemptLimiter,
  ) {}

  async verify(
    pendingToken: string | undefined,
    factor: SecondFactor,
  ): Promise<{ user: UserResponse; token: string; expiresAt: Date }> {
    const pending = pendingToken ? await this.sessions.findPending(pendingToken) : null;
    const user = pending ? await this.users.findById(pending.userId) : null;
    if (!pending || !user || user.disabledAt) throw new DomainError('Unauthenticated', SIGN_IN_AGAIN);
    const method = await this.limiter.attempt(user, 'auth.mfa-failed', (tx) =>
      this.mfa.checkSecondFactor(tx, user, factor),
    );
    const session = await this.sessions.completeMfa(pending.sessionId, method);
    if (!session) throw new DomainError('Unauthenticated', SIGN_IN_AGAIN);
    this.logger.log({ event: 'signed-in', userId: user.id, sessionId: session.sessionId, method }, 'signed in');
    return { user: toUserResponse(user), token: session.token, expiresAt: session.expiresAt };
  }
}
