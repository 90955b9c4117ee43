import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// A frozen copy: the list as it was when this migration was written.
const ADDED_AUDIT_TYPES = ['invitation.revoked'];

/**
 * The chair may withdraw an invitation that has not been accepted
 * (docs/EMAIL.md): it is kept, marked revoked, and its link stops working.
 * An invitation is either accepted or revoked, never both.
 */
export class AccountInvitationRevocation1766583000000 implements MigrationInterface {
  name = 'AccountInvitationRevocation1766583000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE account_invitations
        ADD COLUMN revoked_at timestamptz NULL,
        ADD COLUMN revoked_by uuid NULL REFERENCES users(id),
        ADD CONSTRAINT account_invitations_revoked_by_whom CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
        ADD CONSTRAINT account_invitations_accepted_or_revoked CHECK (accepted_at IS NULL OR revoked_at IS NULL)`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`ALTER TABLE account_invitations DROP COLUMN revoked_by, DROP COLUMN revoked_at`);
  }
}
