import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { useEffect, useRef, useState } from 'react';
import type { ConnectionSnapshot, ConnectionState } from '../collab/connectionState';

const TEXT: Record<Exclude<ConnectionState, 'closed'>, string> = {
  connecting: 'Connecting…',
  saved: 'Connected – all changes saved',
  saving: 'Saving…',
  offline: 'Offline – your changes are kept on this device and will be sent when the connection returns',
};

function closedText(code: number | null): string {
  switch (code) {
    case CLOSE_CODES.accessRevoked:
      return 'Disconnected – your access to this meeting has changed';
    case CLOSE_CODES.sessionEnded:
      return 'Disconnected – your session has ended. Sign in again to continue';
    case CLOSE_CODES.documentTooLarge:
      return 'Not saved – the record has reached its maximum size. Your latest change could not be saved';
    case CLOSE_CODES.rateLimited:
      return 'Paused – too many changes were sent at once. Reconnecting in a few seconds; your changes are kept on this device';
    case CLOSE_CODES.updateNotApplicable:
      return 'Reconnecting – a change reached the server out of order and is being sent again; your changes are kept on this device';
    case CLOSE_CODES.clientIdTaken:
      return 'Not saved – this page’s editing identity clashes with another person’s. Copy any text you need, then reload the page';
    case CLOSE_CODES.malformedMessage:
      return 'Disconnected – a change could not be saved. Reload the page to continue';
    default:
      return 'Disconnected – reload the page to continue';
  }
}

/** Only changes of connection are announced; "Saving…" flickering while typing is not. */
function announcementFor(previous: ConnectionState, next: ConnectionState): string | null {
  if (next === 'offline' && previous !== 'offline') return 'Connection lost. Your changes are kept on this device.';
  if ((next === 'saved' || next === 'saving') && previous === 'offline')
    return 'Connected again. Sending your changes.';
  return null;
}

/**
 * The connection indicator. Test hook: `#connection-status` (or the `id`
 * given, e.g. for the safety plan's connection) with `data-state` =
 * connecting | saved | saving | offline | closed. `announce: false` for a
 * second indicator on the page, so screen readers hear each change once.
 */
export function ConnectionStatus({
  connection,
  id = 'connection-status',
  announce = true,
}: {
  connection: ConnectionSnapshot;
  id?: string;
  announce?: boolean;
}) {
  const { state, closeCode } = connection;
  const previous = useRef<ConnectionState>(state);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const message = state === 'closed' ? closedText(closeCode) : announcementFor(previous.current, state);
    if (message && state !== previous.current) setAnnouncement(message);
    previous.current = state;
  }, [state, closeCode]);

  const text = state === 'closed' ? closedText(closeCode) : TEXT[state];
  return (
    <>
      <div className={`rt-connection rt-connection--${state}`} id={id} data-state={state}>
        <span className="rt-connection__dot" aria-hidden="true" />
        <span>{text}</span>
      </div>
      {announce && (
        <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      )}
    </>
  );
}
