/**
 * Builders for the pathway's responses (shared/src/pathway.ts): plans,
 * conference outcomes, agency reports and meeting parts. Each call makes a
 * fresh, valid object; pass only what a test is about.
 */
import type {
  AgencyReport,
  ChildProtectionPlan,
  ConferenceOutcomeResponse,
  MeetingPart,
  PlanAction,
  PlanContent,
  PlanOutcome,
  PlanVersion,
} from '@roundtable/shared/pathway';
import { buildPerson, uuid } from './factories';

export function buildPlanAction(overrides: Partial<PlanAction> = {}): PlanAction {
  return {
    id: uuid(),
    text: 'Visit the family at home every two weeks',
    owner: 'Social worker',
    agency: 'childrens-social-care',
    dueDate: '2026-04-30',
    progress: '',
    ...overrides,
  };
}

export function buildPlanOutcome(overrides: Partial<PlanOutcome> = {}): PlanOutcome {
  return { id: uuid(), text: 'Ruby goes to school every day', actions: [buildPlanAction()], ...overrides };
}

export function buildPlanContent(overrides: Partial<PlanContent> = {}): PlanContent {
  return {
    outcomes: [buildPlanOutcome()],
    contingency: 'If Ruby misses school again, a core group meets within a week',
    reviewDates: ['2026-06-19'],
    coreGroupEveryWeeks: 6,
    ...overrides,
  };
}

export function buildPlanVersion(overrides: Partial<PlanVersion> = {}): PlanVersion {
  return {
    version: 1,
    hash: 'ab12cd34ef56'.padEnd(64, '0'),
    content: buildPlanContent(),
    changedBy: buildPerson(),
    changedAt: '2026-03-20T11:00:00.000Z',
    meeting: { id: uuid(), reference: 'ICPC-2026-0001', type: 'icpc' },
    ...overrides,
  };
}

export function buildPlan(overrides: Partial<ChildProtectionPlan> = {}): ChildProtectionPlan {
  const startedByMeeting = { id: uuid(), reference: 'ICPC-2026-0001' };
  return {
    id: uuid(),
    childId: uuid(),
    status: 'active',
    startedAt: '2026-03-20T11:00:00.000Z',
    startedByMeeting,
    initialCategories: ['neglect'],
    latestCategories: ['neglect'],
    leadProfessional: buildPerson({ displayName: 'Sam Social', agency: 'childrens-social-care' }),
    coreGroup: [buildPerson({ displayName: 'Hana Health', agency: 'health' })],
    endedAt: null,
    endedByMeeting: null,
    stepDown: null,
    current: buildPlanVersion(),
    ...overrides,
  };
}

export function buildOutcome(overrides: Partial<ConferenceOutcomeResponse> = {}): ConferenceOutcomeResponse {
  return {
    id: uuid(),
    meetingId: uuid(),
    childId: uuid(),
    outcome: 'child-protection-plan',
    categories: ['neglect'],
    stepDown: null,
    route: null,
    reasons: 'Likely to suffer significant harm from neglect',
    recordedBy: buildPerson(),
    recordedAt: '2026-03-20T11:00:00.000Z',
    planId: uuid(),
    ...overrides,
  };
}

export function buildReport(overrides: Partial<AgencyReport> = {}): AgencyReport {
  return {
    id: uuid(),
    meetingId: uuid(),
    agency: 'health',
    author: buildPerson({ displayName: 'Hana Health', agency: 'health' }),
    text: 'Ruby has missed two health appointments.',
    submittedAt: '2026-03-16T09:00:00.000Z',
    sharedWithParents: true,
    sharedAt: '2026-03-16T09:00:00.000Z',
    sharedBy: buildPerson({ displayName: 'Hana Health', agency: 'health' }),
    notSharedReason: '',
    ...overrides,
  };
}

export function buildPart(overrides: Partial<MeetingPart> = {}): MeetingPart {
  return {
    id: uuid(),
    withoutParents: true,
    reason: 'Police share information about a live investigation',
    startedAt: '2026-03-20T10:30:00.000Z',
    startedBy: buildPerson(),
    endedAt: null,
    ...overrides,
  };
}

/** A JSON response as the server sends it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** The server's error body. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  fields?: { path: string; message: string }[],
): Response {
  return jsonResponse({ code, message, correlationId: 'test', ...(fields ? { fields } : {}) }, status);
}
