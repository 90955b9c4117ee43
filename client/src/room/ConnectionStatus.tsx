import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { useEffect, useRef, useState } from 'react';
import type { ConnectionSnapshot, ConnectionState } from '../collab/connectionState';
import type { UnsavedPassage } from '../collab/unsavedText';

const TEXT: Record<Exclude<ConnectionState, 'closed' | 'not-saved' | 'offline'>, string> = {
  connecting: 'Connecting…',
  saved: 'Connected – all changes saved',
  saving: 'Saving…',
};

const NOT_SAVED_TEXT =
  'Not saved – the record stopped accepting your changes (the discussion concluded, or your role is now read-only) before the server received this text. Copy it into an addendum:';

/** True to what this browser can do: kept on the device (IndexedDB) survives a reload, kept in the tab does not. */
function offlineText(keptOnDevice: boolean): string {
  return keptOnDevice
    ? 'Offline – your changes are kept on this device and will be sent when the connection returns'
    : 'Offline – your changes are kept in this tab only and will be sent when the connection returns. Do not close or reload it';
}

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
function announcementFor(previous: ConnectionState, next: ConnectionState, keptOnDevice: boolean): string | null {
  if (next === 'offline' && previous !== 'offline') {
    return keptOnDevice
      ? 'Connection lost. Your changes are kept on this device.'
      : 'Connection lost. Your changes are kept in this tab only.';
  }
  if (next === 'not-saved') return 'Some of your text was not saved. Copy it into an addendum.';
  if ((next === 'saved' || next === 'saving') && previous === 'offline')
    return 'Connected again. Sending your changes.';
  return null;
}

/**
 * The connection indicator. Test hook: `#connection-status` (or the `id`
 * given, e.g. for the safety plan's connection) with `data-state` =
 * connecting | saved | saving | offline | not-saved | closed. `announce: false` for a
 * second indicator on the page, so screen readers hear each change once.
 * When not saved, the text the server lacks is listed under it
 * (`[data-unsaved-section]`), by section title (`sectionTitle`).
 */
export function ConnectionStatus({
  connection,
  id = 'connection-status',
  announce = true,
  sectionTitle = (key) => key,
}: {
  connection: ConnectionSnapshot;
  id?: string;
  announce?: boolean;
  sectionTitle?: (key: string) => string;
}) {
  const { state, closeCode } = connection;
  const keptOnDevice = connection.keptOnDevice ?? false;
  const previous = useRef<ConnectionState>(state);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const message = state === 'closed' ? closedText(closeCode) : announcementFor(previous.current, state, keptOnDevice);
    if (message && state !== previous.current) setAnnouncement(message);
    previous.current = state;
  }, [state, closeCode, keptOnDevice]);

  const text =
    state === 'closed'
      ? closedText(closeCode)
      : state === 'not-saved'
        ? NOT_SAVED_TEXT
        : state === 'offline'
          ? offlineText(keptOnDevice)
          : TEXT[state];
  return (
    <>
      <div className={`rt-connection rt-connection--${state}`} id={id} data-state={state}>
        <span className="rt-connection__dot" aria-hidden="true" />
        <span>{text}</span>
        {state === 'not-saved' && <NotSavedPassages passages={connection.notSaved ?? []} sectionTitle={sectionTitle} />}
      </div>
      {announce && (
        <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>
      )}
    </>
  );
}

/** The text on this screen the server does not hold, by section, ready to copy. */
function NotSavedPassages({
  passages,
  sectionTitle,
}: {
  passages: readonly UnsavedPassage[];
  sectionTitle: (key: string) => string;
}) {
  return (
    <dl className="govuk-summary-list govuk-!-margin-top-2 govuk-!-margin-bottom-0">
      {passages.map((passage, index) => (
        <div
          className="govuk-summary-list__row"
          key={`${passage.section}-${index}`}
          data-unsaved-section={passage.section}
        >
          <dt className="govuk-summary-list__key">{sectionTitle(passage.section)}</dt>
          <dd className="govuk-summary-list__value rt-not-saved__text">{passage.text}</dd>
        </div>
      ))}
    </dl>
  );
}
