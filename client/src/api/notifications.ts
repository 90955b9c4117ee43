import type {
  JobQueueOverviewResponse,
  NotificationListResponse,
  NotificationPreferences,
  RunJobResponse,
  UnreadCountResponse,
} from '@roundtable/shared/notifications';
import { apiRequest } from './http';

/** The signed-in user's notifications and email preferences (docs/NOTIFICATIONS.md). */
export const notificationsApi = {
  list: () => apiRequest<NotificationListResponse>('GET', '/api/notifications'),
  unreadCount: () => apiRequest<UnreadCountResponse>('GET', '/api/notifications/unread-count'),
  markRead: (id: string) => apiRequest<void>('POST', `/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => apiRequest<void>('POST', '/api/notifications/read-all'),
  preferences: () => apiRequest<NotificationPreferences>('GET', '/api/notifications/preferences'),
  setPreferences: (body: NotificationPreferences) =>
    apiRequest<NotificationPreferences>('PUT', '/api/notifications/preferences', body),
};

/** The job queue (administrators only; the server refuses anyone else). */
export const jobsApi = {
  overview: () => apiRequest<JobQueueOverviewResponse>('GET', '/api/admin/jobs'),
  run: (name: string) => apiRequest<RunJobResponse>('POST', `/api/admin/jobs/${encodeURIComponent(name)}/run`),
};
