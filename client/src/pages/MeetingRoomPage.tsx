import { MEETING_TYPE_LABELS } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, errorMessage, isApiError } from '../api';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { MeetingRoom } from '../room/MeetingRoom';
import { useMe } from '../session/useSession';

type RoomState =
  | { status: 'loading' }
  | { status: 'loaded'; meeting: MeetingDetail }
  | { status: 'not-found' }
  | { status: 'removed'; reference: string }
  | { status: 'failed'; message: string };

/** `/meetings/:id`: the meeting room. Non-members get 404 from the server, shown as "not found". */
export function MeetingRoomPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  // "Created" comes once, in history state, from the create form; forget it so a reload does not repeat the banner.
  const [created] = useState(() => (location.state as { created?: unknown } | null)?.created);
  useEffect(() => {
    if (location.state) void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [location.state, location.pathname, location.search, navigate]);
  const [room, setRoom] = useState<RoomState>({ status: 'loading' });
  usePageTitle(
    room.status === 'loaded'
      ? `${MEETING_TYPE_LABELS[room.meeting.type]} ${room.meeting.reference}`
      : room.status === 'not-found'
        ? 'Meeting not found'
        : room.status === 'removed'
          ? 'Access removed'
          : 'Meeting',
  );

  /** Fetches the meeting; a transient failure keeps the loaded room (with any offline edits) on screen. */
  const reload = useCallback(async (): Promise<MeetingDetail | null> => {
    try {
      const meeting = await api.meetings.get(id);
      setRoom({ status: 'loaded', meeting });
      return meeting;
    } catch (error) {
      // "Access removed" (from the live channel) says more than "not found": keep it.
      if (isApiError(error, 'MeetingNotFound', 'NotFound'))
        setRoom((current) => (current.status === 'removed' ? current : { status: 'not-found' }));
      else
        setRoom((current) =>
          current.status === 'loaded' ? current : { status: 'failed', message: errorMessage(error) },
        );
      return null;
    }
  }, [id]);

  useEffect(() => {
    setRoom({ status: 'loading' });
    void reload();
  }, [reload]);

  if (room.status === 'removed') {
    return (
      <>
        <PageHeading>Your access to {room.reference} has been removed</PageHeading>
        <p className="govuk-body" data-testid="access-removed">
          A chair removed you from this strategy discussion. Anything you had not sent may not have been saved.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to your meetings
          </Link>
        </p>
      </>
    );
  }

  if (room.status === 'not-found') {
    return (
      <>
        <PageHeading>Meeting not found</PageHeading>
        <p className="govuk-body">It may have been removed, or you may no longer be a member.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to your meetings
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      {room.status === 'loaded' && typeof created === 'string' && (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="created-banner-title"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="created-banner-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              {room.status === 'loaded' ? MEETING_TYPE_LABELS[room.meeting.type] : 'Meeting'} {created} has been
              created.
            </p>
            <p className="govuk-body">
              You are the chair.{' '}
              <a className="govuk-notification-banner__link" href="#invite-email">
                Invite members from other agencies
              </a>
              .
            </p>
          </div>
        </div>
      )}
      <PageHeading caption={room.status === 'loaded' ? MEETING_TYPE_LABELS[room.meeting.type] : 'Meeting'}>
        {room.status === 'loaded' ? room.meeting.reference : 'Loading the meeting…'}
      </PageHeading>
      {room.status === 'failed' && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">The strategy discussion could not be loaded</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{room.message}</p>
          </div>
        </div>
      )}
      {room.status === 'loaded' && (
        <MeetingRoom
          meeting={room.meeting}
          me={me}
          onMeetingChange={(meeting) => setRoom({ status: 'loaded', meeting })}
          reload={reload}
          onLostAccess={(reason) =>
            setRoom(
              reason === 'removed' ? { status: 'removed', reference: room.meeting.reference } : { status: 'not-found' },
            )
          }
        />
      )}
    </>
  );
}
