import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OutboxMessage } from '@roundtable/shared/family';
import type { DataSource } from 'typeorm';

export type MailTransportKind = OutboxMessage['transport'];

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
});

/** The `mail_outbox` table: every email the server sent or, without SMTP_URL, would have sent. */
@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(message: {
    to: string;
    subject: string;
    text: string;
    transport: MailTransportKind;
    calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
  }): Promise<string> {
    const rows = (await this.dataSource.query(
      `INSERT INTO mail_outbox (to_address, subject, body_text, transport, calendar_method, calendar_ics)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        message.to,
        message.subject,
        message.text,
        message.transport,
        message.calendar?.method ?? null,
        message.calendar?.ics ?? null,
      ],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE mail_outbox SET sent_at = now(), error = NULL WHERE id = $1`, [id]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE mail_outbox SET error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  }

  /** One page of the outbox, newest first. */
  async page(page: number, pageSize: number): Promise<{ messages: OutboxMessage[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT id, to_address, subject, body_text, created_at, sent_at, transport, error, calendar_method
         FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    )) as OutboxRow[];
    const [count] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM mail_outbox`)) as { n: number }[];
    return { messages: rows.map(toMessage), total: count?.n ?? 0 };
  }
}
