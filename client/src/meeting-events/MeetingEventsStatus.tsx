import type { MeetingEventsConnection } from './useMeetingEvents';

function statusText(connection: MeetingEventsConnection, pendingCount: number): string {
  const waiting =
    pendingCount === 0
      ? ''
      : ` ${pendingCount === 1 ? '1 change is' : `${pendingCount} changes are`} waiting and will be sent once when the connection returns.`;
  switch (connection) {
    case 'connecting':
      return `Connecting to live decisions and actions…${waiting}`;
    case 'connected':
      return pendingCount === 0 ? 'Live: decisions and actions update as others change them' : 'Sending…';
    case 'offline':
      return `Offline – decisions and actions may be out of date.${waiting}`;
    case 'refused':
      return 'Disconnected – reload the page to see the latest decisions and actions';
    case 'removed':
      return 'Your access to this strategy discussion has been removed';
  }
}

/**
 * The state of the decisions and actions channel. Test hook: `#meeting-events-status`
 * with `data-state` = connecting | connected | offline | refused | removed.
 * Not a live region: the connection indicator for the record already announces
 * drops, and the two channels drop together.
 */
export function MeetingEventsStatus({
  connection,
  pendingCount,
}: {
  connection: MeetingEventsConnection;
  pendingCount: number;
}) {
  const state = connection === 'connected' ? 'saved' : connection === 'connecting' ? 'connecting' : 'offline';
  return (
    <div
      className={`rt-connection rt-connection--${state}`}
      id="meeting-events-status"
      data-state={connection}
      data-pending={pendingCount}
    >
      <span className="rt-connection__dot" aria-hidden="true" />
      <span>{statusText(connection, pendingCount)}</span>
    </div>
  );
}
