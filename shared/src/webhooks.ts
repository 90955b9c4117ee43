import { z } from 'zod';

/**
 * Signed webhooks for case systems (docs/WEBHOOKS.md):
 * administrators subscribe a service account (scope `webhooks:receive`) to
 * events; each delivery follows the Standard Webhooks specification
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature`; the body is
 * `{ type, timestamp, data }`). Routes: /api/admin/webhooks/…, administrators only.
 */

/** What a subscription may ask to be told about. */
export const WEBHOOK_EVENT_TYPES = [
  'meeting.concluded',
  'decision.recorded',
  'action.created',
  'action.overdue',
  'record.sealed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'meeting.concluded': 'A meeting is concluded',
  'decision.recorded': 'A local authority decision is recorded or corrected',
  'action.created': 'An action is created',
  'action.overdue': 'An open action passes its due date',
  'record.sealed': 'A record is sealed (on conclusion or an addendum’s sign-off)',
};

/**
 * How much a delivery carries. `ids` (the default): ids, the meeting reference, the event
 * type and times only. `codes`: also coded fields (agencies, statuses, due dates, the
 * options chosen, counts, the sealed files' hashes), never free text, names or anything of
 * a restricted entry (a restricted entry's event carries its ids only, whatever the scope).
 */
export const WEBHOOK_CONTENT_SCOPES = ['ids', 'codes'] as const;
export type WebhookContentScope = (typeof WEBHOOK_CONTENT_SCOPES)[number];

export const WEBHOOK_CONTENT_SCOPE_LABELS: Record<WebhookContentScope, string> = {
  ids: 'Ids only: ids, the meeting reference, the event type and times',
  codes: 'Ids and codes: also agencies, statuses, due dates, chosen options and hashes (never text or names)',
};

/** The Standard Webhooks secret prefix; the rest is base64 of 32 random bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const HTTP_URL_MAX = 2048;

/** POST /api/admin/webhooks: a subscription for one service account. */
export const CreateWebhookSubscriptionRequestSchema = z.strictObject({
  serviceAccountId: z.uuid({ error: 'serviceAccountId must be the id of a service account' }),
  name: z
    .string({ error: 'Name must be text' })
    .trim()
    .min(1, 'Enter a name for the subscription')
    .max(100, 'Name must be 100 characters or fewer'),
  url: z
    .string({ error: 'url must be text' })
    .trim()
    .min(1, 'Enter the address the case system receives webhooks at')
    .max(HTTP_URL_MAX, `url must be ${HTTP_URL_MAX} characters or fewer`),
  eventTypes: z
    .array(
      z.enum(WEBHOOK_EVENT_TYPES, { error: `Each event type must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` }),
      {
        error: 'eventTypes must be a list',
      },
    )
    .min(1, 'Choose at least one event type')
    .transform((types) => [...new Set(types)].sort()),
  contentScope: z
    .enum(WEBHOOK_CONTENT_SCOPES, { error: `contentScope must be one of: ${WEBHOOK_CONTENT_SCOPES.join(', ')}` })
    .default('ids'),
});
export type CreateWebhookSubscriptionRequest = z.input<typeof CreateWebhookSubscriptionRequestSchema>;

export const WEBHOOK_SUBSCRIPTION_STATUSES = ['active', 'disabled'] as const;
export type WebhookSubscriptionStatus = (typeof WEBHOOK_SUBSCRIPTION_STATUSES)[number];

/** A subscription as administrators see it: never its secret. */
export const WebhookSubscriptionSchema = z.object({
  id: z.uuid(),
  serviceAccountId: z.uuid(),
  name: z.string(),
  url: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  contentScope: z.enum(WEBHOOK_CONTENT_SCOPES),
  status: z.enum(WEBHOOK_SUBSCRIPTION_STATUSES),
  createdAt: z.string(),
  secretRotatedAt: z.string(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;

export const WebhookSubscriptionListResponseSchema = z.object({ subscriptions: z.array(WebhookSubscriptionSchema) });
export type WebhookSubscriptionListResponse = z.infer<typeof WebhookSubscriptionListResponseSchema>;

/** The answer to create and rotate: the signing secret, shown this once (the server keeps it encrypted). */
export const WebhookSecretResponseSchema = z.object({
  subscription: WebhookSubscriptionSchema,
  /** `whsec_` + base64: give it to the receiver; it is never shown again. */
  secret: z.string(),
});
export type WebhookSecretResponse = z.infer<typeof WebhookSecretResponseSchema>;

export const WEBHOOK_DELIVERY_STATES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** One try at delivering: no response body beyond a short snippet. */
export const WebhookAttemptSchema = z.object({
  number: z.number().int().min(1),
  /** `automatic` (the first try and pg-boss's retries) or `replay` (an administrator asked). */
  kind: z.enum(['automatic', 'replay']),
  startedAt: z.string(),
  durationMs: z.number().int().min(0),
  /** The receiver's HTTP status; null when there was no response (refused, timed out, unreachable). */
  statusCode: z.number().int().nullable(),
  succeeded: z.boolean(),
  error: z.string().nullable(),
  /** The first characters of the response body, for diagnosis. */
  responseSnippet: z.string().nullable(),
  /** The earliest time of the automatic retry after this failure; null if none follows. */
  nextRetryAt: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliverySchema = z.object({
  id: z.uuid(),
  /** The `webhook-id` header: the same on every try and replay, so receivers deduplicate. */
  webhookId: z.string(),
  subscriptionId: z.uuid(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  createdAt: z.string(),
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.array(WebhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListResponseSchema = z.object({ deliveries: z.array(WebhookDeliverySchema) });
export type WebhookDeliveryListResponse = z.infer<typeof WebhookDeliveryListResponseSchema>;

/** GET /api/admin/webhooks/deliveries?subscriptionId=&limit= */
export const WebhookDeliveryQuerySchema = z.strictObject({
  subscriptionId: z.uuid({ error: 'subscriptionId must be the id of a subscription' }).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(200, 'limit must be at most 200')
    .default(50),
});
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuerySchema>;

/** The body of every delivery (Standard Webhooks): `data` depends on the type and the subscription's scope. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When it happened (ISO 8601, UTC). */
  timestamp: string;
  data: Record<string, unknown>;
}
