import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OutboxMessage } from '@roundtable/shared/family';
import type { DataSource, EntityManager } from 'typeorm';

export type MailTransportKind = OutboxMessage['transport'];

/** How long one hand-over to the mail server may take before the sweep may try the message again. */
export const MAIL_LEASE_MS = 5 * 60_000;

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Date;
  sent_at: Date | null;
  transport: MailTransportKind;
  error: string | null;
  calendar_method: 'REQUEST' | 'CANCEL' | null;
  attempts: number;
  next_attempt_at: Date | null;
  given_up_at: Date | null;
}

/** An SMTP message due for a hand-over, as stored. */
export interface DueMail {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  calendar_method: 'REQUEST' | 'CANCEL' | null;
  calendar_ics: string | null;
  attempts: number;
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  id: row.id,
  toAddress: row.to_address,
  subject: row.subject,
  bodyText: row.body_text,
  createdAt: row.created_at.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null,
  transport: row.transport,
  error: row.error,
  calendarMethod: row.calendar_method,
  attempts: row.attempts,
  nextAttemptAt: row.sent_at || row.given_up_at ? null : (row.next_attempt_at?.toISOString() ?? null),
  givenUpAt: row.given_up_at?.toISOString() ?? null,
});

/** The `mail_outbox` table: every email the server sent or, without SMTP_URL, would have sent. */
@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a message. An SMTP one is recorded as handed over once, leased
   * until `now + MAIL_LEASE_MS`: if the process stops before the hand-over
   * ends, the sweep finds it due then. In `tx` when given (it is recorded
   * only if the caller's change commits).
   */
  async insert(
    message: {
      to: string;
      subject: string;
      text: string;
      transport: MailTransportKind;
      calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
    },
    now: Date,
    tx?: EntityManager,
  ): Promise<string> {
    const smtp = message.transport === 'smtp';
    const rows = (await (tx ?? this.dataSource).query(
      `INSERT INTO mail_outbox (to_address, subject, body_text, transport, calendar_method, calendar_ics,
                                attempts, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        message.to,
        message.subject,
        message.text,
        message.transport,
        message.calendar?.method ?? null,
        message.calendar?.ics ?? null,
        smtp ? 1 : 0,
        smtp ? new Date(now.getTime() + MAIL_LEASE_MS) : null,
      ],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  /**
   * Takes up to `limit` SMTP messages due at `now` for one more hand-over each,
   * leased until `now + MAIL_LEASE_MS`. SKIP LOCKED: sweeps running at once on
   * several instances never take the same message.
   */
  async claimDue(now: Date, limit: number): Promise<DueMail[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE transport = 'smtp' AND sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= $1
                      ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, body_text, calendar_method, calendar_ics, attempts`,
      [now, new Date(now.getTime() + MAIL_LEASE_MS), limit],
    )) as [DueMail[], number];
    return rows;
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET sent_at = $2, error = NULL, next_attempt_at = NULL WHERE id = $1`,
      [id, now],
    );
  }

  /** A failed hand-over: due again at `retryAt`, or given up (null). */
  async markFailed(id: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox
          SET error = $2,
              next_attempt_at = $3,
              given_up_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
        WHERE id = $1`,
      [id, error.slice(0, 500), retryAt, now],
    );
  }

  /** One page of the outbox, newest first. */
  async page(page: number, pageSize: number): Promise<{ messages: OutboxMessage[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT id, to_address, subject, body_text, created_at, sent_at, transport, error, calendar_method,
              attempts, next_attempt_at, given_up_at
         FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    )) as OutboxRow[];
    const [count] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM mail_outbox`)) as { n: number }[];
    return { messages: rows.map(toMessage), total: count?.n ?? 0 };
  }
}
