import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from '@roundtable/shared/webhooks';
import type { AttemptRow, DeliveryRow, SubscriptionRow } from './webhooks.repository';

const iso = (d: Date) => new Date(d).toISOString();

/** The `webhook-id` of a delivery: the same on every try and replay. */
export const webhookIdOf = (deliveryId: string) => `msg_${deliveryId.replace(/-/g, '')}`;

export function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    serviceAccountId: row.service_account_id,
    name: row.name,
    url: row.url,
    eventTypes: row.event_types,
    contentScope: row.content_scope,
    status: row.disabled_at ? 'disabled' : 'active',
    createdAt: iso(row.created_at),
    secretRotatedAt: iso(row.secret_rotated_at),
  };
}

function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    number: row.number,
    kind: row.kind,
    startedAt: iso(row.started_at),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    succeeded: row.succeeded,
    error: row.error,
    responseSnippet: row.response_snippet,
    nextRetryAt: row.next_retry_at ? iso(row.next_retry_at) : null,
  };
}

/** A delivery for the log (a cancelled one shows as failed: it was never delivered). */
export function toDelivery(row: DeliveryRow, attempts: readonly AttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    webhookId: webhookIdOf(row.id),
    subscriptionId: row.subscription_id,
    eventType: row.event_type,
    createdAt: iso(row.created_at),
    state: row.state === 'cancelled' ? 'failed' : row.state,
    attempts: attempts.filter((a) => a.delivery_id === row.id).map(toAttempt),
  };
}
