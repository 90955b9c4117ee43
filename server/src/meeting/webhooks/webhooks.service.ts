import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateWebhookSubscriptionRequestSchema,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookSecretResponse,
  WebhookSubscription,
} from '@roundtable/shared/webhooks';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuditActor, AuditService } from '../../audit';
import { APP_CONFIG, type AppConfig, DomainError } from '../../platform';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookOwners } from './webhook-owners';
import { newWebhookSecret, sealWebhookSecret, WEBHOOK_SECRET_KEY } from './webhook-secrets';
import { isPublicAddress, webhookUrlProblem } from './webhook-target';
import { toDelivery, toSubscription } from './webhooks.mapper';
import { type SubscriptionRow, WebhooksRepository } from './webhooks.repository';

export const SUBSCRIPTION_NOT_FOUND = 'No webhook subscription has this id';
export const DELIVERY_NOT_FOUND = 'No webhook delivery has this id';

type CreateRequest = z.output<typeof CreateWebhookSubscriptionRequestSchema>;

/**
 * Administrators' side of webhooks (docs/WEBHOOKS.md):
 * subscriptions (create, rotate the secret, disable, enable, delete), the
 * delivery log and replays. Each change commits with its audit entry; the
 * secret is returned once and kept encrypted.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'env'>,
    @Inject(WEBHOOK_SECRET_KEY) private readonly key: Buffer,
    private readonly repository: WebhooksRepository,
    private readonly owners: WebhookOwners,
    private readonly audit: AuditService,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  async list(): Promise<WebhookSubscription[]> {
    return (await this.repository.listSubscriptions()).map(toSubscription);
  }

  async create(request: CreateRequest, actor: AuditActor): Promise<WebhookSecretResponse> {
    await this.assertTargetAllowed(request.url);
    await this.assertOwner(request.serviceAccountId);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await this.dataSource.transaction(async (tx) => {
      const seq = await this.audit.record(tx, {
        type: 'webhook.subscription-created',
        actor,
        subject: { type: 'webhook-subscription', id },
        details: {
          serviceAccountId: request.serviceAccountId,
          host: new URL(request.url).host,
          eventTypes: request.eventTypes,
          contentScope: request.contentScope,
        },
      });
      // Events after its own creation entry, never the history before it.
      return this.repository.insertSubscription(tx, {
        id,
        serviceAccountId: request.serviceAccountId,
        name: request.name,
        url: request.url,
        eventTypes: request.eventTypes,
        contentScope: request.contentScope,
        secretSealed: sealWebhookSecret(this.key, secret, id),
        afterAuditSeq: seq,
        createdBy: actor.userId,
      });
    });
    return { subscription: toSubscription(row), secret };
  }

  /** A new secret at once: deliveries from now on (retries too) are signed with it. */
  async rotateSecret(id: string, actor: AuditActor): Promise<WebhookSecretResponse> {
    const secret = newWebhookSecret();
    const row = await this.change(id, actor, 'secret-rotated', (tx) =>
      this.repository.setSecret(tx, id, sealWebhookSecret(this.key, secret, id)),
    );
    return { subscription: toSubscription(row), secret };
  }

  /** Disabled: nothing is delivered (waiting deliveries are cancelled; events meanwhile are not kept for later). */
  disable(id: string, actor: AuditActor): Promise<WebhookSubscription> {
    return this.change(id, actor, 'disabled', async (tx) => {
      const cancelled = await this.repository.cancelPending(tx, id);
      return { row: await this.repository.setDisabled(tx, id, true), details: { cancelled } };
    }).then(toSubscription);
  }

  async enable(id: string, actor: AuditActor): Promise<WebhookSubscription> {
    const current = (await this.repository.listSubscriptions()).find((s) => s.id === id);
    if (!current) throw new DomainError('NotFound', SUBSCRIPTION_NOT_FOUND);
    await this.assertOwner(current.service_account_id);
    return toSubscription(await this.change(id, actor, 'enabled', (tx) => this.repository.setDisabled(tx, id, false)));
  }

  /** Deleted: its secret is overwritten and it is never delivered to again; its delivery log stays. */
  async delete(id: string, actor: AuditActor): Promise<void> {
    await this.change(id, actor, 'deleted', async (tx) => {
      const cancelled = await this.repository.cancelPending(tx, id);
      const row = await this.repository.lockSubscription(tx, id);
      await this.repository.markDeleted(tx, id);
      return { row: row!, details: { cancelled } };
    });
  }

  async listDeliveries(query: WebhookDeliveryQuery): Promise<WebhookDelivery[]> {
    const { deliveries, attempts } = await this.repository.listDeliveries(query.subscriptionId, query.limit);
    return deliveries.map((d) => toDelivery(d, attempts));
  }

  async getDelivery(id: string): Promise<WebhookDelivery> {
    const found = await this.repository.findDelivery(id);
    if (!found) throw new DomainError('NotFound', DELIVERY_NOT_FOUND);
    return toDelivery(found.delivery, found.attempts);
  }

  /**
   * Sends a delivery again: the same body and `webhook-id` (receivers deduplicate),
   * a fresh timestamp and signature with the current secret. Out of band, as a job.
   */
  async replay(deliveryId: string, actor: AuditActor): Promise<WebhookDelivery> {
    await this.dataSource.transaction(async (tx) => {
      const delivery = await this.repository.lockDelivery(tx, deliveryId);
      if (!delivery) throw new DomainError('NotFound', DELIVERY_NOT_FOUND);
      const subscription = await this.repository.lockSubscription(tx, delivery.subscription_id);
      if (!subscription || subscription.disabled_at)
        throw new DomainError('Conflict', 'The subscription is disabled or deleted: enable it before replaying');
      await this.repository.setDeliveryState(tx, deliveryId, 'pending');
      await this.audit.record(tx, {
        type: 'webhook.delivery-replayed',
        actor,
        subject: { type: 'webhook-delivery', id: deliveryId },
        details: { subscriptionId: delivery.subscription_id, eventType: delivery.event_type },
      });
    });
    await this.deliveries.enqueue([deliveryId], 'replay');
    return this.getDelivery(deliveryId);
  }

  /** One change to a subscription with its audit entry (`details.change`). */
  private async change(
    id: string,
    actor: AuditActor,
    change: string,
    apply: (tx: EntityManager) => Promise<SubscriptionRow | { row: SubscriptionRow; details: Record<string, number> }>,
  ): Promise<SubscriptionRow> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.lockSubscription(tx, id))) throw new DomainError('NotFound', SUBSCRIPTION_NOT_FOUND);
      const result = await apply(tx);
      const { row, details } = 'row' in result ? result : { row: result, details: {} };
      await this.audit.record(tx, {
        type: 'webhook.subscription-changed',
        actor,
        subject: { type: 'webhook-subscription', id },
        details: { change, ...details },
      });
      return row;
    });
  }

  private async assertOwner(serviceAccountId: string): Promise<void> {
    const problem = await this.owners.problemWith(serviceAccountId);
    if (problem) throw new DomainError('ValidationFailed', problem, [{ path: 'serviceAccountId', message: problem }]);
  }

  /** HTTPS (or loopback HTTP outside production); in production, a host that resolves to public addresses only. */
  private async assertTargetAllowed(url: string): Promise<void> {
    const production = this.config.env === 'production';
    let problem = webhookUrlProblem(url, production);
    if (!problem && production) {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      const addresses = await lookup(host, { all: true }).catch(() => []);
      if (addresses.length === 0) problem = `The host ${host} cannot be found`;
      else if (addresses.some((a) => !isPublicAddress(a.address)))
        problem = 'The address must be on the public internet, not this machine or a private network';
    }
    if (problem) throw new DomainError('ValidationFailed', problem, [{ path: 'url', message: problem }]);
  }
}
