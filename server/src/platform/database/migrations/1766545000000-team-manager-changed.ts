import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = ['user.team-manager-changed'];

/**
 * An administrator can make an account a team manager, or stop it being one,
 * after it was created (POST /api/admin/users/:id/team-manager): audited as
 * `user.team-manager-changed`.
 */
export class TeamManagerChanged1766545000000 implements MigrationInterface {
  name = 'TeamManagerChanged1766545000000';

  async up(q: QueryRunner): Promise<void> {
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }
}
