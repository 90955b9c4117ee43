import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditEventTypes, removeAuditEventTypes } from './audit-event-types';

// Frozen copies: the lists as they were when this migration was written.
const ADDED_AUDIT_TYPES = ['webhook.subscription-created', 'webhook.subscription-changed', 'webhook.delivery-replayed'];
const EVENT_TYPES = ['meeting.concluded', 'decision.recorded', 'action.created', 'action.overdue', 'record.sealed'];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Signed webhooks (docs/WEBHOOKS.md). A subscription belongs to a
 * service account and holds its signing secret encrypted (AES-256-GCM). The
 * dispatcher reads the audit trail past `webhook_dispatch_cursor` and inserts one
 * delivery per matching subscription in the transaction that advances the cursor;
 * `(subscription_id, event_key)` is unique, so an event is never delivered twice
 * to a subscription. `webhook_overdue_actions` makes each "action overdue" event
 * once per action and due date. Every try is a row of `webhook_delivery_attempts`.
 */
export class Webhooks1766565000000 implements MigrationInterface {
  name = 'Webhooks1766565000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_account_id uuid NOT NULL REFERENCES service_accounts(user_id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2048),
        event_types text[] NOT NULL CHECK (cardinality(event_types) > 0 AND event_types <@ ARRAY[${list(EVENT_TYPES)}]::text[]),
        content_scope text NOT NULL DEFAULT 'ids' CHECK (content_scope IN ('ids', 'codes')),
        secret_sealed bytea NOT NULL,
        secret_rotated_at timestamptz NOT NULL DEFAULT now(),
        after_audit_seq bigint NOT NULL CHECK (after_audit_seq >= 0),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz NULL,
        deleted_at timestamptz NULL
      )`);
    await q.query(
      `CREATE INDEX webhook_subscriptions_live ON webhook_subscriptions (created_at) WHERE deleted_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE webhook_dispatch_cursor (
        id int PRIMARY KEY CHECK (id = 1),
        last_audit_seq bigint NOT NULL CHECK (last_audit_seq >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO webhook_dispatch_cursor (id, last_audit_seq) SELECT 1, coalesce(max(seq), 0) FROM audit_events`,
    );
    await q.query(`
      CREATE TABLE webhook_overdue_actions (
        action_id uuid NOT NULL REFERENCES actions(id),
        due_at timestamptz NOT NULL,
        noticed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (action_id, due_at)
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
        event_type text NOT NULL CHECK (event_type IN (${list(EVENT_TYPES)})),
        event_key text NOT NULL,
        body text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        job_sent_at timestamptz NULL,
        UNIQUE (subscription_id, event_key)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_newest ON webhook_deliveries (created_at DESC)`);
    await q.query(
      `CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_unsent ON webhook_deliveries (created_at) WHERE job_sent_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE webhook_delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id),
        number int NOT NULL CHECK (number >= 1),
        kind text NOT NULL CHECK (kind IN ('automatic', 'replay')),
        started_at timestamptz NOT NULL,
        duration_ms int NOT NULL CHECK (duration_ms >= 0),
        status_code int NULL,
        succeeded boolean NOT NULL,
        error text NULL CHECK (length(error) <= 300),
        response_snippet text NULL CHECK (length(response_snippet) <= 200),
        next_retry_at timestamptz NULL,
        UNIQUE (delivery_id, number)
      )`);
    await addAuditEventTypes(q, ADDED_AUDIT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await removeAuditEventTypes(q, ADDED_AUDIT_TYPES);
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_overdue_actions`);
    await q.query(`DROP TABLE webhook_dispatch_cursor`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}
