import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// Frozen copy: the audit event types this migration adds. `auth.step-up` is shared with the
// MFA migration (1764600000000): whichever runs first adds it, the other keeps it.
const ADDED_AUDIT_TYPES = ['auth.identity-linked', 'auth.step-up'];

/**
 * Single sign-on through OpenID Connect: identities at identity providers,
 * keyed by (issuer, subject) and never by email, each belonging to one user;
 * accounts without a password (they sign in only through their provider);
 * and the short-lived, single-use sign-in transactions (state, nonce, PKCE
 * verifier) bound to the browser that started them.
 */
export class OidcIdentities1764500000000 implements MigrationInterface {
  name = 'OidcIdentities1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`
      CREATE TABLE user_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        issuer text NOT NULL CHECK (issuer <> '' AND length(issuer) <= 2048),
        subject text NOT NULL CHECK (subject <> '' AND length(subject) <= 255),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_signed_in_at timestamptz,
        CONSTRAINT user_identities_issuer_subject UNIQUE (issuer, subject)
      )`);
    await q.query(`CREATE INDEX user_identities_user_id ON user_identities (user_id)`);
    await q.query(`
      CREATE TABLE oidc_transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        handle_hash bytea NOT NULL UNIQUE,
        provider_id text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('sign-in', 'step-up')),
        state text NOT NULL,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        redirect_uri text NOT NULL,
        session_id uuid REFERENCES sessions(id),
        return_to text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        -- A step-up belongs to the session that asked for it; a sign-in to none.
        CONSTRAINT oidc_transactions_step_up_session CHECK ((purpose = 'step-up') = (session_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX oidc_transactions_expires_at ON oidc_transactions (expires_at)`);
    await this.changeAuditTypes(q, (types) => [...new Set([...types, ...ADDED_AUDIT_TYPES])]);
  }

  async down(q: QueryRunner): Promise<void> {
    // auth.step-up stays: the MFA migration writes it too.
    await this.changeAuditTypes(q, (types) => types.filter((t) => t !== 'auth.identity-linked'));
    await q.query(`DROP TABLE oidc_transactions`);
    await q.query(`DROP TABLE user_identities`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
  }

  /** Rewrites the audit type CHECK from the one in force (as 1764600000000 does), so neither drops the other's. */
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
