import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type AuthenticatedSession, type AuthenticatedUser, DomainError } from '../../platform';
import { AuditService, auditActor } from '../trail/audit.service';

export const AUDITORS_ONLY = 'Only safeguarding partner reviewers can read the audit trail';

/** Throws Forbidden unless the user is a safeguarding partner reviewer (auditor). */
export function assertAuditor(user: AuthenticatedUser): void {
  if (!user.isAuditor) throw new DomainError('Forbidden', AUDITORS_ONLY);
}

/**
 * Guards every audit route: a non-auditor is refused before their query is
 * even validated, and the refusal itself is recorded (`access.refused`),
 * since attempts to read the trail matter to the people who scrutinise it.
 */
@Injectable()
export class AuditorGuard implements CanActivate {
  constructor(private readonly audit: AuditService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { auth?: AuthenticatedSession }>();
    const user = request.auth?.user;
    if (!user) throw new DomainError('Unauthenticated', 'Sign in to continue');
    if (user.isAuditor) return true;
    await this.audit.recordAlone({
      type: 'access.refused',
      outcome: 'refused',
      actor: auditActor(user),
      subject: { type: 'audit-trail', id: request.path },
      details: { reason: 'not-an-auditor' },
    });
    throw new DomainError('Forbidden', AUDITORS_ONLY);
  }
}
