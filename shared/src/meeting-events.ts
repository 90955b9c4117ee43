/**
 * The socket.io channel for meeting events: decisions, agency views, dissent
 * and escalation, and the action log. One namespace on the same port as HTTP,
 * authenticated at the handshake with the session cookie, every event
 * authorised against the meeting's membership and role. See docs/REALTIME.md.
 */
import { z } from 'zod';
import type { AgendaState, SetAgendaRequest } from './agenda';
import type { ActionResponse, CreateActionRequest, SetActionStatusRequest, UpdateActionRequest } from './actions';
import { AGENCIES, type Agency, type MeetingRole } from './constants';
import type {
  AddEscalationStepRequest,
  CloseDecisionRequest,
  CorrectLaDecisionRequest,
  DecisionResponse,
  OpenDecisionRequest,
  RecordDissentRequest,
  RecordLaDecisionRequest,
  RecordViewRequest,
  ResolveEscalationRequest,
} from './decisions';
import type { ErrorCode, FieldError } from './errors';
import type { FlagActionRequest, FlagViewRequest } from './templates';
import type { FamilyFacingItem, SetFamilyFacingRequest } from './need-to-know';
import type {
  CompartmentView,
  CreateCompartmentRequest,
  RecordSharingDecisionRequest,
  ShareCompartmentRequest,
  SharingDecisionResponse,
} from './need-to-know';
import type { AddProtectedPersonRequest, ProtectedPersonResponse, ShareProtectedPersonRequest } from './need-to-know';
import { type AttendanceRegister, AttendanceRegisterSchema, type MeetingStatus } from './lifecycle';
import {
  type SafetyPlanScoresResponse,
  SafetyPlanScoresResponseSchema,
  SafetyScoreResponseSchema,
} from './safety-plan';

/** The socket.io namespace (socket.io's default path `/socket.io/` on the HTTP port). */
export const MEETINGS_NAMESPACE = '/meetings';

/** socket.io room of one meeting; a socket joins it only after a membership check. */
export function meetingRoom(meetingId: string): string {
  return `meeting:${meetingId}`;
}

/**
 * socket.io room of one member's sockets in one meeting: need-to-know events
 * (what only an audience may read) go to these, one payload per reader.
 */
export function meetingMemberRoom(meetingId: string, userId: string): string {
  return `meeting:${meetingId}:member:${userId}`;
}

export const JoinMeetingRequestSchema = z.strictObject({ meetingId: z.uuid({ error: 'meetingId must be an id' }) });
export type JoinMeetingRequest = z.input<typeof JoinMeetingRequestSchema>;

/** Everything a client in the room needs: sent on join and again on every reconnect. */
export interface MeetingEventsState {
  meetingId: string;
  /** The signed-in user the state is for (so a client can tell its own changes from others'). */
  userId: string;
  role: MeetingRole;
  /** Oldest first. */
  decisions: DecisionResponse[];
  /** Soonest due first. */
  actions: ActionResponse[];
  /** The section of the record being discussed now (the chair moves it). */
  agenda: AgendaState;
  /** The safety plan's scaling scores: each agency's current score and the history. */
  safetyScores: SafetyPlanScoresResponse;
  /** The attendance register as it stands (live presence included). */
  attendance: AttendanceRegister;
  /** What the chair has marked family-facing: only these reach the family version of the sealed record. */
  familyFacing: FamilyFacingItem[];
  /**
   * Restricted compartments beside the record, oldest first, as this reader
   * may see each: open (in its audience) or withheld (where it is, and the notice).
   */
  compartments: CompartmentView[];
  /**
   * Information-sharing decisions this reader may read (the chair, the
   * deciding agency's members and, for a compartment's, its audience), oldest first.
   */
  sharingDecisions: SharingDecisionResponse[];
  /** People whose identity is protected (DOMAIN §6 rule 5), oldest first; `name` is null outside each audience. */
  protectedPersons: ProtectedPersonResponse[];
}

/** The error half of every acknowledgement. */
export interface EventError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

/** Every client event is acknowledged with one of these. */
export type AckResponse<T> = { ok: true; data: T } | { ok: false; error: EventError };
export type Ack<T> = (response: AckResponse<T>) => void;

/**
 * What just happened, for screen-reader announcements ("Police recorded their
 * view") and activity feeds. Carries no free text from the entry itself.
 */
export const MEETING_ACTIVITY_KINDS = [
  'decision-opened',
  'decision-closed',
  'view-recorded',
  'view-changed',
  'la-decision-recorded',
  'la-decision-corrected',
  'dissent-recorded',
  'escalation-step',
  'escalation-resolved',
  'action-created',
  'action-updated',
  'action-status-changed',
  'view-flagged',
  'action-flagged',
  'agenda-moved',
  'safety-score-recorded',
  'apology-recorded',
  'family-facing-changed',
  'compartment-created',
  'compartment-shared',
  'sharing-decision-recorded',
  'protected-person-added',
  'protected-person-shared',
] as const;
export type MeetingActivityKind = (typeof MEETING_ACTIVITY_KINDS)[number];

export interface MeetingActivity {
  kind: MeetingActivityKind;
  /** Display name of the member who made the change. */
  actor: string;
  agency: Agency;
}

export const MeetingActivitySchema = z.object({
  kind: z.enum(MEETING_ACTIVITY_KINDS),
  actor: z.string(),
  agency: z.enum(AGENCIES),
});

/**
 * `safety-plan:scores-changed`: an agency recorded a scaling score (over HTTP
 * or any other path), after it committed. `scores` is every score as read
 * after the commit; scores are append-only, so of two events the one with
 * the longer `history` is the newer. `recorded` is the new score itself.
 */
export const SafetyScoresChangedEventSchema = z.object({
  meetingId: z.uuid(),
  scores: SafetyPlanScoresResponseSchema,
  recorded: SafetyScoreResponseSchema,
  activity: MeetingActivitySchema,
});
export type SafetyScoresChangedEvent = z.infer<typeof SafetyScoresChangedEventSchema>;

/**
 * `attendance:changed`: someone joined or left the room, apologies were
 * recorded, or the discussion started or concluded. `register` is read after
 * the change committed; keep the one with the latest `asOf`. `activity` is
 * set for apologies (joining and leaving are announced by the presence list).
 */
export const AttendanceChangedEventSchema = z.object({
  meetingId: z.uuid(),
  register: AttendanceRegisterSchema,
  activity: MeetingActivitySchema.nullable(),
  /** Who made the change (with `activity`), so their own client does not announce it to them; else null. */
  actorUserId: z.uuid().nullable(),
});
export type AttendanceChangedEvent = z.infer<typeof AttendanceChangedEventSchema>;

/**
 * `record:sealed`: a version of the meeting's sealed record was stored (version
 * 1 at conclusion, a later one after an addendum's sign-off), after it
 * committed. Only the version number: the content stays behind
 * GET /api/meetings/:id/records, which a client loads again on this event.
 */
export const RecordSealedEventSchema = z.object({
  meetingId: z.uuid(),
  version: z.number().int().positive(),
});
export type RecordSealedEvent = z.infer<typeof RecordSealedEventSchema>;

/**
 * What the family (or the FGDM's coordinator) just changed, with no content:
 * `family-view` a family member sent their views; `safety-plan-signature` a
 * family member signed the safety plan; `family-attendance` the chair recorded
 * a family member's attendance; `fgdm` the FGDM state changed (a stage, a
 * bottom line, the family presented their plan, a response, a support item).
 */
export const FAMILY_ACTIVITY_KINDS = ['family-view', 'safety-plan-signature', 'family-attendance', 'fgdm'] as const;
export type FamilyActivityKind = (typeof FAMILY_ACTIVITY_KINDS)[number];

/**
 * `family:activity`: sent after the change committed. Only the kind, never
 * text or names: the client loads the matching GET route again
 * (`/family-views`, `/safety-plan/signatures`, `/family-attendance`, `/fgdm`),
 * each readable by every member of the meeting.
 */
export const FamilyActivityEventSchema = z.strictObject({
  meetingId: z.uuid(),
  kind: z.enum(FAMILY_ACTIVITY_KINDS),
});
export type FamilyActivityEvent = z.infer<typeof FamilyActivityEventSchema>;

export interface DecisionChangedEvent {
  decision: DecisionResponse;
  activity: MeetingActivity;
}

export interface ActionChangedEvent {
  action: ActionResponse;
  activity: MeetingActivity;
}

/** The chair moved the discussion to another section of the record (or to none). */
export interface AgendaChangedEvent {
  agenda: AgendaState;
  activity: MeetingActivity;
}

/** The chair marked an item family-facing or took the mark away; `items` is every mark after the change. */
export interface FamilyFacingChangedEvent {
  meetingId: string;
  items: FamilyFacingItem[];
  activity: MeetingActivity;
}

/**
 * `compartment:changed`: a restricted compartment was created, widened or
 * lifted. Each member receives the compartment as they may see it: open for
 * its audience, withheld (where it is and the notice) for everyone else.
 */
export interface CompartmentChangedEvent {
  compartment: CompartmentView;
  activity: MeetingActivity;
}

/** `sharing-decision:recorded`: sent only to those who may read the decision. */
export interface SharingDecisionRecordedEvent {
  decision: SharingDecisionResponse;
  activity: MeetingActivity;
}

/** A protected person was added or widened; each reader gets their own copy (`name` null outside the audience). */
export interface ProtectedPersonChangedEvent {
  person: ProtectedPersonResponse;
  activity: MeetingActivity;
}

/** The signed-in user's role in a meeting changed; `null` means they were removed from it. */
export interface AccessChangedEvent {
  meetingId: string;
  role: MeetingRole | null;
}

/** The meeting started or concluded (scheduled → live → concluded); reload its details. */
export interface MeetingStatusChangedEvent {
  meetingId: string;
  status: MeetingStatus;
}

export interface ClientToServerEvents {
  'meeting:join': (payload: JoinMeetingRequest, ack: Ack<MeetingEventsState>) => void;
  'meeting:leave': (payload: JoinMeetingRequest, ack: Ack<null>) => void;
  'decision:open': (payload: OpenDecisionRequest, ack: Ack<DecisionResponse>) => void;
  'decision:close': (payload: CloseDecisionRequest, ack: Ack<DecisionResponse>) => void;
  'view:record': (payload: RecordViewRequest, ack: Ack<DecisionResponse>) => void;
  'la-decision:record': (payload: RecordLaDecisionRequest, ack: Ack<DecisionResponse>) => void;
  'la-decision:correct': (payload: CorrectLaDecisionRequest, ack: Ack<DecisionResponse>) => void;
  'dissent:record': (payload: RecordDissentRequest, ack: Ack<DecisionResponse>) => void;
  'escalation:add-step': (payload: AddEscalationStepRequest, ack: Ack<DecisionResponse>) => void;
  'escalation:resolve': (payload: ResolveEscalationRequest, ack: Ack<DecisionResponse>) => void;
  'action:create': (payload: CreateActionRequest, ack: Ack<ActionResponse>) => void;
  'action:update': (payload: UpdateActionRequest, ack: Ack<ActionResponse>) => void;
  'action:set-status': (payload: SetActionStatusRequest, ack: Ack<ActionResponse>) => void;
  /** Flags (or clears the flag of) an agency view: its recorder or the chair. */
  'view:flag': (payload: FlagViewRequest, ack: Ack<DecisionResponse>) => void;
  /** Flags (or clears the flag of) an action: whoever recorded it or the chair. */
  'action:flag': (payload: FlagActionRequest, ack: Ack<ActionResponse>) => void;
  /** Moves the discussion to a section of the record (the chair; not once concluded). */
  'agenda:set': (payload: SetAgendaRequest, ack: Ack<AgendaState>) => void;
  /** Marks an item family-facing or takes the mark away (the chair); acknowledged with every mark. */
  'family-facing:set': (payload: SetFamilyFacingRequest, ack: Ack<FamilyFacingItem[]>) => void;
  /** Records restricted information beside a section: a compartment its creator's agency owns (not observers). */
  'compartment:create': (payload: CreateCompartmentRequest, ack: Ack<CompartmentView>) => void;
  /** Widens or lifts a compartment's audience: its owning agency, or the chair; a recorded sharing decision. */
  'compartment:share': (payload: ShareCompartmentRequest, ack: Ack<CompartmentView>) => void;
  /** Records a decision to share, or not to share, information (not observers). */
  'sharing-decision:record': (payload: RecordSharingDecisionRequest, ack: Ack<SharingDecisionResponse>) => void;
  /** Names a person whose identity is protected (any member but an observer); the adder's agency owns it. */
  'protected-person:add': (payload: AddProtectedPersonRequest, ack: Ack<ProtectedPersonResponse>) => void;
  /** Widens or lifts who may know their name (the owning agency, or the chair with a reason). */
  'protected-person:share': (payload: ShareProtectedPersonRequest, ack: Ack<ProtectedPersonResponse>) => void;
}

export interface ServerToClientEvents {
  'decision:changed': (event: DecisionChangedEvent) => void;
  'action:changed': (event: ActionChangedEvent) => void;
  'meeting:access-changed': (event: AccessChangedEvent) => void;
  'meeting:status-changed': (event: MeetingStatusChangedEvent) => void;
  'agenda:changed': (event: AgendaChangedEvent) => void;
  'safety-plan:scores-changed': (event: SafetyScoresChangedEvent) => void;
  'attendance:changed': (event: AttendanceChangedEvent) => void;
  'record:sealed': (event: RecordSealedEvent) => void;
  'family:activity': (event: FamilyActivityEvent) => void;
  'family-facing:changed': (event: FamilyFacingChangedEvent) => void;
  'compartment:changed': (event: CompartmentChangedEvent) => void;
  'sharing-decision:recorded': (event: SharingDecisionRecordedEvent) => void;
  'protected-person:changed': (event: ProtectedPersonChangedEvent) => void;
}

export type ClientEventName = keyof ClientToServerEvents;
