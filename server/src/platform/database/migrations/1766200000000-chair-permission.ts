import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = ['user.chair-permission-changed'];

/**
 * Job titles of children's social care accounts that could convene under the
 * old rule (any account in children's social care) but must not keep it:
 * students and trainees (observers), business support (minute takers) and
 * administrators. Case-insensitive POSIX regular expression. Frozen copy.
 */
const NOT_CHAIRS_BY_JOB_TITLE =
  '(student|trainee|apprentice|observer|business support|minute|note ?taker|administrat|volunteer)';

/**
 * Who may convene and chair a strategy discussion becomes a permission on the
 * account (`can_chair`), set by administrators, instead of "anyone in
 * children's social care, or an administrator". Existing accounts that could
 * convene keep it, except administrators, safeguarding partner reviewers and
 * the job titles above; new accounts start without it. An auditor can never
 * hold it.
 */
export class ChairPermission1766200000000 implements MigrationInterface {
  name = 'ChairPermission1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN can_chair boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE users SET can_chair = true
        WHERE agency = 'childrens-social-care' AND NOT is_admin AND NOT is_auditor AND job_title !~* $1`,
      [NOT_CHAIRS_BY_JOB_TITLE],
    );
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_auditor_cannot_chair CHECK (NOT (can_chair AND is_auditor))`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_auditor_cannot_chair`);
    await q.query(`ALTER TABLE users DROP COLUMN can_chair`);
  }
}
