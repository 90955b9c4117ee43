import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copies of the enums as they were when this migration was written:
// a later change to shared constants needs its own migration.
const MEETING_STATUSES = ['scheduled', 'live', 'concluded'];
const DECISION_STATUSES_BEFORE = ['open', 'closed', 'decided'];
const DECISION_STATUSES = [...DECISION_STATUSES_BEFORE, 'not-reached'];
const SLUG = '^[a-z0-9][a-z0-9-]{0,62}$';

/** Recorded facts of this migration: apologies are inserted once; a later one supersedes by being later. */
const APPEND_ONLY = ['meeting_apologies'];

/**
 * The meeting lifecycle (scheduled → live → concluded, forwards only, frozen
 * once concluded), decisions not reached at conclusion, addenda (append-only;
 * only the sign-off is ever written later, once), review discussions and the
 * actions they carry over, the attendance register (presence periods and
 * apologies) and the chair's review date.
 */
export class MeetingLifecycle1764200000000 implements MigrationInterface {
  name = 'MeetingLifecycle1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE meetings
        ADD COLUMN status text NOT NULL DEFAULT 'scheduled' CHECK (status IN (${list(MEETING_STATUSES)})),
        ADD COLUMN started_at timestamptz,
        ADD COLUMN started_by uuid REFERENCES users(id),
        ADD COLUMN concluded_at timestamptz,
        ADD COLUMN concluded_by uuid REFERENCES users(id),
        ADD COLUMN review_of_meeting_id uuid REFERENCES meetings(id),
        ADD COLUMN review_date date,
        ADD CONSTRAINT meetings_lifecycle_consistent CHECK (
          (status = 'scheduled' AND started_at IS NULL AND started_by IS NULL AND concluded_at IS NULL AND concluded_by IS NULL)
          OR (status = 'live' AND started_at IS NOT NULL AND started_by IS NOT NULL AND concluded_at IS NULL AND concluded_by IS NULL)
          OR (status = 'concluded' AND started_at IS NOT NULL AND started_by IS NOT NULL
              AND concluded_at IS NOT NULL AND concluded_by IS NOT NULL AND concluded_at >= started_at)
        ),
        ADD CONSTRAINT meetings_not_own_review CHECK (review_of_meeting_id IS DISTINCT FROM id)`);
    await q.query(
      `CREATE INDEX meetings_review_of ON meetings (review_of_meeting_id) WHERE review_of_meeting_id IS NOT NULL`,
    );
    // Forwards only; once concluded only the review date may change (and the touched timestamp).
    await q.query(`
      CREATE FUNCTION meetings_lifecycle_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status <> OLD.status AND NOT (
             (OLD.status = 'scheduled' AND NEW.status = 'live')
          OR (OLD.status = 'live' AND NEW.status = 'concluded')) THEN
          RAISE EXCEPTION 'a strategy discussion cannot go from % to %', OLD.status, NEW.status;
        END IF;
        IF NEW.review_of_meeting_id IS DISTINCT FROM OLD.review_of_meeting_id THEN
          RAISE EXCEPTION 'which discussion a review reviews is a recorded fact';
        END IF;
        IF OLD.started_at IS NOT NULL AND (NEW.started_at, NEW.started_by) IS DISTINCT FROM (OLD.started_at, OLD.started_by) THEN
          RAISE EXCEPTION 'who started a discussion, and when, is a recorded fact';
        END IF;
        IF OLD.status = 'concluded' AND (NEW.reference, NEW.reason, NEW.scheduled_at, NEW.format, NEW.created_by,
             NEW.created_at, NEW.concluded_at, NEW.concluded_by)
           IS DISTINCT FROM (OLD.reference, OLD.reason, OLD.scheduled_at, OLD.format, OLD.created_by,
             OLD.created_at, OLD.concluded_at, OLD.concluded_by) THEN
          RAISE EXCEPTION 'a concluded strategy discussion is a recorded fact: add an addendum instead';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER meetings_lifecycle_guard BEFORE UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION meetings_lifecycle_guard()`,
    );

    // Decisions not reached when the discussion concluded: the reason is recorded once.
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_status_check`);
    await q.query(`
      ALTER TABLE decisions
        ADD CONSTRAINT decisions_status_check CHECK (status IN (${list(DECISION_STATUSES)})),
        ADD COLUMN not_reached_reason text,
        ADD COLUMN not_reached_by uuid REFERENCES users(id),
        ADD COLUMN not_reached_at timestamptz,
        ADD CONSTRAINT decisions_not_reached_recorded CHECK (
          (status = 'not-reached') = (not_reached_reason IS NOT NULL)
          AND (not_reached_reason IS NULL) = (not_reached_by IS NULL)
          AND (not_reached_reason IS NULL) = (not_reached_at IS NULL)
        )`);
    await this.replaceDecisionsGuard(q, true);

    await q.query(`
      CREATE TABLE meeting_addenda (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        section_key text NOT NULL CHECK (section_key ~ '${SLUG}'),
        text text NOT NULL CHECK (length(text) > 0),
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        signed_off_by uuid REFERENCES users(id),
        signed_off_at timestamptz,
        CHECK ((signed_off_by IS NULL) = (signed_off_at IS NULL)),
        CHECK (signed_off_at IS NULL OR signed_off_at >= added_at)
      )`);
    await q.query(`CREATE INDEX meeting_addenda_meeting_id ON meeting_addenda (meeting_id, added_at)`);
    // Append-only: the only later write is the sign-off, once; nothing is ever deleted.
    await q.query(`
      CREATE FUNCTION meeting_addenda_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'meeting_addenda is append-only: addenda are never deleted';
        END IF;
        IF OLD.signed_off_at IS NOT NULL OR NEW.signed_off_at IS NULL
           OR (NEW.id, NEW.meeting_id, NEW.section_key, NEW.text, NEW.added_by, NEW.added_at)
              IS DISTINCT FROM (OLD.id, OLD.meeting_id, OLD.section_key, OLD.text, OLD.added_by, OLD.added_at) THEN
          RAISE EXCEPTION 'an addendum is a recorded fact: only its sign-off is written later, once';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER meeting_addenda_guard BEFORE UPDATE OR DELETE ON meeting_addenda FOR EACH ROW EXECUTE FUNCTION meeting_addenda_guard()`,
    );
    await q.query(
      `CREATE TRIGGER meeting_addenda_no_truncate BEFORE TRUNCATE ON meeting_addenda FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
    );

    // A review's copy of an open action points at the original, which stays in its own meeting's log.
    await q.query(`ALTER TABLE actions ADD COLUMN carried_from_action_id uuid UNIQUE REFERENCES actions(id)`);

    // Presence in a meeting's room, one row per connection: written on join, closed on leave.
    await q.query(`
      CREATE TABLE attendance_periods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        user_id uuid NOT NULL REFERENCES users(id),
        connection_key text NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        left_at timestamptz,
        CHECK (left_at IS NULL OR left_at >= joined_at)
      )`);
    await q.query(`CREATE INDEX attendance_periods_meeting ON attendance_periods (meeting_id, user_id, joined_at)`);
    await q.query(
      `CREATE UNIQUE INDEX attendance_periods_open_connection ON attendance_periods (connection_key) WHERE left_at IS NULL`,
    );
    await q.query(`
      CREATE FUNCTION attendance_periods_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'attendance_periods is append-only';
        END IF;
        IF OLD.left_at IS NOT NULL
           OR (NEW.id, NEW.meeting_id, NEW.user_id, NEW.connection_key, NEW.joined_at)
              IS DISTINCT FROM (OLD.id, OLD.meeting_id, OLD.user_id, OLD.connection_key, OLD.joined_at) THEN
          RAISE EXCEPTION 'a presence period is a recorded fact: only its end is written later, once';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER attendance_periods_guard BEFORE UPDATE OR DELETE ON attendance_periods FOR EACH ROW EXECUTE FUNCTION attendance_periods_guard()`,
    );

    await q.query(`
      CREATE TABLE meeting_apologies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id),
        user_id uuid NOT NULL REFERENCES users(id),
        reason text NOT NULL CHECK (length(reason) > 0),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX meeting_apologies_meeting ON meeting_apologies (meeting_id, user_id, recorded_at)`);
    for (const table of APPEND_ONLY) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meeting_apologies`);
    await q.query(`DROP TABLE attendance_periods`);
    await q.query(`DROP FUNCTION attendance_periods_guard()`);
    await q.query(`ALTER TABLE actions DROP COLUMN carried_from_action_id`);
    await q.query(`DROP TABLE meeting_addenda`);
    await q.query(`DROP FUNCTION meeting_addenda_guard()`);
    await this.replaceDecisionsGuard(q, false);
    await q.query(`
      ALTER TABLE decisions
        DROP CONSTRAINT decisions_not_reached_recorded,
        DROP COLUMN not_reached_reason,
        DROP COLUMN not_reached_by,
        DROP COLUMN not_reached_at,
        DROP CONSTRAINT decisions_status_check`);
    await q.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_status_check CHECK (status IN (${list(DECISION_STATUSES_BEFORE)}))`,
    );
    await q.query(`DROP TRIGGER meetings_lifecycle_guard ON meetings`);
    await q.query(`DROP FUNCTION meetings_lifecycle_guard()`);
    await q.query(`DROP INDEX meetings_review_of`);
    await q.query(`
      ALTER TABLE meetings
        DROP CONSTRAINT meetings_not_own_review,
        DROP CONSTRAINT meetings_lifecycle_consistent,
        DROP COLUMN review_date,
        DROP COLUMN review_of_meeting_id,
        DROP COLUMN concluded_by,
        DROP COLUMN concluded_at,
        DROP COLUMN started_by,
        DROP COLUMN started_at,
        DROP COLUMN status`);
  }

  /** The decisions guard of 1764000000000, with (or without) the move to not-reached and its recorded reason. */
  private async replaceDecisionsGuard(q: QueryRunner, withNotReached: boolean): Promise<void> {
    const notReached = withNotReached ? `OR (OLD.status IN ('open', 'closed') AND NEW.status = 'not-reached')` : '';
    const notReachedFrozen = withNotReached
      ? `IF OLD.not_reached_at IS NOT NULL AND (NEW.not_reached_reason, NEW.not_reached_by, NEW.not_reached_at)
             IS DISTINCT FROM (OLD.not_reached_reason, OLD.not_reached_by, OLD.not_reached_at) THEN
           RAISE EXCEPTION 'why a decision was not reached is a recorded fact';
         END IF;`
      : '';
    await q.query(`
      CREATE OR REPLACE FUNCTION decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'decisions cannot be deleted';
        END IF;
        IF (NEW.id, NEW.meeting_id, NEW.template_key, NEW.title, NEW.question, NEW.options,
            NEW.protective_action_options, NEW.opened_by, NEW.opened_at)
           IS DISTINCT FROM
           (OLD.id, OLD.meeting_id, OLD.template_key, OLD.title, OLD.question, OLD.options,
            OLD.protective_action_options, OLD.opened_by, OLD.opened_at) THEN
          RAISE EXCEPTION 'a decision''s question, options and opening are recorded facts';
        END IF;
        IF NEW.status <> OLD.status AND NOT (
             (OLD.status = 'open' AND NEW.status IN ('closed', 'decided'))
          OR (OLD.status = 'closed' AND NEW.status = 'decided')
          ${notReached}) THEN
          RAISE EXCEPTION 'a decision cannot go from % to %', OLD.status, NEW.status;
        END IF;
        IF OLD.closed_at IS NOT NULL AND (NEW.closed_by, NEW.closed_at) IS DISTINCT FROM (OLD.closed_by, OLD.closed_at) THEN
          RAISE EXCEPTION 'who closed a decision, and when, is a recorded fact';
        END IF;
        ${notReachedFrozen}
        IF NEW.revision <= OLD.revision THEN
          RAISE EXCEPTION 'a decision''s revision only increases';
        END IF;
        RETURN NEW;
      END $$`);
  }
}
