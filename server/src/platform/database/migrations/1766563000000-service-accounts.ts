import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written.
const SCOPES = ['records:read', 'webhooks:receive'];
const ADDED_AUDIT_TYPES = [
  'service-account.created',
  'service-account.disabled',
  'service-account.token-issued',
  'service-account.token-revoked',
  'service-account.records-listed',
];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Service accounts (docs/INTEGRATIONS.md): a `users` row of kind `service`,
 * so the audit trail names it as the actor like a person, that can never sign
 * in (no password, no admin, auditor, chair or team-manager flag, an
 * organisation always), with its scopes in `service_accounts` and its API
 * tokens in `service_account_tokens` (only the SHA-256 of each token).
 */
export class ServiceAccounts1766563000000 implements MigrationInterface {
  name = 'ServiceAccounts1766563000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'service'))`,
    );
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT users_service_account_cannot_sign_in CHECK (
        kind = 'person'
        OR (password_hash IS NULL AND NOT is_admin AND NOT is_auditor AND NOT can_chair AND NOT team_manager
            AND organisation IS NOT NULL))`);
    await q.query(`
      CREATE TABLE service_accounts (
        user_id uuid PRIMARY KEY REFERENCES users(id),
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY[${list(SCOPES)}]::text[]),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE service_account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_account_id uuid NOT NULL REFERENCES service_accounts(user_id),
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        hint text NOT NULL CHECK (hint LIKE 'rt\\_sa\\_%' AND length(hint) = 12),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NULL,
        revoked_at timestamptz NULL,
        revoked_by uuid NULL REFERENCES users(id),
        last_used_at timestamptz NULL,
        CHECK (expires_at IS NULL OR expires_at > created_at),
        CHECK (revoked_by IS NULL OR revoked_at IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX service_account_tokens_account ON service_account_tokens (service_account_id, created_at)`,
    );
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE service_account_tokens`);
    await q.query(`DROP TABLE service_accounts`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_service_account_cannot_sign_in`);
    await q.query(`ALTER TABLE users DROP COLUMN kind`);
  }
}
