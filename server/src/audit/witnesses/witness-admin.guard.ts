import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../platform';
import { AuditedRoleGuard } from '../auditors/audited-role.guard';

export const WITNESS_ADMINISTRATORS_ONLY = 'Only administrators can manage the audit trail’s witnesses';

/**
 * Guards the witness registry (deny by default): anyone but an administrator
 * is refused before their request is validated, and the refusal is audited.
 */
@Injectable()
export class WitnessAdminGuard extends AuditedRoleGuard {
  protected readonly rule = {
    allows: (user: AuthenticatedUser) => user.isAdmin,
    subjectType: 'audit-witnesses',
    reason: 'not-an-administrator',
    message: WITNESS_ADMINISTRATORS_ONLY,
  };
}
