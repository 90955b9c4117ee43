import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type AuthenticatedSession, DomainError } from '../../platform';
import { AuditService, auditActor } from '../trail/audit.service';

export const WITNESS_ADMINISTRATORS_ONLY = 'Only administrators can manage the audit trail’s witnesses';

/**
 * Guards the witness registry (deny by default): anyone but an administrator
 * is refused before their request is validated, and the refusal is audited.
 */
@Injectable()
export class WitnessAdminGuard implements CanActivate {
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
      subject: { type: 'audit-witnesses', id: request.path },
      details: { reason: 'not-an-administrator' },
    });
    throw new DomainError('Forbidden', WITNESS_ADMINISTRATORS_ONLY);
  }
}
