import { Injectable } from '@nestjs/common';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  NOTIFICATION_LIMITS,
  type Notification,
  type NotificationListResponse,
  type NotificationPreferences,
  REMINDER_KINDS,
  type ReminderKind,
} from '@roundtable/shared/notifications';
import type { EntityManager } from 'typeorm';
import { Clock, DomainError } from '../../platform';
import { type NewNotification, type NotificationRow, NotificationsRepository } from './notifications.repository';

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    meetingId: row.meetingId,
    meetingReference: row.meetingReference,
    link: row.link,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
  };
}

/**
 * A user's in-app notifications and which reminder kinds they also receive
 * by email. Other features raise notifications (`add`, in their transaction);
 * a notification names a meeting by reference only, never case content.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  /** Adds a notification (its id chosen by the caller) in the caller's transaction. */
  add(tx: EntityManager, notification: NewNotification): Promise<void> {
    return this.notifications.insert(tx, notification);
  }

  /** Whether the user receives this kind by email (read in the caller's transaction). */
  async wantsEmail(manager: EntityManager, userId: string, kind: ReminderKind): Promise<boolean> {
    const kinds = (await this.notifications.emailKinds(userId, manager)) ?? REMINDER_KINDS;
    return kinds.includes(kind);
  }

  async list(userId: string): Promise<NotificationListResponse> {
    const [rows, unreadCount] = await Promise.all([
      this.notifications.list(userId, NOTIFICATION_LIMITS.pageSize),
      this.notifications.unreadCount(userId),
    ]);
    return { notifications: rows.map(toNotification), unreadCount };
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.unreadCount(userId);
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.notifications.markRead(userId, id, this.clock.now()))) {
      throw new DomainError('NotFound', 'You have no notification with this id');
    }
  }

  markAllRead(userId: string): Promise<void> {
    return this.notifications.markAllRead(userId, this.clock.now());
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const kinds = await this.notifications.emailKinds(userId);
    return kinds ? { emailKinds: REMINDER_KINDS.filter((k) => kinds.includes(k)) } : DEFAULT_NOTIFICATION_PREFERENCES;
  }

  async setPreferences(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences> {
    const kinds = REMINDER_KINDS.filter((k) => preferences.emailKinds.includes(k));
    await this.notifications.setEmailKinds(userId, kinds);
    return { emailKinds: kinds };
  }
}
