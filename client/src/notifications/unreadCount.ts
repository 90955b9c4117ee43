import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { api } from '../api';

const CHANGED = 'rt:notifications-changed';

/** Tells the header's count to look again (after marking notifications read). */
export function notificationsChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** The signed-in user's unread notifications, asked again on each page change and after a change; null until known. */
export function useUnreadCount(enabled: boolean): number | null {
  const location = useLocation();
  const [count, setCount] = useState<number | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const bump = () => setTick((n) => n + 1);
    window.addEventListener(CHANGED, bump);
    return () => window.removeEventListener(CHANGED, bump);
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.notifications.unreadCount().then(
      (result) => {
        if (!cancelled) setCount(result.unreadCount);
      },
      () => undefined, // The count is a courtesy: the page itself shows any problem.
    );
    return () => {
      cancelled = true;
    };
  }, [enabled, location.pathname, tick]);

  return enabled ? count : null;
}
