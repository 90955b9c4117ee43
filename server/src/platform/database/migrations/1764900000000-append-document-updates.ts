import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending a batch of document updates in one round trip: the per-document
 * lock (so one document's rows commit in id order across instances), the id
 * of the row before the batch, and the INSERT, in one function call. A
 * VOLATILE PL/pgSQL function takes a fresh snapshot per statement, so the
 * `max(id)` read after the lock sees every row committed before it.
 */
export class AppendDocumentUpdates1764900000000 implements MigrationInterface {
  name = 'AppendDocumentUpdates1764900000000';

  async up(q: QueryRunner): Promise<void> {
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION append_document_updates(text, bytea[], uuid[])`);
  }
}
