import { canEditRecord } from '@roundtable/shared/constants';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { useEffect, useMemo } from 'react';
import { roundtableApi } from '../api/roundtableApi';
import { localColour } from '../collab/caretRendering';
import { useCollabSession } from '../collab/useCollabSession';
import { usePresence } from '../collab/usePresence';
import { ConnectionStatus } from './ConnectionStatus';
import { MeetingDetails } from './MeetingDetails';
import { MembersPanel } from './MembersPanel';
import { PresenceList } from './PresenceList';
import { RecordEditor } from './RecordEditor';
import type { CaretUser } from './RecordSection';
import { useUnsavedChangesWarning } from './useUnsavedChangesWarning';

interface MeetingRoomProps {
  meeting: MeetingDetail;
  me: UserResponse;
  onMeetingChange: (detail: MeetingDetail) => void;
  /** Fetches the meeting again; resolves to the fresh detail, or null if access is gone. */
  reload: () => Promise<MeetingDetail | null>;
  onLostAccess: () => void;
}

/** A loaded meeting: details, members, presence, connection state and the live record. */
export function MeetingRoom({ meeting, me, onMeetingChange, reload, onLostAccess }: MeetingRoomProps) {
  const editable = canEditRecord(meeting.myRole);
  const { session, connection, serverRole, reconnect } = useCollabSession(meeting.id, editable, {
    onClosed: (code) => {
      if (code === CLOSE_CODES.sessionEnded) {
        // Answers 401, which signs the user out and shows the sign-in page.
        roundtableApi.me().catch(() => undefined);
      } else if (code === CLOSE_CODES.accessRevoked) {
        // A role change or removal: fetch the meeting again and, if still a member, reconnect with the new role.
        void reload().then((detail) => detail && reconnect());
      }
    },
    onRefused: () => void reload(),
    onPermissionDenied: () => void reload(),
  });

  // A chair changed our role: the server re-publishes our presence with it. Fetch the meeting to follow.
  useEffect(() => {
    if (serverRole && serverRole !== meeting.myRole) void reload();
  }, [serverRole, meeting.myRole, reload]);
  const connected = connection.state === 'saved' || connection.state === 'saving';
  const { people, announcement } = usePresence(session?.provider ?? null, me.id, connected);
  useUnsavedChangesWarning(
    connection.hasUnsavedChanges && (connection.state === 'offline' || connection.state === 'closed'),
  );

  const myColour = localColour(me.id);
  // Our own awareness `user` (for our caret elsewhere until the server rewrites it). Stable, so editors are not rebuilt.
  const caretUser = useMemo<CaretUser>(
    () => ({ id: me.id, name: me.displayName, color: myColour, colour: myColour }),
    [me.id, me.displayName, myColour],
  );

  return (
    <>
      <MeetingDetails meeting={meeting} onMeetingChange={onMeetingChange} />
      <nav className="rt-contents" aria-label="On this page">
        <h2 className="govuk-heading-s govuk-!-margin-bottom-2">On this page</h2>
        <ul className="govuk-list">
          <li>
            <a className="govuk-link" href="#record">
              Record of the discussion
            </a>
          </li>
          <li>
            <a className="govuk-link" href="#members">
              {meeting.myRole === 'chair' ? 'Members and invitations' : 'Members'}
            </a>
          </li>
        </ul>
      </nav>
      <div className="govuk-grid-row govuk-!-margin-top-6">
        <div className="govuk-grid-column-two-thirds">
          <div className="rt-connection--sticky">
            <ConnectionStatus connection={connection} />
          </div>
          <RecordEditor session={session} editable={editable} caretUser={caretUser} />
        </div>
        <div className="govuk-grid-column-one-third">
          <PresenceList
            me={me}
            myRole={meeting.myRole}
            people={people}
            announcement={announcement}
            connected={connected}
          />
        </div>
      </div>
      <MembersPanel meeting={meeting} me={me} onMeetingChange={onMeetingChange} onLostAccess={onLostAccess} />
    </>
  );
}
