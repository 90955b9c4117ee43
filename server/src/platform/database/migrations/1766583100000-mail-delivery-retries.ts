import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email delivery that survives a busy mail server and a crash (docs/EMAIL.md).
 * An SMTP message not yet sent is due at `next_attempt_at`: a hand-over holds
 * it (the lease) until it succeeds, fails for the moment (due again after a
 * back-off) or fails for good (`given_up_at`). `attempts` counts hand-overs.
 * Messages left unsent before this migration are not resent: they are marked
 * given up, as the outbox page already showed them failed.
 */
export class MailDeliveryRetries1766583100000 implements MigrationInterface {
  name = 'MailDeliveryRetries1766583100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE mail_outbox
        ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        ADD COLUMN next_attempt_at timestamptz NULL,
        ADD COLUMN given_up_at timestamptz NULL,
        ADD CONSTRAINT mail_outbox_sent_or_given_up CHECK (sent_at IS NULL OR given_up_at IS NULL)`);
    await q.query(`
      UPDATE mail_outbox SET given_up_at = now(), attempts = 1
       WHERE transport = 'smtp' AND sent_at IS NULL`);
    await q.query(`
      CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)
       WHERE transport = 'smtp' AND sent_at IS NULL AND given_up_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX mail_outbox_due`);
    await q.query(`
      ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_sent_or_given_up,
        DROP COLUMN given_up_at, DROP COLUMN next_attempt_at, DROP COLUMN attempts`);
  }
}
