import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = ['protected-person.added', 'protected-person.shared', 'user.organisation-changed'];

/**
 * People and need-to-know (issue 16, items 5 and 7):
 * - `users.organisation`: the organisation within the agency an account belongs
 *   to ("Testshire Police"), set by administrators; shown wherever the person is.
 * - `meeting_members.invitee` / `access_ends_at`: a practitioner invited for one
 *   meeting; `access_ends_at` is set when the meeting concludes (conclusion +
 *   INVITEE_ACCESS_HOURS_AFTER_CONCLUSION). From then on every membership
 *   lookup treats them as a non-member (meeting/meetings/member-access.ts).
 * - `protected_persons`: people whose identity must not reach whoever could harm
 *   them (DOMAIN §6 golden rule 5). `name` reaches only `audience` (null: every
 *   member); the record refers to them by `label`. The adder's agency owns it.
 *   `protected_person_shares`: each widening or lifting, with its reason.
 */
export class PeopleNeedToKnow1766520000000 implements MigrationInterface {
  name = 'PeopleNeedToKnow1766520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN organisation text NULL CHECK (char_length(organisation) BETWEEN 1 AND 120)`,
    );
    await q.query(`ALTER TABLE meeting_members ADD COLUMN invitee boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE meeting_members ADD COLUMN access_ends_at timestamptz NULL`);
    await q.query(
      `ALTER TABLE meeting_members ADD CONSTRAINT meeting_members_access_ends_only_invitees
         CHECK (access_ends_at IS NULL OR invitee)`,
    );
    await q.query(`
      CREATE TABLE protected_persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('referrer', 'neighbour', 'staff', 'family-member', 'other')),
        label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 100),
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
        audience jsonb NULL,
        owner_agency text NOT NULL,
        revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX protected_persons_meeting_idx ON protected_persons (meeting_id, added_at)`);
    // Each widening or lifting of who may know a protected person's name, with its reason (the trail links here).
    await q.query(`
      CREATE TABLE protected_person_shares (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        protected_person_id uuid NOT NULL REFERENCES protected_persons(id) ON DELETE CASCADE,
        audience_from jsonb NOT NULL,
        audience_to jsonb NULL,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
        shared_by uuid NOT NULL REFERENCES users(id),
        shared_at timestamptz NOT NULL DEFAULT now()
      )`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE protected_person_shares`);
    await q.query(`DROP TABLE protected_persons`);
    await q.query(`ALTER TABLE meeting_members DROP CONSTRAINT meeting_members_access_ends_only_invitees`);
    await q.query(`ALTER TABLE meeting_members DROP COLUMN access_ends_at`);
    await q.query(`ALTER TABLE meeting_members DROP COLUMN invitee`);
    await q.query(`ALTER TABLE users DROP COLUMN organisation`);
  }
}
