import { canEditDocument, canManageMeeting, canSignOffAddendum } from '@roundtable/shared/permissions';
import { MEETING_TYPE_LABELS } from '@roundtable/shared/pathway';
import { useConferenceRoom } from '../conferences/useConferenceRoom';
import { AddendaPanel } from '../lifecycle/AddendaPanel';
import { AttendancePanel } from '../lifecycle/AttendancePanel';
import { ClocksPanel } from '../lifecycle/ClocksPanel';
import { LifecycleBar } from '../lifecycle/LifecycleBar';
import { SectionAddenda } from '../lifecycle/SectionAddenda';
import { useAddenda } from '../lifecycle/useAddenda';
import { CLOSE_CODES } from '@roundtable/shared/realtime';
import type { FamilyFacingItem } from '@roundtable/shared/need-to-know';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { templateFor } from '@roundtable/shared/templates';
import { useEffect, useMemo } from 'react';
import { ActionLog } from '../actions/ActionLog';
import { AgendaBar } from './AgendaBar';
import { api } from '../api';
import { localColour } from '../collab/caretRendering';
import { useCollabSession } from '../collab/useCollabSession';
import { usePresence } from '../collab/usePresence';
import { DecisionPanel } from '../decisions/DecisionPanel';
import { LiveAnnouncer } from '../meeting-events/LiveAnnouncer';
import { MeetingEventsStatus } from '../meeting-events/MeetingEventsStatus';
import { useMeetingEvents } from '../meeting-events/useMeetingEvents';
import { SafetyPlan } from '../safety-plan/SafetyPlan';
import { ConnectionStatus } from './ConnectionStatus';
import { MeetingDetails } from './MeetingDetails';
import { MembersPanel } from './MembersPanel';
import { FamilyMembersPanel } from '../family-members/FamilyMembersPanel';
import { CirculationPanel } from '../circulation/CirculationPanel';
import { FinalRecordPanel } from '../records/FinalRecordPanel';
import { useFgdmRoom } from '../fgdm/useFgdmRoom';
import { PresenceList } from './PresenceList';
import { ProtectedPersonsPanel } from '../people/ProtectedPersonsPanel';
import { RecordEditor } from './RecordEditor';
import { RoomTabs } from './RoomTabs';
import { FamilyParticipationPanel } from '../family-participation/FamilyParticipationPanel';
import type { CaretUser } from './RecordSection';
import { useUnsavedChangesWarning } from './useUnsavedChangesWarning';
import { FamilyFacingToggle, FamilyVersionHint } from '../need-to-know/FamilyFacingToggle';
import { compartmentsOf, isFamilyFacing, sharingDecisionList } from '../need-to-know/needToKnowStore';
import { SectionCompartments } from '../need-to-know/SectionCompartments';
import { FamilyFacingProvider } from '../need-to-know/familyFacingContext';
import { SharingDecisions } from '../need-to-know/SharingDecisions';

interface MeetingRoomProps {
  meeting: MeetingDetail;
  me: UserResponse;
  onMeetingChange: (detail: MeetingDetail) => void;
  /** Fetches the meeting again; resolves to the fresh detail, or null if access is gone. */
  reload: () => Promise<MeetingDetail | null>;
  /** The user is no longer a member; `removed` when the server said their access was removed. */
  onLostAccess: (reason?: 'removed') => void;
}

/** A loaded meeting: details, members, presence, connection state, the live record, decisions and the action log. */
export function MeetingRoom({ meeting, me, onMeetingChange, reload, onLostAccess }: MeetingRoomProps) {
  // Once concluded the record is read-only for everyone; the server refuses writes and tells open editors at once.
  const concluded = meeting.status === 'concluded';
  const editable = canEditDocument(meeting.myRole, meeting.status);
  const addenda = useAddenda(meeting.id, meeting.status);
  const { session, connection, serverRole, reconnect } = useCollabSession(meeting.id, editable, {
    onClosed: (code) => {
      if (code === CLOSE_CODES.sessionEnded) {
        // Answers 401, which signs the user out and shows the sign-in page.
        api.auth.me().catch(() => undefined);
      } else if (code === CLOSE_CODES.accessRevoked) {
        // A role change or removal: fetch the meeting again and, if still a member, reconnect with the new role.
        void reload().then((detail) => detail && reconnect());
      }
    },
    onRefused: () => void reload(),
    onPermissionDenied: () => void reload(),
  });

  const events = useMeetingEvents(meeting.id, {
    onRoleChanged: () => void reload(),
    onAccessRemoved: () => onLostAccess('removed'),
    // Answers 404 (shown as not found) if we are no longer a member, or 401 (signs out) if the session ended.
    onRefused: () => void reload(),
    onDisconnectedByServer: () => void reload().then((detail) => detail && events.reconnect()),
    onStatusChanged: () => void reload(),
  });

  // A chair changed our role: the server re-publishes our presence with it. Fetch the meeting to follow.
  useEffect(() => {
    if (serverRole && serverRole !== meeting.myRole) void reload();
  }, [serverRole, meeting.myRole, reload]);
  useEffect(() => {
    if (events.role && events.role !== meeting.myRole) void reload();
  }, [events.role, meeting.myRole, reload]);
  const eventsLoaded = events.role !== null;
  // Conferences and core groups: their own tabs, and a banner while the parents are out of the room.
  const conference = useConferenceRoom(meeting, me);
  // Family group decision-making: the coordinator's stages, bottom lines, the family's plan and the support package.
  const fgdmTabs = useFgdmRoom(meeting, {
    refreshKey: events.familyActivityKeys.fgdm,
    connected: events.connection === 'connected',
  });
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

  const recordSections = templateFor(meeting.templates, 'record').sections;
  const sectionTitle = (key: string) => recordSections.find((section) => section.key === key)?.title ?? key;
  const isChair = meeting.myRole === 'chair';
  // Sealed versions are loaded again on every join and `record:sealed` (live), and when an addendum is signed off here.
  const sealedKey = `${events.sealedRecordsKey}:${addenda.addenda
    .filter((a) => a.signedOffAt)
    .map((a) => a.id)
    .join()}`;
  const safetyPlanSections = templateFor(meeting.templates, 'safety-plan').sections;
  const record = (
    <>
      <div className="rt-connection--sticky">
        <ConnectionStatus connection={connection} sectionTitle={sectionTitle} />
      </div>
      {isChair && <FamilyVersionHint />}
      <RecordEditor
        session={session}
        sections={recordSections}
        editable={editable}
        caretUser={caretUser}
        concluded={concluded}
        currentSectionKey={events.agenda?.sectionKey ?? null}
        afterSection={(key) => (
          <>
            <SectionCompartments
              meetingId={meeting.id}
              sectionKey={key}
              sectionTitle={sectionTitle(key)}
              compartments={compartmentsOf(events.needToKnow, key)}
              role={meeting.myRole}
              myAgency={me.agency}
              editable={editable}
              caretUser={caretUser}
              send={events.send}
              tools={
                isChair && (
                  <FamilyFacingToggle
                    meetingId={meeting.id}
                    item={{ type: 'section', id: key }}
                    name={sectionTitle(key)}
                    marked={isFamilyFacing(events.needToKnow, { type: 'section', id: key })}
                    send={events.send}
                  />
                )
              }
            />
            <SectionAddenda sectionKey={key} addenda={addenda} canSignOff={canSignOffAddendum(meeting.myRole)} />
          </>
        )}
      />
      {concluded && <FinalRecordPanel meetingId={meeting.id} concluded refreshKey={sealedKey} />}
      {concluded && isChair && <CirculationPanel meetingId={meeting.id} refreshKey={sealedKey} />}
      <AddendaPanel meeting={meeting} addenda={addenda} />
    </>
  );

  const familyFacing = {
    meetingId: meeting.id,
    canMark: isChair,
    isMarked: (item: FamilyFacingItem) => isFamilyFacing(events.needToKnow, item),
    send: events.send,
  };

  const room = (
    <div className="rt-room">
      <LifecycleBar meeting={meeting} decisions={events.decisions} onMeetingChange={onMeetingChange} />
      <AgendaBar
        agenda={events.agenda}
        sections={recordSections}
        role={meeting.myRole}
        status={meeting.status}
        send={events.send}
      />
      {conference.banner}
      <div className="rt-room__columns">
        <div className="rt-room__main">
          <RoomTabs
            label={`Contents of this ${MEETING_TYPE_LABELS[meeting.type].toLowerCase()}`}
            tabs={[
              { key: 'record', label: 'Record', content: record },
              ...fgdmTabs,
              ...conference.tabs,
              {
                key: 'safety-plan',
                label: 'Safety plan',
                content: (
                  <SafetyPlan
                    meeting={meeting}
                    me={me}
                    caretUser={caretUser}
                    reload={reload}
                    scores={events.safetyScores}
                    onScoresRecorded={events.scoresRecorded}
                    afterSection={(key) => (
                      <SectionCompartments
                        meetingId={meeting.id}
                        sectionKey={key}
                        sectionTitle={safetyPlanSections.find((section) => section.key === key)?.title ?? key}
                        compartments={compartmentsOf(events.needToKnow, key, 'safety-plan')}
                        role={meeting.myRole}
                        myAgency={me.agency}
                        editable={editable}
                        canAdd={false}
                        caretUser={caretUser}
                        send={events.send}
                      />
                    )}
                  />
                ),
              },
              {
                key: 'sharing',
                label: 'Information sharing',
                content: (
                  <SharingDecisions
                    meetingId={meeting.id}
                    decisions={sharingDecisionList(events.needToKnow)}
                    canRecord={meeting.myRole !== 'observer' && !concluded}
                    send={events.send}
                  />
                ),
              },
              {
                key: 'family',
                label: 'The family',
                content: (
                  <FamilyParticipationPanel
                    meeting={meeting}
                    refreshKey={`${events.familyActivityKeys['family-view']}:${events.familyActivityKeys['safety-plan-signature']}:${events.familyActivityKeys['family-attendance']}`}
                  />
                ),
              },
              {
                key: 'details',
                label: 'Details and timescales',
                content: (
                  <>
                    <MeetingDetails meeting={meeting} onMeetingChange={onMeetingChange} />
                    <ClocksPanel meeting={meeting} onMeetingChange={onMeetingChange} />
                  </>
                ),
              },
              {
                key: 'people',
                label: canManageMeeting(meeting.myRole) ? 'People and invitations' : 'People',
                content: (
                  <>
                    <AttendancePanel
                      meeting={meeting}
                      me={me}
                      register={events.attendance}
                      onRecorded={events.attendanceRecorded}
                    />
                    <MembersPanel
                      meeting={meeting}
                      me={me}
                      onMeetingChange={onMeetingChange}
                      onLostAccess={onLostAccess}
                    />
                    <FamilyMembersPanel meetingId={meeting.id} role={meeting.myRole} status={meeting.status} />
                    <ProtectedPersonsPanel
                      meetingId={meeting.id}
                      me={me}
                      role={meeting.myRole}
                      status={meeting.status}
                      people={events.protectedPersons}
                      loaded={eventsLoaded}
                      send={events.send}
                    />
                  </>
                ),
              },
            ]}
          />
        </div>
        {/* Always in view beside the record on a desktop: who is here, the decisions and the action log. */}
        <section
          className="rt-room__side"
          aria-label="Live meeting: people, decisions and actions"
          data-testid="room-side-panel"
        >
          <div className="rt-room__presence">
            <PresenceList
              me={me}
              myRole={meeting.myRole}
              people={people}
              announcement={announcement}
              connected={connected}
            />
          </div>
          {/* Scrolls on its own on a desktop: focusable, so it scrolls from the keyboard even with no controls in it. */}
          <div className="rt-room__live" role="region" aria-label="Decisions and actions" tabIndex={0}>
            <MeetingEventsStatus connection={events.connection} pendingCount={events.pendingCount} />
            <DecisionPanel
              meeting={meeting}
              me={me}
              role={meeting.myRole}
              decisions={events.decisions}
              loaded={eventsLoaded}
              send={events.send}
            />
            <ActionLog
              meeting={meeting}
              role={meeting.myRole}
              myUserId={me.id}
              myAgency={me.agency}
              actions={events.actions}
              decisions={events.decisions}
              loaded={eventsLoaded}
              send={events.send}
            />
          </div>
        </section>
      </div>
      <LiveAnnouncer text={events.announcement.text} announcementKey={events.announcement.key} />
    </div>
  );

  return <FamilyFacingProvider value={familyFacing}>{room}</FamilyFacingProvider>;
}
