import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookContentScope, WebhookDeliveryState, WebhookEventType } from '@roundtable/shared/webhooks';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditSourceEntry, OverdueAction } from './webhook-events';

export interface SubscriptionRow {
  id: string;
  service_account_id: string;
  name: string;
  url: string;
  event_types: WebhookEventType[];
  content_scope: WebhookContentScope;
  secret_sealed: Buffer;
  secret_rotated_at: Date;
  after_audit_seq: string;
  created_at: Date;
  disabled_at: Date | null;
  deleted_at: Date | null;
}

export interface NewSubscription {
  id: string;
  serviceAccountId: string;
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  contentScope: WebhookContentScope;
  secretSealed: Buffer;
  afterAuditSeq: number;
  createdBy: string;
}

export interface NewDelivery {
  subscriptionId: string;
  eventType: WebhookEventType;
  eventKey: string;
  body: string;
}

export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_type: WebhookEventType;
  body: string;
  state: WebhookDeliveryState | 'cancelled';
  created_at: Date;
}

export interface DeliveryToSend extends DeliveryRow {
  url: string;
  secret_sealed: Buffer;
  subscription_live: boolean;
}

export interface AttemptRow {
  delivery_id: string;
  number: number;
  kind: 'automatic' | 'replay';
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  succeeded: boolean;
  error: string | null;
  response_snippet: string | null;
  next_retry_at: Date | null;
}

export type NewAttempt = Omit<AttemptRow, 'delivery_id' | 'number'>;

const COLUMNS = [
  'id',
  'service_account_id',
  'name',
  'url',
  'event_types',
  'content_scope',
  'secret_sealed',
  'secret_rotated_at',
  'after_audit_seq',
  'created_at',
  'disabled_at',
  'deleted_at',
];
const SUBSCRIPTION_COLUMNS = COLUMNS.join(', ');
const prefixed = (alias: string) => COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/** A subscription `s` that is delivered to: enabled, not deleted, its service account enabled with the scope. */
const LIVE = `s.disabled_at IS NULL AND s.deleted_at IS NULL AND EXISTS (
  SELECT 1 FROM service_accounts sa JOIN users u ON u.id = sa.user_id
   WHERE sa.user_id = s.service_account_id AND u.disabled_at IS NULL AND 'webhooks:receive' = ANY(sa.scopes))`;

/** Every statement over the webhook tables, and the reads of the audit trail and actions the dispatcher makes. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ------------------------------------------------------------------ subscriptions

  async insertSubscription(tx: EntityManager, s: NewSubscription): Promise<SubscriptionRow> {
    const [row] = (await tx.query(
      `INSERT INTO webhook_subscriptions
         (id, service_account_id, name, url, event_types, content_scope, secret_sealed, after_audit_seq, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [
        s.id,
        s.serviceAccountId,
        s.name,
        s.url,
        s.eventTypes,
        s.contentScope,
        s.secretSealed,
        s.afterAuditSeq,
        s.createdBy,
      ],
    )) as SubscriptionRow[];
    return row!;
  }

  /** Subscriptions not deleted, oldest first. */
  async listSubscriptions(): Promise<SubscriptionRow[]> {
    return (await this.dataSource.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE deleted_at IS NULL ORDER BY created_at, id`,
    )) as SubscriptionRow[];
  }

  /** A subscription not deleted, locked for the caller's change. */
  async lockSubscription(tx: EntityManager, id: string): Promise<SubscriptionRow | undefined> {
    const [row] = (await tx.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    )) as SubscriptionRow[];
    return row;
  }

  async setSecret(tx: EntityManager, id: string, sealed: Buffer): Promise<SubscriptionRow> {
    const [rows] = (await tx.query(
      `UPDATE webhook_subscriptions SET secret_sealed = $2, secret_rotated_at = now() WHERE id = $1
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [id, sealed],
    )) as [SubscriptionRow[], number];
    return rows[0]!;
  }

  async setDisabled(tx: EntityManager, id: string, disabled: boolean): Promise<SubscriptionRow> {
    const [rows] = (await tx.query(
      `UPDATE webhook_subscriptions SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END WHERE id = $1
       RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [id, disabled],
    )) as [SubscriptionRow[], number];
    return rows[0]!;
  }

  /** Deleted: kept for the delivery log's sake, its secret overwritten, never delivered to again. */
  async markDeleted(tx: EntityManager, id: string): Promise<void> {
    await tx.query(
      `UPDATE webhook_subscriptions SET deleted_at = now(), disabled_at = coalesce(disabled_at, now()),
         secret_sealed = '\\x'::bytea WHERE id = $1`,
      [id],
    );
  }

  /** Cancels the subscription's deliveries still waiting (disabled or deleted: nothing more goes out). */
  async cancelPending(tx: EntityManager, subscriptionId: string): Promise<number> {
    const [, count] = (await tx.query(
      `UPDATE webhook_deliveries SET state = 'cancelled' WHERE subscription_id = $1 AND state = 'pending'`,
      [subscriptionId],
    )) as [unknown, number];
    return count;
  }

  // ------------------------------------------------------------------ dispatch

  /** The dispatch cursor, locked; undefined while another instance holds it (it is dispatching). */
  async lockCursor(tx: EntityManager): Promise<number | undefined> {
    const [row] = (await tx.query(
      `SELECT last_audit_seq FROM webhook_dispatch_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED`,
    )) as { last_audit_seq: string }[];
    return row ? Number(row.last_audit_seq) : undefined;
  }

  async advanceCursor(tx: EntityManager, seq: number): Promise<void> {
    await tx.query(`UPDATE webhook_dispatch_cursor SET last_audit_seq = $1, updated_at = now() WHERE id = 1`, [seq]);
  }

  /** The newest committed audit entry's seq (entries commit in seq order: none below it is still to come). */
  async auditHead(tx: EntityManager): Promise<number> {
    const [row] = (await tx.query(`SELECT coalesce(max(seq), 0) AS seq FROM audit_events`)) as { seq: string }[];
    return Number(row!.seq);
  }

  /** Successful audit entries of the given types in (after, upTo], oldest first, with their meeting's reference. */
  async auditEntries(
    tx: EntityManager,
    after: number,
    upTo: number,
    types: readonly string[],
    limit: number,
  ): Promise<AuditSourceEntry[]> {
    const rows = (await tx.query(
      `SELECT a.seq, a.type, a.occurred_at, a.meeting_id, m.reference, a.subject_type, a.subject_id, a.details
         FROM audit_events a LEFT JOIN meetings m ON m.id = a.meeting_id
        WHERE a.seq > $1 AND a.seq <= $2 AND a.type = ANY($3) AND a.outcome = 'success'
        ORDER BY a.seq LIMIT $4`,
      [after, upTo, types, limit],
    )) as {
      seq: string;
      type: string;
      occurred_at: Date;
      meeting_id: string | null;
      reference: string | null;
      subject_type: string | null;
      subject_id: string | null;
      details: Record<string, unknown>;
    }[];
    return rows.map((r) => ({
      seq: Number(r.seq),
      type: r.type,
      occurredAt: r.occurred_at,
      meetingId: r.meeting_id,
      meetingReference: r.reference,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
    }));
  }

  /** Subscriptions that receive deliveries now (enabled, not deleted, their service account active with the scope). */
  async liveSubscriptions(tx: EntityManager): Promise<SubscriptionRow[]> {
    return (await tx.query(`SELECT ${prefixed('s')} FROM webhook_subscriptions s WHERE ${LIVE}`)) as SubscriptionRow[];
  }

  /**
   * Open actions past their due date not yet noticed at this due date, marked noticed
   * in the caller's transaction (each action and due date once, whichever instance).
   */
  async claimOverdueActions(tx: EntityManager, now: Date, limit: number): Promise<OverdueAction[]> {
    const rows = (await tx.query(
      `WITH due AS (
         SELECT a.id, a.meeting_id, m.reference, a.due_at, a.owner_agency, a.restriction IS NOT NULL AS restricted
           FROM actions a JOIN meetings m ON m.id = a.meeting_id
          WHERE a.status = 'open' AND a.due_at < $1
            AND NOT EXISTS (SELECT 1 FROM webhook_overdue_actions o WHERE o.action_id = a.id AND o.due_at = a.due_at)
          ORDER BY a.due_at LIMIT $2),
       claimed AS (
         INSERT INTO webhook_overdue_actions (action_id, due_at, noticed_at) SELECT id, due_at, $1 FROM due
         ON CONFLICT DO NOTHING RETURNING action_id, due_at)
       SELECT due.* FROM due JOIN claimed ON claimed.action_id = due.id AND claimed.due_at = due.due_at`,
      [now, limit],
    )) as {
      id: string;
      meeting_id: string;
      reference: string;
      due_at: Date;
      owner_agency: string;
      restricted: boolean;
    }[];
    return rows.map((r) => ({
      actionId: r.id,
      meetingId: r.meeting_id,
      meetingReference: r.reference,
      dueAt: r.due_at,
      ownerAgency: r.owner_agency,
      restricted: r.restricted,
    }));
  }

  /**
   * Which subscriptions may hear of which of these meetings, as "subscriptionId meetingId":
   * a meeting is its service account's organisation's when a professional of that agency
   * and organisation is a member (the rule the record export follows).
   */
  async subscriptionMeetingsOfOrganisation(
    tx: EntityManager,
    subscriptionIds: readonly string[],
    meetingIds: readonly string[],
  ): Promise<Set<string>> {
    if (subscriptionIds.length === 0 || meetingIds.length === 0) return new Set();
    const rows = (await tx.query(
      `SELECT DISTINCT s.id AS subscription_id, mm.meeting_id
         FROM webhook_subscriptions s
         JOIN users sa ON sa.id = s.service_account_id
         JOIN meeting_members mm ON mm.meeting_id = ANY($2::uuid[])
         JOIN users u ON u.id = mm.user_id
        WHERE s.id = ANY($1::uuid[]) AND u.kind = 'person' AND u.agency = sa.agency AND u.organisation = sa.organisation`,
      [subscriptionIds, meetingIds],
    )) as { subscription_id: string; meeting_id: string }[];
    return new Set(rows.map((r) => `${r.subscription_id} ${r.meeting_id}`));
  }

  /** Inserts deliveries, skipping any a subscription already has for the event; returns the new ids. */
  async insertDeliveries(tx: EntityManager, deliveries: readonly NewDelivery[]): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows = (await tx.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, event_key, body)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (subscription_id, event_key) DO NOTHING RETURNING id`,
      [
        deliveries.map((d) => d.subscriptionId),
        deliveries.map((d) => d.eventType),
        deliveries.map((d) => d.eventKey),
        deliveries.map((d) => d.body),
      ],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Pending deliveries older than `before` whose job was never sent (the process stopped in between). */
  async unsentDeliveries(before: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM webhook_deliveries WHERE job_sent_at IS NULL AND state = 'pending' AND created_at < $1
        ORDER BY created_at LIMIT $2`,
      [before, limit],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async markJobSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(`UPDATE webhook_deliveries SET job_sent_at = now() WHERE id = ANY($1)`, [ids]);
  }

  // ------------------------------------------------------------------ deliveries

  async deliveryToSend(id: string): Promise<DeliveryToSend | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT d.id, d.subscription_id, d.event_type, d.body, d.state, d.created_at, s.url, s.secret_sealed,
              (${LIVE}) AS subscription_live
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [id],
    )) as DeliveryToSend[];
    return row;
  }

  /** Locks a delivery for a change (a replay, an attempt's outcome). */
  async lockDelivery(tx: EntityManager, id: string): Promise<DeliveryRow | undefined> {
    const [row] = (await tx.query(
      `SELECT id, subscription_id, event_type, body, state, created_at FROM webhook_deliveries WHERE id = $1 FOR UPDATE`,
      [id],
    )) as DeliveryRow[];
    return row;
  }

  /** Records a try, numbered after the delivery's last, and sets the delivery's state. */
  async recordAttempt(tx: EntityManager, deliveryId: string, attempt: NewAttempt, state: string): Promise<void> {
    await tx.query(
      `INSERT INTO webhook_delivery_attempts
         (delivery_id, number, kind, started_at, duration_ms, status_code, succeeded, error, response_snippet, next_retry_at)
       SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9
         FROM webhook_delivery_attempts WHERE delivery_id = $1`,
      [
        deliveryId,
        attempt.kind,
        attempt.started_at,
        attempt.duration_ms,
        attempt.status_code,
        attempt.succeeded,
        attempt.error,
        attempt.response_snippet,
        attempt.next_retry_at,
      ],
    );
    await this.setDeliveryState(tx, deliveryId, state);
  }

  async setDeliveryState(tx: EntityManager, deliveryId: string, state: string): Promise<void> {
    await tx.query(`UPDATE webhook_deliveries SET state = $2 WHERE id = $1`, [deliveryId, state]);
  }

  /** The newest deliveries (of one subscription, or all), with their attempts. */
  async listDeliveries(
    subscriptionId: string | undefined,
    limit: number,
  ): Promise<{ deliveries: DeliveryRow[]; attempts: AttemptRow[] }> {
    const deliveries = (await this.dataSource.query(
      `SELECT id, subscription_id, event_type, body, state, created_at FROM webhook_deliveries
        WHERE $1::uuid IS NULL OR subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [subscriptionId ?? null, limit],
    )) as DeliveryRow[];
    return { deliveries, attempts: await this.attemptsOf(deliveries.map((d) => d.id)) };
  }

  async findDelivery(id: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[] } | undefined> {
    const [delivery] = (await this.dataSource.query(
      `SELECT id, subscription_id, event_type, body, state, created_at FROM webhook_deliveries WHERE id = $1`,
      [id],
    )) as DeliveryRow[];
    return delivery && { delivery, attempts: await this.attemptsOf([id]) };
  }

  private async attemptsOf(ids: readonly string[]): Promise<AttemptRow[]> {
    if (ids.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT delivery_id, number, kind, started_at, duration_ms, status_code, succeeded, error, response_snippet,
              next_retry_at
         FROM webhook_delivery_attempts WHERE delivery_id = ANY($1) ORDER BY delivery_id, number`,
      [ids],
    )) as AttemptRow[];
  }
}
