/**
 * Builders for the shared contract's response types, for the client's tests:
 * each call makes a fresh, valid object; pass only what a test is about.
 */
import type { ActionResponse, MyAction } from '@roundtable/shared/actions';
import { S47_THRESHOLD_TEMPLATE, type DecisionResponse, type PersonRef } from '@roundtable/shared/decisions';
import type { AttendanceRegister } from '@roundtable/shared/lifecycle';
import type { MeetingEventsState } from '@roundtable/shared/meeting-events';
import type { SafetyPlanScoresResponse, SafetyScoreResponse } from '@roundtable/shared/safety-plan';
import type { ChildResponse, MeetingDetail, MemberResponse, UserResponse } from '@roundtable/shared/schemas';
import { DEFAULT_DOCUMENT_TEMPLATES } from '@roundtable/shared/templates';

let sequence = 0;

/** A fresh, well-formed UUID (v4 layout), different on every call. */
export function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

export function buildPerson(overrides: Partial<PersonRef> = {}): PersonRef {
  return { userId: uuid(), displayName: 'Sam Chair', agency: 'childrens-social-care', ...overrides };
}

export function buildUser(overrides: Partial<UserResponse> = {}): UserResponse {
  return {
    id: uuid(),
    email: 'sam.chair@example.org',
    displayName: 'Sam Chair',
    jobTitle: 'Team manager',
    agency: 'childrens-social-care',
    organisation: null,
    isAdmin: false,
    isAuditor: false,
    canChair: true,
    ...overrides,
  };
}

export function buildChild(overrides: Partial<ChildResponse> = {}): ChildResponse {
  return { id: uuid(), childId: uuid(), name: 'Ruby Testcase', dateOfBirth: '2017-05-04', ...overrides };
}

export function buildMember(overrides: Partial<MemberResponse> = {}): MemberResponse {
  return {
    userId: uuid(),
    displayName: 'Pat Police',
    jobTitle: 'Detective sergeant',
    agency: 'police',
    organisation: null,
    role: 'participant',
    addedAt: '2026-03-01T09:00:00.000Z',
    invitee: false,
    accessEndsAt: null,
    ...overrides,
  };
}

export function buildMeeting(overrides: Partial<MeetingDetail> = {}): MeetingDetail {
  return {
    id: uuid(),
    reference: 'SD-TEST-001',
    reason: 'Bruising noticed at school',
    scheduledAt: '2026-03-02T13:00:00.000Z',
    format: 'online',
    children: [buildChild()],
    myRole: 'chair',
    memberCount: 1,
    status: 'live',
    startedAt: '2026-03-02T13:01:00.000Z',
    concludedAt: null,
    reviewOfMeetingId: null,
    type: 'strategy-discussion',
    precededBy: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    members: [],
    missingMinimumAgencies: [],
    templates: DEFAULT_DOCUMENT_TEMPLATES,
    reviewOf: null,
    reviews: [],
    reviewDate: null,
    clocks: [],
    ...overrides,
  };
}

export function buildDecision(overrides: Partial<DecisionResponse> = {}): DecisionResponse {
  return {
    id: uuid(),
    meetingId: uuid(),
    revision: 1,
    templateKey: S47_THRESHOLD_TEMPLATE.key,
    title: S47_THRESHOLD_TEMPLATE.title,
    question: S47_THRESHOLD_TEMPLATE.question,
    options: S47_THRESHOLD_TEMPLATE.options,
    protectiveActionOptions: S47_THRESHOLD_TEMPLATE.protectiveActions,
    optionExclusions: S47_THRESHOLD_TEMPLATE.exclusions,
    voluntarySafetyPlanActions: S47_THRESHOLD_TEMPLATE.voluntarySafetyPlanActions,
    childIds: [],
    status: 'open',
    openedBy: buildPerson(),
    openedAt: '2026-03-02T13:05:00.000Z',
    closedBy: null,
    closedAt: null,
    notReached: null,
    currentViews: [],
    viewHistory: [],
    laDecisions: [],
    dissents: [],
    summary: { byAgency: [], byOption: [], byHarm: { yes: [], no: [], unsure: [] }, missingMinimumAgencies: [] },
    ...overrides,
  };
}

export function buildAction(overrides: Partial<ActionResponse> = {}): ActionResponse {
  const owner = overrides.owner ?? buildPerson({ displayName: 'Pat Police', agency: 'police' });
  return {
    id: uuid(),
    meetingId: uuid(),
    revision: 1,
    description: 'Visit the family home',
    owner,
    ownerAgency: owner.agency,
    dueAt: '2026-03-04T17:00:00.000Z',
    childId: null,
    decisionId: null,
    status: 'open',
    statusNote: null,
    createdBy: buildPerson(),
    createdAt: '2026-03-02T13:10:00.000Z',
    updatedAt: '2026-03-02T13:10:00.000Z',
    history: [],
    restriction: null,
    withheld: null,
    ...overrides,
  };
}

export function buildMyAction(overrides: Partial<MyAction> = {}): MyAction {
  return { ...buildAction(overrides), meetingReference: 'SD-TEST-001', ...overrides };
}

export function buildScore(overrides: Partial<SafetyScoreResponse> = {}): SafetyScoreResponse {
  return {
    id: uuid(),
    agency: 'police',
    score: 4,
    previousScore: null,
    note: null,
    recordedBy: buildPerson({ displayName: 'Pat Police', agency: 'police' }),
    recordedAt: '2026-03-02T13:20:00.000Z',
    ...overrides,
  };
}

/** Scores whose current list is every score given (newest first in the history, as the server sends it). */
export function buildScores(history: SafetyScoreResponse[] = [], meetingId = uuid()): SafetyPlanScoresResponse {
  return { meetingId, current: history, history };
}

export function buildRegister(overrides: Partial<AttendanceRegister> = {}): AttendanceRegister {
  return {
    meetingId: uuid(),
    status: 'live',
    countedFrom: '2026-03-02T13:00:00.000Z',
    countedUntil: null,
    attendees: [],
    absent: [],
    missingMinimumAgencies: [],
    asOf: '2026-03-02T13:05:00.000Z',
    ...overrides,
  };
}

/** What a join is acknowledged with: nothing recorded yet unless overridden. */
export function buildEventsState(overrides: Partial<MeetingEventsState> = {}): MeetingEventsState {
  const meetingId = overrides.meetingId ?? uuid();
  return {
    meetingId,
    userId: uuid(),
    role: 'chair',
    decisions: [],
    actions: [],
    safetyScores: buildScores([], meetingId),
    attendance: buildRegister({ meetingId }),
    agenda: { meetingId, sectionKey: null, revision: 0, movedBy: null, movedAt: null },
    familyFacing: [],
    compartments: [],
    sharingDecisions: [],
    protectedPersons: [],
    ...overrides,
  };
}
