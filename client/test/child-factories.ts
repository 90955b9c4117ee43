/**
 * Builders for the pathway's response types (shared/src/pathway.ts): the
 * child's page and the caseload. Each call makes a fresh, valid object.
 */
import type {
  CaseloadEntry,
  ChildRecord,
  ChildRef,
  ChronologyEntry,
  PathwayClock,
  PathwayMeeting,
} from '@roundtable/shared/pathway';
import { uuid } from './factories';

export function buildChildRef(overrides: Partial<ChildRef> = {}): ChildRef {
  return { id: uuid(), name: 'Ruby Testcase', dateOfBirth: '2017-05-04', caseSystemId: 'LA-1001', ...overrides };
}

export function buildPathwayMeeting(overrides: Partial<PathwayMeeting> = {}): PathwayMeeting {
  return {
    id: uuid(),
    reference: 'SD-2026-0001',
    type: 'strategy-discussion',
    scheduledAt: '2026-03-02T13:00:00.000Z',
    status: 'concluded',
    ...overrides,
  };
}

export function buildPathwayClock(overrides: Partial<PathwayClock> = {}): PathwayClock {
  return {
    key: 'icpc',
    label: 'Initial child protection conference',
    dueAt: '2026-03-23T23:59:59.000Z',
    dueDate: '2026-03-23',
    status: 'running',
    basis: '15 working days from the strategy discussion SD-2026-0001',
    ...overrides,
  };
}

export function buildChronologyEntry(overrides: Partial<ChronologyEntry> = {}): ChronologyEntry {
  const meeting =
    overrides.meeting !== undefined
      ? overrides.meeting
      : { id: uuid(), reference: 'SD-2026-0001', type: 'strategy-discussion' as const };
  return {
    at: '2026-03-02T13:00:00.000Z',
    kind: 'meeting-convened',
    title: 'Strategy discussion convened',
    detail: null,
    meeting,
    href: meeting ? `/meetings/${meeting.id}` : '/caseload',
    ...overrides,
  };
}

export function buildChildRecord(overrides: Partial<ChildRecord> = {}): ChildRecord {
  const child = { ...buildChildRef(), nhsNumber: '9434765919', ...overrides.child };
  return {
    scope: 'all',
    lcpp: null,
    stage: 's47-enquiry',
    household: [],
    siblings: [],
    agencies: ['childrens-social-care', 'police'],
    meetings: [],
    plan: null,
    clocks: [],
    chronology: [],
    ...overrides,
    child,
  };
}

export function buildCaseloadEntry(overrides: Partial<CaseloadEntry> = {}): CaseloadEntry {
  return {
    child: buildChildRef(),
    lcpp: null,
    stage: 'child-protection-plan',
    categories: ['neglect'],
    nextMeeting: null,
    openActions: 0,
    overdueActions: 0,
    overdueClocks: [],
    nextClock: null,
    openDissent: 0,
    openEscalations: 0,
    ...overrides,
  };
}
