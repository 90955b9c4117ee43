import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies: the audit event types as of this migration (1764100000000's list plus the lifecycle ones).
const BEFORE = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'auth.session-expired',
  'meeting.created',
  'meeting.changed',
  'member.added',
  'member.removed',
  'member.role-changed',
  'room.joined',
  'room.left',
  'document.opened',
  'document.edited',
  'decision.opened',
  'decision.closed',
  'view.recorded',
  'la-decision.recorded',
  'la-decision.corrected',
  'dissent.recorded',
  'escalation.step',
  'escalation.resolved',
  'action.created',
  'action.changed',
  'record.exported',
  'audit.viewed',
  'audit.exported',
  'audit.verified',
  'access.refused',
];
const ADDED = [
  'meeting.started',
  'meeting.concluded',
  'decision.not-reached',
  'addendum.added',
  'addendum.signed-off',
  'review.created',
  'attendance.apology',
  'safety-plan.scored',
  'entry.flagged',
  'record.sealed',
];

/** Audit event types for the meeting lifecycle, addenda, attendance, the safety plan and the sealed record. */
export class AuditLifecycleEvents1764150000000 implements MigrationInterface {
  name = 'AuditLifecycleEvents1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await this.replaceTypeCheck(q, [...BEFORE, ...ADDED]);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.replaceTypeCheck(q, BEFORE);
  }

  private async replaceTypeCheck(q: QueryRunner, types: readonly string[]): Promise<void> {
    // PostgreSQL named the column CHECK of CREATE TABLE audit_events this way.
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_type_check`);
    // Existing rows are never updated, so the new check only has to hold for them as written.
    await q.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_events_type_check CHECK (type IN (${list(types)}))`);
  }
}
