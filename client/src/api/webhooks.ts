import type { ServiceAccountListResponse } from '@roundtable/shared/integrations';
import type {
  CreateWebhookSubscriptionRequest,
  WebhookDelivery,
  WebhookDeliveryListResponse,
  WebhookSecretResponse,
  WebhookSubscription,
  WebhookSubscriptionListResponse,
} from '@roundtable/shared/webhooks';
import { apiRequest } from './http';

const subscriptionPath = (id: string) => `/api/admin/webhooks/${encodeURIComponent(id)}`;

/** Webhook subscriptions and their delivery log (administrators only; the server refuses anyone else). */
export const webhooksApi = {
  list: () => apiRequest<WebhookSubscriptionListResponse>('GET', '/api/admin/webhooks'),
  /** Needs step-up. The answer holds the signing secret, once. */
  create: (body: CreateWebhookSubscriptionRequest) =>
    apiRequest<WebhookSecretResponse>('POST', '/api/admin/webhooks', body),
  /** Needs step-up. The answer holds the new signing secret, once. */
  rotateSecret: (id: string) => apiRequest<WebhookSecretResponse>('POST', `${subscriptionPath(id)}/rotate-secret`),
  disable: (id: string) => apiRequest<WebhookSubscription>('POST', `${subscriptionPath(id)}/disable`),
  enable: (id: string) => apiRequest<WebhookSubscription>('POST', `${subscriptionPath(id)}/enable`),
  /** Needs step-up. */
  remove: (id: string) => apiRequest<void>('DELETE', subscriptionPath(id)),
  deliveries: (subscriptionId: string) =>
    apiRequest<WebhookDeliveryListResponse>(
      'GET',
      `/api/admin/webhooks/deliveries?subscriptionId=${encodeURIComponent(subscriptionId)}`,
    ),
  replay: (deliveryId: string) =>
    apiRequest<WebhookDelivery>('POST', `/api/admin/webhooks/deliveries/${encodeURIComponent(deliveryId)}/replay`),
  /** The service accounts a subscription can belong to. */
  serviceAccounts: () => apiRequest<ServiceAccountListResponse>('GET', '/api/admin/service-accounts'),
};
