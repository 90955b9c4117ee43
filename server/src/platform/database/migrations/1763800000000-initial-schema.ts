import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies of the enums as they were when this migration was written:
// a later change to shared constants needs its own migration.
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education', 'other'];
const ROLES = ['chair', 'participant', 'minute-taker', 'observer'];
const FORMATS = ['online', 'in-person', 'hybrid', 'phone', 'series-of-calls'];

/** Users, sessions, meetings with children and members, and the collab update log. */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        display_name text NOT NULL,
        job_title text NOT NULL,
        agency text NOT NULL CHECK (agency IN (${list(AGENCIES)})),
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('sign-out', 'expired', 'disabled'))
      )`);
    await q.query(`CREATE INDEX sessions_user_id ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_live ON sessions (expires_at) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        reason text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        format text NOT NULL CHECK (format IN (${list(FORMATS)})),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE meeting_children (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        name text NOT NULL,
        date_of_birth date,
        position int NOT NULL,
        UNIQUE (meeting_id, position)
      )`);
    await q.query(`
      CREATE TABLE meeting_members (
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        user_id uuid NOT NULL REFERENCES users(id),
        role text NOT NULL CHECK (role IN (${list(ROLES)})),
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid REFERENCES users(id),
        PRIMARY KEY (meeting_id, user_id)
      )`);
    await q.query(`CREATE INDEX meeting_members_user_id ON meeting_members (user_id)`);
    await q.query(`
      CREATE TABLE document_updates (
        id bigserial PRIMARY KEY,
        document_name text NOT NULL,
        update bytea NOT NULL,
        user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_updates_document_id ON document_updates (document_name, id)`);
    await q.query(`
      CREATE TABLE document_snapshots (
        document_name text PRIMARY KEY,
        state bytea NOT NULL,
        last_update_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'document_snapshots',
      'document_updates',
      'meeting_members',
      'meeting_children',
      'meetings',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
