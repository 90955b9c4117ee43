import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written.
const RELATIONSHIPS = ['parent', 'carer', 'young-person', 'family-network'];
const ADDED_AUDIT_TYPES = [
  'family.invited',
  'family.revoked',
  'family.code-sent',
  'family.code-refused',
  'family.signed-in',
  'family.signed-out',
];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Family members sign in to one meeting with an emailed one-time code
 * (docs/FAMILY.md, "Signing in"). `family_participants` are the invitations
 * (one live one per meeting and email); `family_sign_in_codes` hold only a
 * keyed hash of each code; `family_sessions` only the SHA-256 of the cookie's
 * token. `mail_outbox` keeps every email the server sends (or, without
 * SMTP_URL, would send).
 */
export class FamilyAccess1766550000000 implements MigrationInterface {
  name = 'FamilyAccess1766550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        relationship text NOT NULL CHECK (relationship IN (${list(RELATIONSHIPS)})),
        invited_by uuid NOT NULL REFERENCES users(id),
        invited_at timestamptz NOT NULL DEFAULT now(),
        access_ends_at timestamptz NULL,
        revoked_at timestamptz NULL,
        revoked_by uuid NULL REFERENCES users(id),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX family_participants_live_email ON family_participants (meeting_id, email) WHERE revoked_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE family_sign_in_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL REFERENCES family_participants(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL CHECK (octet_length(code_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0)
      )`);
    await q.query(`CREATE INDEX family_sign_in_codes_participant ON family_sign_in_codes (participant_id, created_at)`);
    await q.query(`
      CREATE TABLE family_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        participant_id uuid NOT NULL REFERENCES family_participants(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz NULL
      )`);
    await q.query(
      `CREATE INDEX family_sessions_participant ON family_sessions (participant_id) WHERE ended_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL,
        transport text NOT NULL CHECK (transport IN ('outbox', 'smtp')),
        error text NULL
      )`);
    await q.query(`CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC)`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // The family audit types stay allowed: audit rows are never removed, and some may use them.
    await q.query(`DROP TABLE mail_outbox`);
    await q.query(`DROP TABLE family_sessions`);
    await q.query(`DROP TABLE family_sign_in_codes`);
    await q.query(`DROP TABLE family_participants`);
  }
}
