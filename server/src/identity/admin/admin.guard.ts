import { Injectable } from '@nestjs/common';
import { AuditedRoleGuard } from '../../audit';
import type { AuthenticatedUser } from '../../platform';

export const ADMINISTRATORS_ONLY = 'Only administrators can manage accounts';

/**
 * Guards every admin route (deny by default): anyone but an administrator is
 * refused with 403 before their request is even validated, and the refusal
 * is audited (`access.refused`), since attempts on accounts matter.
 */
@Injectable()
export class AdminGuard extends AuditedRoleGuard {
  protected readonly rule = {
    allows: (user: AuthenticatedUser) => user.isAdmin,
    subjectType: 'user-administration',
    reason: 'not-an-administrator',
    message: ADMINISTRATORS_ONLY,
  };
}
