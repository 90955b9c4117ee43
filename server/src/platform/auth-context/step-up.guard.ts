import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedSession } from './authenticated-session';
import { DomainError } from '../errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const STEP_UP_REQUIRED = 'Confirm it is you: enter your password again to continue';

/** Milliseconds before the session's last proof of identity is too old for step-up actions (0: too old now). */
export function stepUpFreshForMs(session: Pick<AuthenticatedSession, 'authenticatedAt'>, maxAgeMs: number): number {
  return Math.max(0, session.authenticatedAt.getTime() + maxAgeMs - Date.now());
}

/**
 * Throws StepUpRequired unless the user signed in or re-authenticated within
 * `maxAgeMs`. For socket.io events; HTTP routes use @RequiresStepUp().
 */
export function assertStepUpFresh(session: Pick<AuthenticatedSession, 'authenticatedAt'>, maxAgeMs: number): void {
  if (stepUpFreshForMs(session, maxAgeMs) <= 0) throw new DomainError('StepUpRequired', STEP_UP_REQUIRED);
}

/** Refuses a route (403 StepUpRequired) unless the session's authentication is fresh. Runs after SessionGuard. */
@Injectable()
export class StepUpGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'stepUpMaxAgeMs'>) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { auth?: AuthenticatedSession }>();
    if (!request.auth) throw new DomainError('Unauthenticated', 'Sign in to continue');
    assertStepUpFresh(request.auth, this.config.stepUpMaxAgeMs);
    return true;
  }
}

/**
 * Marks an action that needs a recent sign-in or re-authentication
 * (STEP_UP_MAX_AGE_MINUTES): exports, membership changes, turning MFA off.
 * The client answers 403 StepUpRequired with POST /api/auth/step-up, then retries.
 */
export const RequiresStepUp = () =>
  applyDecorators(UseGuards(StepUpGuard), ApiForbiddenResponse({ description: `StepUpRequired: ${STEP_UP_REQUIRED}` }));
