import { z } from 'zod';

/**
 * In-app notifications and reminders (docs/NOTIFICATIONS.md). A reminder is
 * raised by the scheduled scan (server meeting/reminders) once per kind,
 * subject, stage and recipient; each is an in-app notification and, if the
 * recipient wants that kind by email, an email. Neither carries case content:
 * only the meeting's reference and type, a time, what kind of reminder it is
 * and a link — never a child's name, an action's text or the record's text.
 */
export const REMINDER_KINDS = [
  'action-overdue',
  'action-overdue-chair',
  'clock-approaching',
  'clock-passed',
  'escalation-stale',
  'meeting-soon',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  'action-overdue': 'An action you own is overdue',
  'action-overdue-chair': 'An action in a meeting you chair is still overdue',
  'clock-approaching': 'A statutory deadline is approaching',
  'clock-passed': 'A statutory deadline has passed',
  'escalation-stale': 'An escalation of dissent has had no step for a while',
  'meeting-soon': 'A meeting you are a member of starts soon',
};

export const ReminderKindSchema = z.enum(REMINDER_KINDS, {
  error: `Reminder kinds must be among: ${REMINDER_KINDS.join(', ')}`,
});

export const NOTIFICATION_LIMITS = {
  /** Notifications one page of the list holds. */
  pageSize: 50,
} as const;

export const NotificationSchema = z.object({
  id: z.uuid(),
  kind: ReminderKindSchema,
  /** One sentence without case content, e.g. "An action you own is overdue in SD-2026-0142". */
  title: z.string(),
  meetingId: z.uuid().nullable(),
  meetingReference: z.string().nullable(),
  /** A path in the app, e.g. /meetings/<id>. */
  link: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  readAt: z.iso.datetime({ offset: true }).nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListResponseSchema = z.object({
  notifications: z.array(NotificationSchema),
  unreadCount: z.number().int().min(0),
});
export type NotificationListResponse = z.infer<typeof NotificationListResponseSchema>;

export const UnreadCountResponseSchema = z.object({ unreadCount: z.number().int().min(0) });
export type UnreadCountResponse = z.infer<typeof UnreadCountResponseSchema>;

/** Which reminder kinds the user also receives by email (in-app they always do). */
export const NotificationPreferencesSchema = z.strictObject({
  emailKinds: z
    .array(ReminderKindSchema, { error: 'emailKinds must be a list of reminder kinds' })
    .max(REMINDER_KINDS.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'Each reminder kind may be listed once' }),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

/** Everyone gets every kind by email until they choose otherwise. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = { emailKinds: [...REMINDER_KINDS] };

// ---------------------------------------------------------------- administrators' view of the job queue

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;

export const JobQueueOverviewSchema = z.object({
  queues: z.array(
    z.object({
      name: z.string(),
      counts: z.record(z.enum(JOB_STATES), z.number().int()),
    }),
  ),
  recentFailures: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      retryCount: z.number().int(),
      failedAt: z.string(),
      error: z.string().nullable(),
    }),
  ),
  /** Jobs an administrator may run now (scheduled scans). */
  runnable: z.array(z.string()),
});
export type JobQueueOverviewResponse = z.infer<typeof JobQueueOverviewSchema>;

export const RunJobResponseSchema = z.object({ queued: z.boolean() });
export type RunJobResponse = z.infer<typeof RunJobResponseSchema>;

/** The scheduled scan that raises reminders. */
export const REMINDERS_SCAN_JOB = 'reminders-scan';
