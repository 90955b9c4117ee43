import type { ChronologyEntry } from '@roundtable/shared/pathway';
import { buildChronology, type ChronologySources, type MeetingRef, sortChronology } from './chronology';

const CHILD = '11111111-1111-4111-8111-111111111111';
const READER = { userId: '22222222-2222-4222-8222-222222222222', agency: 'education' as const };
const POLICE_OFFICER = '33333333-3333-4333-8333-333333333333';
const SD: MeetingRef = { id: '44444444-4444-4444-8444-444444444444', reference: 'SD-1', type: 'strategy-discussion' };
const FGDM: MeetingRef = { id: '66666666-6666-4666-8666-666666666666', reference: 'FGDM-1', type: 'fgdm' };
const ICPC: MeetingRef = { id: '55555555-5555-4555-8555-555555555555', reference: 'ICPC-1', type: 'icpc' };

const none: ChronologySources = {
  meetings: [],
  removals: [],
  decisions: [],
  dissents: [],
  outcomes: [],
  plans: [],
  planVersions: [],
  planReviews: [],
  actions: [],
  sealed: [],
  familyPlans: [],
  familyPlanResponses: [],
  supportApproved: [],
};

const entry = (at: string, kind: ChronologyEntry['kind'], title: string): ChronologyEntry => ({
  at,
  kind,
  title,
  detail: null,
  meeting: null,
  href: '/',
});

describe('sortChronology', () => {
  it('puts the oldest first, and same-moment events in the order they happen in a meeting', () => {
    const sorted = sortChronology([
      entry('2026-03-02T14:00:00.000Z', 'meeting-concluded', 'Concluded'),
      entry('2026-03-02T13:00:00.000Z', 'action', 'Action'),
      entry('2026-03-01T09:00:00.000Z', 'meeting-convened', 'Convened'),
      entry('2026-03-02T13:00:00.000Z', 'decision', 'Decision'),
      entry('2026-03-02T14:00:00.000Z', 'record-sealed', 'Sealed'),
    ]);
    expect(sorted.map((e) => e.title)).toEqual(['Convened', 'Decision', 'Action', 'Concluded', 'Sealed']);
  });

  it('keeps the latest entries when there are more than the limit', () => {
    const entries = [3, 1, 2].map((d) => entry(`2026-03-0${d}T09:00:00.000Z`, 'action', `Day ${d}`));
    expect(sortChronology(entries, 2).map((e) => e.title)).toEqual(['Day 2', 'Day 3']);
  });
});

describe('buildChronology', () => {
  it('links each event to where it is recorded, with labels and never free text', () => {
    const chronology = buildChronology(
      CHILD,
      {
        ...none,
        meetings: [
          {
            meeting: SD,
            convenedAt: new Date('2026-03-01T09:00:00Z'),
            concludedAt: new Date('2026-03-02T15:00:00Z'),
            addedAt: new Date('2026-03-02T10:00:00Z'),
            addedLater: true,
          },
        ],
        decisions: [
          {
            meeting: SD,
            title: 'Section 47 threshold',
            status: 'decided',
            openedAt: new Date('2026-03-02T13:00:00Z'),
            notReachedAt: null,
            decidedAt: new Date('2026-03-02T14:00:00Z'),
            chosenOptions: ['s47-joint'],
            corrected: false,
            options: [{ key: 's47-joint', label: 'Joint section 47 enquiry' }],
          },
        ],
        outcomes: [
          {
            meeting: ICPC,
            outcome: 'child-protection-plan',
            categories: ['neglect', 'emotional'],
            stepDown: null,
            route: null,
            recordedAt: new Date('2026-03-20T11:00:00Z'),
          },
        ],
        plans: [
          {
            startedAt: new Date('2026-03-20T11:00:00Z'),
            startedBy: ICPC,
            endedAt: null,
            endedBy: null,
            stepDown: null,
          },
        ],
        sealed: [{ meeting: SD, version: 1, reason: 'concluded', sealedAt: new Date('2026-03-02T15:00:01Z') }],
      },
      READER,
    );
    expect(chronology.map((e) => [e.kind, e.title, e.detail, e.href])).toEqual([
      ['meeting-convened', 'Strategy discussion convened', null, `/meetings/${SD.id}`],
      ['child-added', 'Added to the strategy discussion', null, `/meetings/${SD.id}`],
      [
        'decision',
        'Section 47 threshold',
        'Local authority decision: Joint section 47 enquiry',
        `/meetings/${SD.id}#decisions`,
      ],
      ['meeting-concluded', 'Strategy discussion concluded', null, `/meetings/${SD.id}`],
      ['record-sealed', 'Record sealed (version 1)', null, `/meetings/${SD.id}#final-record`],
      ['conference-outcome', 'Child protection plan', null, `/meetings/${ICPC.id}`],
      ['category', 'Categories: Neglect, Emotional abuse', null, `/meetings/${ICPC.id}`],
      ['plan-started', 'Child protection plan started', null, `/children/${CHILD}#plan`],
    ]);
  });

  it('withholds a police-restricted action from a reader outside its audience, and shows it to one inside', () => {
    const action = {
      meeting: SD,
      ownerAgency: 'police' as const,
      ownerUserId: POLICE_OFFICER,
      createdBy: POLICE_OFFICER,
      dueAt: new Date('2026-03-05T17:00:00Z'),
      status: 'open' as const,
      restriction: 'police-restricted' as const,
      createdAt: new Date('2026-03-02T13:30:00Z'),
      carried: false,
    };
    const [asEducation] = buildChronology(
      CHILD,
      { ...none, actions: [{ ...action, readerRole: 'participant' }] },
      READER,
    );
    expect(asEducation).toMatchObject({
      kind: 'action',
      title: 'Action (information withheld: police restricted)',
      detail: null,
    });
    // Not a member of that meeting (an LCPP reading the whole record): only when named, like an observer.
    const [asNonMember] = buildChronology(CHILD, { ...none, actions: [{ ...action, readerRole: null }] }, READER);
    expect(asNonMember?.title).toBe('Action (information withheld: police restricted)');
    const [asChair] = buildChronology(CHILD, { ...none, actions: [{ ...action, readerRole: 'chair' }] }, READER);
    expect(asChair).toMatchObject({ title: 'Action for police', detail: 'Open, due 5 March 2026' });
  });

  it('adds an FGDM’s presented plans, the responses and approved support, without their text', () => {
    const chronology = buildChronology(
      CHILD,
      {
        ...none,
        familyPlans: [{ meeting: FGDM, version: 1, presentedAt: new Date('2026-03-03T11:00:00Z') }],
        familyPlanResponses: [
          {
            meeting: FGDM,
            version: 1,
            keepsChildSafe: false,
            outcome: 'not-agreed',
            recordedAt: new Date('2026-03-03T12:00:00Z'),
          },
        ],
        supportApproved: [
          { meeting: FGDM, costPence: 6500, addedAt: new Date('2026-03-03T12:30:00Z'), withdrawn: true },
        ],
      },
      READER,
    );
    expect(chronology.map((e) => [e.kind, e.title, e.detail, e.href])).toEqual([
      ['family-plan-presented', 'Family plan presented (version 1)', null, `/meetings/${FGDM.id}`],
      [
        'family-plan-response',
        'Response to the family plan (version 1): not agreed',
        'Keeps the child safe: no',
        `/meetings/${FGDM.id}`,
      ],
      ['support-approved', 'Family network support approved', '£65.00; withdrawn later', `/meetings/${FGDM.id}`],
    ]);
  });
});
