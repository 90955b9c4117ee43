import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, Clock, describeError, type JobContext, JobQueue } from '../../platform';
import { AUDIT_SOURCES, eventFromAudit, eventFromOverdueAction, type WebhookEvent } from './webhook-events';
import { openWebhookSecret, WEBHOOK_SECRET_KEY } from './webhook-secrets';
import { postWebhook } from './webhook-sender';
import { webhookIdOf } from './webhooks.mapper';
import { type NewDelivery, type SubscriptionRow, WebhooksRepository } from './webhooks.repository';

export const DELIVERY_JOB = 'webhook-delivery';
/** Audit entries one dispatch reads at most (the next tick continues). */
const ENTRIES_PER_DISPATCH = 500;
const OVERDUE_PER_DISPATCH = 100;
/** A delivery whose job was never sent (the process stopped after the commit) is sent after this. */
const UNSENT_AFTER_MS = 30_000;

interface DeliveryJob {
  deliveryId: string;
  kind: 'automatic' | 'replay';
}

/**
 * Turns the audit trail (and overdue actions) into signed deliveries, out of
 * band: nothing here runs in a meeting's transaction, so a failing receiver
 * never holds a meeting up.
 *
 * Dispatch: every JOBS_POLLING_SECONDS, each instance tries to lock the one
 * cursor row (SKIP LOCKED: one instance dispatches at a time), reads the audit
 * entries past it, and in the same transaction inserts one delivery per
 * matching subscription and moves the cursor. A crash rolls both back; a
 * delivery is unique per subscription and event. Entries commit in seq order
 * (the audit chain's lock), so none can appear behind the cursor later.
 *
 * Delivery: one pg-boss job per delivery (retries with back-off); each try is
 * signed afresh (Standard Webhooks) and recorded in the log.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveries.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG)
    private readonly config: Pick<
      AppConfig,
      'env' | 'jobPollingSeconds' | 'webhookRetryDelaySeconds' | 'webhookRetryLimit' | 'webhookTimeoutMs'
    >,
    @Inject(WEBHOOK_SECRET_KEY) private readonly key: Buffer,
    private readonly repository: WebhooksRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.define<DeliveryJob>(DELIVERY_JOB, (data, job) => this.deliver(data, job), {
      retryLimit: this.config.webhookRetryLimit,
      retryDelay: this.config.webhookRetryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: Math.ceil(this.config.webhookTimeoutMs / 1000) + 30,
    });
  }

  onApplicationBootstrap(): void {
    // Only where jobs are worked (the server, not the command line).
    if (!this.queue.running) return;
    this.timer = setInterval(() => void this.tick(), this.config.jobPollingSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running || !this.queue.running) return;
    this.running = (async () => {
      try {
        await this.dispatch();
        await this.enqueue(await this.repository.unsentDeliveries(new Date(Date.now() - UNSENT_AFTER_MS), 100));
      } catch (error) {
        this.logger.warn({ event: 'webhook-dispatch-failed', error: describeError(error) }, 'webhook dispatch failed');
      }
    })();
    await this.running;
    this.running = null;
  }

  /** One dispatch (see the class comment); resolves with how many deliveries it made. */
  async dispatch(): Promise<number> {
    const ids = await this.dataSource.transaction(async (tx) => {
      const cursor = await this.repository.lockCursor(tx);
      if (cursor === undefined) return [];
      const subscriptions = await this.repository.liveSubscriptions(tx);
      const head = await this.repository.auditHead(tx);
      const entries =
        head > cursor && subscriptions.length > 0
          ? await this.repository.auditEntries(tx, cursor, head, Object.keys(AUDIT_SOURCES), ENTRIES_PER_DISPATCH)
          : [];
      const upTo = entries.length === ENTRIES_PER_DISPATCH ? entries.at(-1)!.seq : head;
      const candidates: { event: WebhookEvent; eligible: (s: SubscriptionRow) => boolean }[] = [];
      for (const entry of entries) {
        const event = eventFromAudit(entry);
        if (event) candidates.push({ event, eligible: (s) => entry.seq > Number(s.after_audit_seq) });
      }
      if (subscriptions.some((s) => s.event_types.includes('action.overdue'))) {
        const now = this.clock.now();
        for (const action of await this.repository.claimOverdueActions(tx, now, OVERDUE_PER_DISPATCH)) {
          candidates.push({
            event: eventFromOverdueAction(action, now),
            eligible: (s) => s.created_at <= action.dueAt,
          });
        }
      }
      // Need-to-know: a service account hears only of its own organisation's meetings (as it reads only their records).
      const ofOrganisation = await this.repository.subscriptionMeetingsOfOrganisation(
        tx,
        subscriptions.map((s) => s.id),
        [...new Set(candidates.map((c) => c.event.meetingId))],
      );
      const deliveries = candidates.flatMap(({ event, eligible }) =>
        deliveriesFor(event, subscriptions, (s) => eligible(s) && ofOrganisation.has(`${s.id} ${event.meetingId}`)),
      );
      if (upTo > cursor) await this.repository.advanceCursor(tx, upTo);
      return this.repository.insertDeliveries(tx, deliveries);
    });
    await this.enqueue(ids);
    return ids.length;
  }

  /** Queues a job for each delivery (and notes it was sent, so the sweep leaves it alone). */
  async enqueue(deliveryIds: readonly string[], kind: DeliveryJob['kind'] = 'automatic'): Promise<void> {
    for (const deliveryId of deliveryIds) await this.queue.send<DeliveryJob>(DELIVERY_JOB, { deliveryId, kind });
    if (kind === 'automatic') await this.repository.markJobSent(deliveryIds);
  }

  /** One try: sign, POST, record; throws on failure so pg-boss retries with back-off. */
  private async deliver({ deliveryId, kind }: DeliveryJob, job: JobContext): Promise<void> {
    const delivery = await this.repository.deliveryToSend(deliveryId);
    if (!delivery) return;
    if (!delivery.subscription_live) {
      if (delivery.state === 'pending')
        await this.repository.setDeliveryState(this.dataSource.manager, deliveryId, 'cancelled');
      return;
    }
    if (kind === 'automatic' && delivery.state !== 'pending') return;
    const secret = openWebhookSecret(this.key, delivery.secret_sealed, delivery.subscription_id);
    const timestamp = new Date();
    const webhookId = webhookIdOf(delivery.id);
    const headers = {
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(webhookId, timestamp, delivery.body),
    };
    const outcome = await postWebhook(delivery.url, headers, delivery.body, {
      timeoutMs: this.config.webhookTimeoutMs,
      publicOnly: this.config.env === 'production',
    });
    const retriesLeft = job.retryCount < this.config.webhookRetryLimit;
    // pg-boss waits between delay × 2^retryCount and twice that (with back-off): the earliest.
    const nextRetryAt =
      !outcome.succeeded && retriesLeft
        ? new Date(Date.now() + this.config.webhookRetryDelaySeconds * 1000 * 2 ** job.retryCount)
        : null;
    const state = outcome.succeeded ? 'succeeded' : retriesLeft ? 'pending' : 'failed';
    await this.dataSource.transaction(async (tx) => {
      await this.repository.lockDelivery(tx, deliveryId);
      await this.repository.recordAttempt(
        tx,
        deliveryId,
        {
          kind,
          started_at: timestamp,
          duration_ms: outcome.durationMs,
          status_code: outcome.statusCode,
          succeeded: outcome.succeeded,
          error: outcome.error,
          response_snippet: outcome.responseSnippet,
          next_retry_at: nextRetryAt,
        },
        state,
      );
    });
    if (!outcome.succeeded && retriesLeft) throw new Error(outcome.error ?? 'the delivery failed');
  }
}

/** One delivery of `event` per subscription that wants its type and passes `eligible`. */
function deliveriesFor(
  event: WebhookEvent,
  subscriptions: readonly SubscriptionRow[],
  eligible: (s: SubscriptionRow) => boolean,
): NewDelivery[] {
  return subscriptions
    .filter((s) => s.event_types.includes(event.type) && eligible(s))
    .map((s) => ({
      subscriptionId: s.id,
      eventType: event.type,
      eventKey: event.key,
      body: JSON.stringify(event.payloads[s.content_scope]),
    }));
}
