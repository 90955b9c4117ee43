import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the audit event types this migration adds, and the reminder kinds the checks hold.
const ADDED_AUDIT_TYPES = ['jobs.run-requested'];
const REMINDER_KINDS = `'action-overdue', 'action-overdue-chair', 'clock-approaching', 'clock-passed', 'escalation-stale', 'meeting-soon'`;

/**
 * Notifications and reminders (docs/NOTIFICATIONS.md):
 * - `notifications`: a user's in-app list (identity/notifications); a title
 *   without case content, the meeting's reference and a link; read or not.
 * - `notification_preferences`: the reminder kinds a user also receives by
 *   email (no row: every kind).
 * - `reminders` (meeting/reminders): each reminder raised, once per kind,
 *   subject, stage and recipient (the unique key the scan inserts under with
 *   ON CONFLICT DO NOTHING, so several instances and retried jobs raise it
 *   once), and whether its email is still to go.
 */
export class NotificationsAndReminders1766564000000 implements MigrationInterface {
  name = 'NotificationsAndReminders1766564000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN (${REMINDER_KINDS})),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        meeting_id uuid REFERENCES meetings(id),
        meeting_reference text,
        link text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        email_kinds text[] NOT NULL CHECK (email_kinds <@ ARRAY[${REMINDER_KINDS}]::text[]),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN (${REMINDER_KINDS})),
        subject_id uuid NOT NULL,
        stage text NOT NULL,
        recipient_user_id uuid NOT NULL REFERENCES users(id),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        notification_id uuid NOT NULL REFERENCES notifications(id) DEFERRABLE INITIALLY DEFERRED,
        email_status text NOT NULL CHECK (email_status IN ('pending', 'sent', 'not-wanted')),
        email_subject text NOT NULL,
        email_text text NOT NULL,
        emailed_at timestamptz,
        raised_at timestamptz NOT NULL,
        CONSTRAINT reminders_once UNIQUE (kind, subject_id, stage, recipient_user_id)
      )`);
    await q.query(`CREATE INDEX reminders_email_pending ON reminders (raised_at) WHERE email_status = 'pending'`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE reminders`);
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP TABLE notifications`);
  }
}
