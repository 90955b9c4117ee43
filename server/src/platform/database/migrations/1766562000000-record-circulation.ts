import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written.
const ADDED_AUDIT_TYPES = [
  'record.circulated',
  'record.recipient-code-sent',
  'record.recipient-code-refused',
  'record.recipient-downloaded',
];

/**
 * Circulating the sealed record (docs/CIRCULATION.md): the chair sends one
 * sealed version to recipients (members, non-members such as the GP, family
 * members). A non-member's link is single-recipient and expiring: only the
 * SHA-256 of its token is stored, and its one-time codes only as a keyed hash.
 * The rows say who was sent what and when; downloads and refusals are in the
 * audit trail as well.
 */
export class RecordCirculation1766562000000 implements MigrationInterface {
  name = 'RecordCirculation1766562000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE record_circulations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        sent_by uuid NOT NULL REFERENCES users(id),
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX record_circulations_meeting ON record_circulations (meeting_id, sent_at)`);
    await q.query(`
      CREATE TABLE record_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        circulation_id uuid NOT NULL REFERENCES record_circulations(id) ON DELETE CASCADE,
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version >= 1),
        kind text NOT NULL CHECK (kind IN ('member', 'non-member', 'family')),
        user_id uuid NULL REFERENCES users(id),
        family_participant_id uuid NULL REFERENCES family_participants(id),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        organisation text NULL CHECK (organisation IS NULL OR length(organisation) BETWEEN 1 AND 160),
        variant text NOT NULL,
        link_token_hash bytea NULL UNIQUE CHECK (link_token_hash IS NULL OR octet_length(link_token_hash) = 32),
        link_expires_at timestamptz NULL,
        link_used_at timestamptz NULL,
        downloaded_at timestamptz NULL,
        emailed_at timestamptz NULL,
        CHECK ((kind = 'member') = (user_id IS NOT NULL)),
        CHECK ((kind = 'family') = (family_participant_id IS NOT NULL)),
        CHECK ((kind = 'non-member') = (link_token_hash IS NOT NULL AND link_expires_at IS NOT NULL)),
        CHECK (kind <> 'non-member' OR variant IN ('shared', 'family')),
        CHECK (kind <> 'family' OR variant = 'family')
      )`);
    await q.query(`CREATE INDEX record_recipients_meeting ON record_recipients (meeting_id)`);
    await q.query(`
      CREATE TABLE record_recipient_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES record_recipients(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL CHECK (octet_length(code_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0)
      )`);
    await q.query(`CREATE INDEX record_recipient_codes_recipient ON record_recipient_codes (recipient_id, created_at)`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    // The audit types stay allowed: audit rows are never removed, and some may use them.
    await q.query(`DROP TABLE record_recipient_codes`);
    await q.query(`DROP TABLE record_recipients`);
    await q.query(`DROP TABLE record_circulations`);
  }
}
