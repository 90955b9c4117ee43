import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { type AuthenticatedSession, type AuthenticatedUser, DomainError } from '../../platform';
import { AuditService, auditActor } from '../trail/audit.service';

/** Who a guard lets through, and what the refusal says and records. */
export interface RoleRule {
  allows(user: AuthenticatedUser): boolean;
  /** The refusal's `access.refused` subject type; its id is the request's path. */
  subjectType: string;
  /** The refusal's recorded reason code, e.g. `not-an-administrator`. */
  reason: string;
  /** What the person is told (403). */
  message: string;
}

/**
 * Deny by default: anyone the rule does not allow is refused with 403 before
 * their request is even validated, and the refusal itself is recorded
 * (`access.refused`), since attempts on accounts, the trail and its witnesses
 * matter to the people who scrutinise them. Subclasses only name their rule.
 */
@Injectable()
export abstract class AuditedRoleGuard implements CanActivate {
  protected abstract readonly rule: RoleRule;

  constructor(private readonly audit: AuditService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { auth?: AuthenticatedSession }>();
    const user = request.auth?.user;
    if (!user) throw new DomainError('Unauthenticated', 'Sign in to continue');
    if (this.rule.allows(user)) return true;
    await this.audit.recordAlone({
      type: 'access.refused',
      outcome: 'refused',
      actor: auditActor(user),
      subject: { type: this.rule.subjectType, id: request.path },
      details: { reason: this.rule.reason },
    });
    throw new DomainError('Forbidden', this.rule.message);
  }
}
