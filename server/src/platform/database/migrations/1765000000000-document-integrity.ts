import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = ['document.update-quarantined'];

/**
 * What makes a shared document's stored log trustworthy (docs/REALTIME.md,
 * "Integrity"): each Yjs clientID of a document belongs to the one user who
 * first wrote or appeared with it, and stored updates that can never be
 * applied are moved out of the log into a quarantine, kept and attributed.
 * Documents stored before this are listed to be checked once.
 */
export class DocumentIntegrity1765000000000 implements MigrationInterface {
  name = 'DocumentIntegrity1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_client_ids (
        document_name text NOT NULL,
        client_id bigint NOT NULL CHECK (client_id >= 0),
        user_id uuid NOT NULL REFERENCES users(id),
        bound_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (document_name, client_id)
      )`);
    await q.query(`
      CREATE TABLE document_update_quarantine (
        id bigint PRIMARY KEY,
        document_name text NOT NULL,
        update bytea NOT NULL,
        user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        problem text NOT NULL CHECK (problem IN (${list(['does-not-decode', 'missing-dependency', 'forward-reference', 'missing-deletion-target', 'unsafe-overlap'])}))
      )`);
    await q.query(`CREATE INDEX document_update_quarantine_document ON document_update_quarantine (document_name, id)`);
    // Documents stored before updates were checked: each is checked (and repaired) once, when it is next opened.
    await q.query(`CREATE TABLE document_integrity_unchecked (document_name text PRIMARY KEY)`);
    await q.query(`
      INSERT INTO document_integrity_unchecked (document_name)
      SELECT document_name FROM document_updates UNION SELECT document_name FROM document_snapshots`);
    // Quarantined updates are evidence: never changed or deleted once moved there.
    await q.query(`
      CREATE FUNCTION document_update_quarantine_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'document_update_quarantine is append-only';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER document_update_quarantine_append_only
        BEFORE UPDATE OR DELETE ON document_update_quarantine
        FOR EACH ROW EXECUTE FUNCTION document_update_quarantine_is_append_only()`);
    // Appending binds the clientIDs an update is the first to write with, in the same statement,
    // under the document's lock: an update under another user's clientID is never stored, even
    // when two instances race to bind it.
    await q.query(`DROP FUNCTION append_document_updates(text, bytea[], uuid[])`);
    await q.query(`
      CREATE FUNCTION append_document_updates(
        p_document text, p_updates bytea[], p_users uuid[], p_bind_clients bigint[], p_bind_users uuid[])
      RETURNS TABLE (id bigint, prev_id bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_prev bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('collab-log:' || p_document, 0));
        IF cardinality(p_bind_clients) > 0 THEN
          INSERT INTO document_client_ids (document_name, client_id, user_id)
          SELECT p_document, b.client_id, b.user_id FROM unnest(p_bind_clients, p_bind_users) AS b(client_id, user_id)
          ON CONFLICT DO NOTHING;
          IF EXISTS (
            SELECT 1 FROM unnest(p_bind_clients, p_bind_users) AS b(client_id, user_id)
              JOIN document_client_ids d ON d.document_name = p_document AND d.client_id = b.client_id
             WHERE d.user_id IS DISTINCT FROM b.user_id) THEN
            RAISE EXCEPTION 'a clientID of this batch belongs to another user' USING ERRCODE = 'RT409';
          END IF;
        END IF;
        SELECT coalesce(max(u.id), 0) INTO v_prev FROM document_updates u WHERE u.document_name = p_document;
        RETURN QUERY
          INSERT INTO document_updates (document_name, update, user_id)
          SELECT p_document, t.update, t.user_id
            FROM unnest(p_updates, p_users) WITH ORDINALITY AS t(update, user_id, n)
           ORDER BY t.n
          RETURNING document_updates.id, v_prev;
      END
      $$`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP FUNCTION append_document_updates(text, bytea[], uuid[], bigint[], uuid[])`);
    await q.query(`
      CREATE FUNCTION append_document_updates(p_document text, p_updates bytea[], p_users uuid[])
      RETURNS TABLE (id bigint, prev_id bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_prev bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('collab-log:' || p_document, 0));
        SELECT coalesce(max(u.id), 0) INTO v_prev FROM document_updates u WHERE u.document_name = p_document;
        RETURN QUERY
          INSERT INTO document_updates (document_name, update, user_id)
          SELECT p_document, t.update, t.user_id
            FROM unnest(p_updates, p_users) WITH ORDINALITY AS t(update, user_id, n)
           ORDER BY t.n
          RETURNING document_updates.id, v_prev;
      END
      $$`);
    await q.query(`DROP TABLE document_integrity_unchecked`);
    await q.query(`DROP TABLE document_update_quarantine`);
    await q.query(`DROP FUNCTION document_update_quarantine_is_append_only()`);
    await q.query(`DROP TABLE document_client_ids`);
  }
}
