import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies as of this migration.
const VARIANT_PATTERN = '^(complete|shared|family|audience-[a-z0-9]+(-[a-z0-9]+)*)$';
const OLD_VARIANTS = ['full', 'family'];

/**
 * Sealed records per reader (docs/SEALED-RECORDS.md "Versions per reader"):
 * a version is stored in one variant per audience — `complete`, `shared`,
 * `audience-<agencies>` and `family` — and each row lists the members it was
 * sealed for (`readers`). The variant `full` is renamed `complete`: it is the
 * complete record, which from now on only the chair and auditors download.
 * Rows sealed before this migration keep `readers` empty, so a member other
 * than the chair is given only the family version of them (nothing is
 * exposed that the new rules would withhold). Sealed rows are otherwise
 * append-only; the rename is the one change this migration makes to them,
 * with the append-only trigger off for that statement only.
 */
export class SealedRecordsPerReader1766531000000 implements MigrationInterface {
  name = 'SealedRecordsPerReader1766531000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sealed_records DROP CONSTRAINT IF EXISTS sealed_records_variant_check`);
    await q.query(`ALTER TABLE sealed_records ADD COLUMN readers uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE sealed_records DISABLE TRIGGER sealed_records_append_only`);
    await q.query(`UPDATE sealed_records SET variant = 'complete' WHERE variant = 'full'`);
    await q.query(`ALTER TABLE sealed_records ENABLE TRIGGER sealed_records_append_only`);
    await q.query(
      `ALTER TABLE sealed_records ADD CONSTRAINT sealed_records_variant_check CHECK (variant ~ '${VARIANT_PATTERN}')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sealed_records DROP CONSTRAINT sealed_records_variant_check`);
    await q.query(`ALTER TABLE sealed_records DISABLE TRIGGER sealed_records_append_only`);
    // Per-reader rows cannot be expressed in the old model: they go; complete becomes full again.
    await q.query(`DELETE FROM sealed_records WHERE variant NOT IN ('complete', 'family')`);
    await q.query(`UPDATE sealed_records SET variant = 'full' WHERE variant = 'complete'`);
    await q.query(`ALTER TABLE sealed_records ENABLE TRIGGER sealed_records_append_only`);
    await q.query(`ALTER TABLE sealed_records DROP COLUMN readers`);
    await q.query(
      `ALTER TABLE sealed_records ADD CONSTRAINT sealed_records_variant_check CHECK (variant IN (${OLD_VARIANTS.map(
        (v) => `'${v}'`,
      ).join(', ')}))`,
    );
  }
}
