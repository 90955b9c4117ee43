import { formatTimestamp } from '@roundtable/shared/dates';
import type { Notification, NotificationListResponse } from '@roundtable/shared/notifications';
import { REMINDER_KIND_LABELS } from '@roundtable/shared/notifications';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../api';
import { ProblemSummary } from '../layout/Banners';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { notificationsChanged } from './unreadCount';

/** The signed-in user's notifications, newest first: reminders of overdue actions, deadlines, escalations, meetings. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const [data, setData] = useState<NotificationListResponse | null>(null);
  const [problem, setProblem] = useState<string>();

  const load = useCallback(() => {
    api.notifications.list().then(setData, (error: unknown) => setProblem(errorMessage(error)));
  }, []);
  useEffect(load, [load]);

  async function change(action: () => Promise<void>) {
    setProblem(undefined);
    try {
      await action();
      notificationsChanged();
      load();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <>
      <PageHeading>Notifications</PageHeading>
      <p className="govuk-body">
        Reminders of overdue actions, statutory deadlines, escalations and meetings starting soon. They name the meeting
        by its reference only: open the meeting for the details.{' '}
        <Link className="govuk-link" to="/notifications/preferences">
          Choose which reminders you also get by email
        </Link>
        .
      </p>
      {problem && <ProblemSummary problem={problem} testId="notifications-problem" />}
      {data === null ? (
        !problem && (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )
      ) : data.notifications.length === 0 ? (
        <p className="govuk-body">You have no notifications.</p>
      ) : (
        <>
          <p className="govuk-body" role="status">
            {data.unreadCount === 0 ? 'All read.' : `${data.unreadCount} unread.`}
          </p>
          {data.unreadCount > 0 && (
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => void change(() => api.notifications.markAllRead())}
            >
              Mark all as read
            </button>
          )}
          <ul className="govuk-list rt-notifications" data-testid="notifications">
            {data.notifications.map((n) => (
              <NotificationItem
                key={n.id}
                notification={n}
                onRead={() => void change(() => api.notifications.markRead(n.id))}
              />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function NotificationItem({ notification: n, onRead }: { notification: Notification; onRead: () => void }) {
  return (
    <li className="govuk-!-margin-bottom-4 rt-notifications__item" data-unread={n.readAt === null || undefined}>
      <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
        {n.readAt === null && <strong className="govuk-tag govuk-!-margin-right-2">Unread</strong>}
        <Link className="govuk-link" to={n.link}>
          {n.title}
        </Link>
      </h2>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        {REMINDER_KIND_LABELS[n.kind]}. {formatTimestamp(n.createdAt)}.
      </p>
      {n.readAt === null && (
        <button type="button" className="govuk-link rt-link-button govuk-body-s" onClick={onRead}>
          Mark as read<span className="govuk-visually-hidden">: {n.title}</span>
        </button>
      )}
    </li>
  );
}
