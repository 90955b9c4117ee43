import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReminderKind } from '@roundtable/shared/notifications';
import type { DataSource, EntityManager } from 'typeorm';

export interface NotificationRow {
  id: string;
  kind: ReminderKind;
  title: string;
  meetingId: string | null;
  meetingReference: string | null;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewNotification {
  id: string;
  userId: string;
  kind: ReminderKind;
  title: string;
  meetingId: string | null;
  meetingReference: string | null;
  link: string;
  createdAt: Date;
}

const COLUMNS = `id, kind, title, meeting_id AS "meetingId", meeting_reference AS "meetingReference", link,
                 created_at AS "createdAt", read_at AS "readAt"`;

/** `notifications` and `notification_preferences`. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a notification in the caller's transaction. */
  async insert(tx: EntityManager, n: NewNotification): Promise<void> {
    await tx.query(
      `INSERT INTO notifications (id, user_id, kind, title, meeting_id, meeting_reference, link, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [n.id, n.userId, n.kind, n.title, n.meetingId, n.meetingReference, n.link, n.createdAt],
    );
  }

  /** The user's latest notifications, newest first. */
  list(userId: string, limit: number): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [userId, limit],
    );
  }

  async unreadCount(userId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  /** Marks one of the user's notifications read (once); false when the user has no such notification. */
  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    // A CTE, so the driver returns the rows (a bare UPDATE … RETURNING comes back as [rows, count]).
    const rows = (await this.dataSource.query(
      `WITH marked AS (UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id)
       SELECT id FROM marked`,
      [id, userId, at],
    )) as unknown[];
    return rows.length > 0;
  }

  async markAllRead(userId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [
      userId,
      at,
    ]);
  }

  /** The kinds the user receives by email; null when they never chose (every kind). */
  async emailKinds(userId: string, manager: EntityManager = this.dataSource.manager): Promise<ReminderKind[] | null> {
    const rows = (await manager.query(`SELECT email_kinds FROM notification_preferences WHERE user_id = $1`, [
      userId,
    ])) as { email_kinds: ReminderKind[] }[];
    return rows[0]?.email_kinds ?? null;
  }

  async setEmailKinds(userId: string, kinds: readonly ReminderKind[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, email_kinds, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET email_kinds = EXCLUDED.email_kinds, updated_at = now()`,
      [userId, kinds],
    );
  }
}
