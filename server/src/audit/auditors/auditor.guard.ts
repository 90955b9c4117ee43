import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { AuditedRoleGuard } from './audited-role.guard';

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
export class AuditorGuard extends AuditedRoleGuard {
  protected readonly rule = {
    allows: (user: AuthenticatedUser) => user.isAuditor,
    subjectType: 'audit-trail',
    reason: 'not-an-auditor',
    message: AUDITORS_ONLY,
  };
}
