import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending the batches of several documents in one round trip and one
 * transaction: one commit (one WAL flush) for every document an instance
 * writes at the same moment, instead of one each. Each document's rows are
 * drawn under its log lock, as `append_document_updates` does, so they still
 * commit in id order across instances.
 *
 * The lock is only tried: a document whose log another transaction holds
 * (another instance's append, an integrity check) is left out of the result
 * and written on its own by the caller, so one busy document never holds up
 * the others, and a transaction holding several documents' locks never waits
 * for another lock (no deadlock with anything that holds one and waits).
 * ClientID bindings are not taken here: a batch that binds is written by
 * `append_document_updates`, whose RT409 must refuse that batch alone.
 */
export class AppendDocumentsUpdates1766585200000 implements MigrationInterface {
  name = 'AppendDocumentsUpdates1766585200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION append_documents_updates(
        p_documents text[], p_counts int[], p_updates bytea[], p_users uuid[])
      RETURNS TABLE (document_index int, id bigint, prev_id bigint)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_first int := 1;
        v_prev bigint;
      BEGIN
        IF cardinality(p_documents) <> cardinality(p_counts)
           OR (SELECT sum(c) FROM unnest(p_counts) AS c) <> cardinality(p_updates)
           OR cardinality(p_updates) <> cardinality(p_users)
           OR EXISTS (SELECT 1 FROM unnest(p_counts) AS c WHERE c IS NULL OR c < 1) THEN
          RAISE EXCEPTION 'documents, counts, updates and users do not match';
        END IF;
        FOR i IN 1 .. cardinality(p_documents) LOOP
          IF pg_try_advisory_xact_lock(hashtextextended('collab-log:' || p_documents[i], 0)) THEN
            SELECT coalesce(max(u.id), 0) INTO v_prev FROM document_updates u WHERE u.document_name = p_documents[i];
            RETURN QUERY
              INSERT INTO document_updates (document_name, update, user_id)
              SELECT p_documents[i], t.update, t.user_id
                FROM unnest(p_updates[v_first : v_first + p_counts[i] - 1], p_users[v_first : v_first + p_counts[i] - 1])
                     WITH ORDINALITY AS t(update, user_id, n)
               ORDER BY t.n
              RETURNING i, document_updates.id, v_prev;
          END IF;
          v_first := v_first + p_counts[i];
        END LOOP;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION append_documents_updates(text[], int[], bytea[], uuid[])`);
  }
}
