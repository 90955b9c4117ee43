import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copy: the audit event types this migration adds.
const ADDED_AUDIT_TYPES = [
  'auth.mfa-enrolled',
  'auth.mfa-disabled',
  'auth.mfa-failed',
  'auth.mfa-locked',
  'auth.recovery-codes-generated',
  'auth.recovery-code-used',
  'auth.step-up',
];

/**
 * Multi-factor authentication and step-up re-authentication: a session can be
 * waiting for its second factor (`mfa_pending`, never usable) and records when
 * its user last proved who they are (`authenticated_at`); TOTP secrets
 * (encrypted by the application), hashed recovery codes, and per-user counters
 * of failed second-factor and re-authentication attempts.
 */
export class MfaAndStepUp1764600000000 implements MigrationInterface {
  name = 'MfaAndStepUp1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN mfa_pending boolean NOT NULL DEFAULT false,
        ADD COLUMN authenticated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE user_mfa (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        secret_encrypted bytea NOT NULL,
        enabled_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE mfa_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        code_hash bytea NOT NULL CHECK (octet_length(code_hash) = 32),
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mfa_recovery_codes_user_id ON mfa_recovery_codes (user_id)`);
    await q.query(`
      CREATE TABLE auth_attempt_limits (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        failures int NOT NULL DEFAULT 0 CHECK (failures >= 0),
        window_started_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz
      )`);
    await this.changeAuditTypes(q, (types) => [...new Set([...types, ...ADDED_AUDIT_TYPES])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.changeAuditTypes(q, (types) => types.filter((t) => !ADDED_AUDIT_TYPES.includes(t)));
    await q.query(`DROP TABLE auth_attempt_limits`);
    await q.query(`DROP TABLE mfa_recovery_codes`);
    await q.query(`DROP TABLE user_mfa`);
    await q.query(`ALTER TABLE sessions DROP COLUMN authenticated_at, DROP COLUMN mfa_pending`);
  }

  /**
   * Rewrites the audit type CHECK from the one in force, not a frozen full
   * list: another migration of the same release (OIDC) adds its own types, and
   * neither may drop the other's.
   */
  private async changeAuditTypes(q: QueryRunner, change: (types: string[]) => string[]): Promise<void> {
    const [row] = (await q.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'audit_events_type_check'`,
    )) as { def: string }[];
    const current = [...(row?.def ?? '').matchAll(/'([a-z.-]+)'/g)].map((m) => m[1] as string);
    if (current.length === 0) throw new Error('audit_events_type_check not found');
    await q.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_events_type_check`);
    await q.query(
      `ALTER TABLE audit_events ADD CONSTRAINT audit_events_type_check CHECK (type IN (${list(change(current))}))`,
    );
  }
}
