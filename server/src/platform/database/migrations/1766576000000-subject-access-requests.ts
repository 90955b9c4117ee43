import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written (shared/src/subject-access.ts, audit.ts).
const ADDED_AUDIT_TYPES = [
  'subject-access.opened',
  'subject-access.viewed',
  'subject-access.redacted',
  'subject-access.signed-off',
  'subject-access.exported',
];
const SUBJECT_KINDS = ['child', 'family-member', 'professional'];
const EXEMPTIONS = [
  'third-party',
  'health-serious-harm',
  'social-work-serious-harm',
  'education-serious-harm',
  'child-abuse-data',
  'crime-and-taxation',
  'legal-professional-privilege',
];
const APP_ROLE = 'roundtable_app';
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Subject access requests (docs/SUBJECT-ACCESS.md). A request names its
 * subject by id (a child record, an account) or, for a family member, by the
 * email they were invited with. Redactions are append-only and refused once
 * the request is signed off; sign-off is one UPDATE, by someone other than
 * the opener, binding the SHA-256 of the assembled items. Audit entries are
 * assembled up to `audit_cutoff_seq`, the trail's head when the request was
 * opened (the request's own entries and later ones are not held about the
 * person as of the request). Exports keep only
 * each file's SHA-256 and size: the bytes are made again from the database.
 */
export class SubjectAccessRequests1766576000000 implements MigrationInterface {
  name = 'SubjectAccessRequests1766576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subject_access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 60),
        subject_kind text NOT NULL CHECK (subject_kind IN (${list(SUBJECT_KINDS)})),
        child_id uuid REFERENCES children(id),
        subject_email text CHECK (subject_email = lower(subject_email) AND char_length(subject_email) BETWEEN 3 AND 254),
        user_id uuid REFERENCES users(id),
        opened_by uuid NOT NULL REFERENCES users(id),
        opened_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        audit_cutoff_seq bigint NOT NULL CHECK (audit_cutoff_seq >= 0),
        signed_off_by uuid REFERENCES users(id),
        signed_off_at timestamptz,
        content_sha256 text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
        CHECK ((subject_kind = 'child') = (child_id IS NOT NULL)),
        CHECK ((subject_kind = 'family-member') = (subject_email IS NOT NULL)),
        CHECK ((subject_kind = 'professional') = (user_id IS NOT NULL)),
        CHECK ((signed_off_by IS NULL) = (signed_off_at IS NULL)),
        CHECK ((signed_off_by IS NULL) = (content_sha256 IS NULL)),
        CHECK (signed_off_by IS DISTINCT FROM opened_by)
      )`);
    await q.query(`CREATE INDEX subject_access_requests_opened ON subject_access_requests (opened_at DESC)`);
    // Only sign-off changes a request, once; nothing deletes one but the retention run, when it destroys the
    // child the request is about (the gate of migration 1766574000000, docs/RETENTION.md).
    await q.query(`
      CREATE FUNCTION subject_access_requests_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'subject access requests are kept';
        END IF;
        IF OLD.signed_off_at IS NOT NULL
           OR (NEW.id, NEW.reference, NEW.subject_kind, NEW.child_id, NEW.subject_email, NEW.user_id, NEW.opened_by,
               NEW.opened_at, NEW.audit_cutoff_seq)
              IS DISTINCT FROM (OLD.id, OLD.reference, OLD.subject_kind, OLD.child_id, OLD.subject_email, OLD.user_id,
               OLD.opened_by, OLD.opened_at, OLD.audit_cutoff_seq) THEN
          RAISE EXCEPTION 'a subject access request changes only when it is signed off, once';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER subject_access_requests_guard BEFORE UPDATE OR DELETE ON subject_access_requests
      FOR EACH ROW WHEN ((NOT public.retention_destroying())) EXECUTE FUNCTION subject_access_requests_guard()`);
    await q.query(`
      CREATE TABLE subject_access_redactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES subject_access_requests(id),
        item_key text NOT NULL CHECK (char_length(item_key) BETWEEN 1 AND 200),
        span_start int CHECK (span_start >= 0),
        span_end int,
        exemption text NOT NULL CHECK (exemption IN (${list(EXEMPTIONS)})),
        note text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 2000),
        redacted_by uuid NOT NULL REFERENCES users(id),
        redacted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((span_start IS NULL) = (span_end IS NULL)),
        CHECK (span_end > span_start)
      )`);
    await q.query(
      `CREATE INDEX subject_access_redactions_request ON subject_access_redactions (request_id, redacted_at)`,
    );
    await q.query(`
      CREATE FUNCTION subject_access_redactions_open_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM subject_access_requests WHERE id = NEW.request_id AND signed_off_at IS NOT NULL) THEN
          RAISE EXCEPTION 'the request''s redactions are signed off';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER subject_access_redactions_open_only BEFORE INSERT ON subject_access_redactions
      FOR EACH ROW EXECUTE FUNCTION subject_access_redactions_open_only()`);
    await q.query(`
      CREATE TABLE subject_access_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES subject_access_requests(id),
        format text NOT NULL CHECK (format IN ('pdf', 'json')),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        exported_by uuid NOT NULL REFERENCES users(id),
        exported_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX subject_access_exports_request ON subject_access_exports (request_id, exported_at)`);
    for (const table of ['subject_access_redactions', 'subject_access_exports']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW WHEN ((NOT public.retention_destroying())) EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }
    for (const table of ['subject_access_requests', 'subject_access_redactions', 'subject_access_exports']) {
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_recorded_fact()`,
      );
    }
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT, UPDATE ON subject_access_requests TO ${APP_ROLE};
          GRANT SELECT, INSERT ON subject_access_redactions, subject_access_exports TO ${APP_ROLE};
        END IF;
      END $$`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE subject_access_exports`);
    await q.query(`DROP TABLE subject_access_redactions`);
    await q.query(`DROP TABLE subject_access_requests`);
    await q.query(`DROP FUNCTION subject_access_redactions_open_only()`);
    await q.query(`DROP FUNCTION subject_access_requests_guard()`);
  }
}
