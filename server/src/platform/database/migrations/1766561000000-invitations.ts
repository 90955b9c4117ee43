import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written.
const ADDED_AUDIT_TYPES = ['invitation.created', 'invitation.accepted', 'invitation.refused'];
const INVITATION_ROLES = ['participant', 'minute-taker', 'observer'];
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Invitations by email (docs/EMAIL.md). `mail_outbox` records the calendar
 * invitation an email carried (its METHOD and the ICS text, so administrators
 * see it). `meeting_calendar_events` holds, per meeting and recipient address,
 * the calendar event's stable UID and its SEQUENCE (bumped on every update or
 * cancellation, so calendar clients change the same event).
 * `account_invitations` invite someone without an account: bound to an email,
 * used once, expiring; only the SHA-256 of the link's token is stored.
 */
export class Invitations1766561000000 implements MigrationInterface {
  name = 'Invitations1766561000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE mail_outbox
        ADD COLUMN calendar_method text NULL CHECK (calendar_method IN ('REQUEST', 'CANCEL')),
        ADD COLUMN calendar_ics text NULL,
        ADD CHECK ((calendar_method IS NULL) = (calendar_ics IS NULL))`);
    await q.query(`
      CREATE TABLE meeting_calendar_events (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        uid text NOT NULL UNIQUE,
        sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
        cancelled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, email)
      )`);
    await q.query(`
      CREATE TABLE account_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        role text NOT NULL CHECK (role IN (${list(INVITATION_ROLES)})),
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        organisation text NULL CHECK (organisation IS NULL OR length(organisation) BETWEEN 1 AND 120),
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        invited_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz NULL,
        accepted_by uuid NULL REFERENCES users(id),
        CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
      )`);
    await q.query(
      `CREATE INDEX account_invitations_open_email ON account_invitations (meeting_id, email) WHERE accepted_at IS NULL`,
    );
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE account_invitations`);
    await q.query(`DROP TABLE meeting_calendar_events`);
    await q.query(`ALTER TABLE mail_outbox DROP COLUMN calendar_ics, DROP COLUMN calendar_method`);
  }
}
