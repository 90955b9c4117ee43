import type {
  AttendanceChangedEvent,
  FamilyActivityEvent,
  RecordSealedEvent,
  SafetyScoresChangedEvent,
} from '@roundtable/shared/meeting-events';

/**
 * What the meeting area tells the members of a meeting who are in its room
 * right now, after a change has committed: facts that change outside the
 * `/meetings` events themselves (a score recorded over HTTP, presence,
 * apologies). The meeting area owns this interface; the realtime area, which
 * holds the socket.io namespace, provides it (to every instance, through the
 * Redis adapter). Delivery is best effort: a client that missed an event
 * gets the current state when it (re)joins.
 *
 * Who receives it: the meeting's room holds exactly the sockets whose user
 * passed the membership check when joining, and a removal takes them out at
 * once. Scores and the attendance register are shown to every member,
 * whatever their role (as GET .../safety-plan/scores and GET .../attendance
 * are), so the room is the audience. So are sealed record versions: every
 * member, observers included, may list them (GET .../records); auditors may
 * too, but they are not members and never in the room, and the event carries
 * only the version number, never content. Family activity (a family
 * member's views, a safety-plan signature, family attendance, the FGDM's
 * state) carries only its kind: every member may read each of these
 * (GET .../family-views, .../safety-plan/signatures, .../family-attendance,
 * .../fgdm), and the client loads the route again on the event.
 */
export abstract class MeetingBroadcasts {
  abstract safetyScoresChanged(event: SafetyScoresChangedEvent): void;
  abstract attendanceChanged(event: AttendanceChangedEvent): void;
  abstract recordSealed(event: RecordSealedEvent): void;
  abstract familyActivity(event: FamilyActivityEvent): void;
}
