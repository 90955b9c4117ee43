import { Link } from 'react-router';
import { useUnreadCount } from './unreadCount';

/** The header's link to the notifications page, with the unread count in words for screen readers. */
export function NotificationsLink() {
  const unread = useUnreadCount(true);
  return (
    <Link className="govuk-link" to="/notifications" data-testid="notifications-link">
      Notifications
      {unread !== null && unread > 0 && (
        <>
          {' '}
          <strong className="govuk-tag govuk-tag--red rt-unread-count" aria-hidden="true">
            {unread}
          </strong>
          <span className="govuk-visually-hidden">, {unread} unread</span>
        </>
      )}
    </Link>
  );
}
