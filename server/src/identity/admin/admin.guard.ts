import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedSession, DomainError } from '../../platform';

export const ADMINISTRATORS_ONLY = 'Only administrators can manage accounts';

/**
 * Guards every admin route (deny by default): anyone but an administrator is
 * refused with 403 before their request is even validated, and the refusal
 * is audited (`access.refused`), since attempts on accounts matter.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly audit: AuditService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { auth?: AuthenticatedSession }>();
    const user = request.auth?.user;
    if (!user) throw new DomainError('Unauthenticated', 'Sign in to continue');
    if (user.isAdmin) return true;
    await this.audit.recordAlone({
      type: 'access.refused',
      outcome: 'refused',
      actor: auditActor(user),
      subject: { type: 'user-administration', id: request.path },
      details: { reason: 'not-an-administrator' },
    });
    throw new DomainError('Forbidden', ADMINISTRATORS_ONLY);
  }
}
