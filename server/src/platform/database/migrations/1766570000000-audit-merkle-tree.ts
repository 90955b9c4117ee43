import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The application's own PostgreSQL role, where deployments use one (docs/AUDIT.md). */
const APP_ROLE = 'roundtable_app';

/**
 * The audit trail's Merkle tree (RFC 9162 §2.1, docs/AUDIT.md "Merkle tree"):
 * `audit_tree_nodes` holds the hash of every complete subtree (level 0: the
 * leaf hashes of the entries' chain hashes, leaf index = seq − 1), appended by
 * the checkpointer so a proof reads O(log n) rows; the checkpoints gain the
 * tree's root and the C2SP signed note of it. Append-only, like the trail.
 */
export class AuditMerkleTree1766570000000 implements MigrationInterface {
  name = 'AuditMerkleTree1766570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_tree_nodes (
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (octet_length(hash) = 32),
        PRIMARY KEY (level, idx)
      )`);
    await q.query(
      `CREATE TRIGGER audit_tree_nodes_append_only BEFORE UPDATE OR DELETE ON audit_tree_nodes FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_tree_nodes_no_truncate BEFORE TRUNCATE ON audit_tree_nodes FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_tree_nodes FROM PUBLIC`);
    // Checkpoints signed before this migration keep only their chain-head signature.
    await q.query(`
      ALTER TABLE audit_checkpoints
        ADD COLUMN root_hash bytea CHECK (octet_length(root_hash) = 32),
        ADD COLUMN note text CHECK (length(note) <= 10000),
        ADD CONSTRAINT audit_checkpoints_root_with_note CHECK ((root_hash IS NULL) = (note IS NULL))`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          REVOKE UPDATE, DELETE, TRUNCATE ON audit_tree_nodes FROM ${APP_ROLE};
          GRANT SELECT, INSERT ON audit_tree_nodes TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The trail's checkpoints refuse UPDATE: the new columns are dropped, not cleared.
    await q.query(`
      ALTER TABLE audit_checkpoints
        DROP CONSTRAINT audit_checkpoints_root_with_note,
        DROP COLUMN note,
        DROP COLUMN root_hash`);
    await q.query(`DROP TABLE audit_tree_nodes`);
  }
}
