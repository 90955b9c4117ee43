import { randomUUID } from 'node:crypto';
import type { ActionResponse } from '@roundtable/shared/actions';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import { type AgencyViewResponse, type DecisionResponse, summariseViews } from '@roundtable/shared/decisions';
import type { AudienceMember } from '@roundtable/shared/need-to-know';
import type { RestrictionKind } from '@roundtable/shared/templates';
import { actionFor, decisionFor, decisionRedactionKey, perReader } from './entry-redaction';

const person = (agency: Agency) => ({ userId: randomUUID(), displayName: `Someone from ${agency}`, agency });
const reader = (role: MeetingRole, agency: Agency, userId: string = randomUUID()): AudienceMember => ({
  userId,
  role,
  agency,
});
const OPTIONS = [
  { key: 's47-joint', label: 'Joint' },
  { key: 'nfa', label: 'No further action' },
];

function view(agency: Agency, restriction: RestrictionKind | null): AgencyViewResponse {
  return {
    id: randomUUID(),
    agency,
    harm: 'yes',
    recommendedOption: 's47-joint',
    reasons: `${agency} reasons`,
    keyInformation: `${agency} key information`,
    conditions: null,
    recordedBy: person(agency),
    recordedAt: '2026-03-02T13:00:00.000Z',
    supersedesId: null,
    restriction,
    withheld: null,
  };
}

function decision(views: AgencyViewResponse[]): DecisionResponse {
  return {
    id: randomUUID(),
    meetingId: randomUUID(),
    revision: 3,
    templateKey: 's47-threshold',
    title: 'Section 47',
    question: '?',
    options: OPTIONS,
    protectiveActionOptions: [],
    optionExclusions: [],
    voluntarySafetyPlanActions: [],
    childIds: [],
    status: 'open',
    openedBy: person('childrens-social-care'),
    openedAt: '2026-03-02T13:00:00.000Z',
    closedBy: null,
    closedAt: null,
    notReached: null,
    currentViews: views,
    viewHistory: views,
    laDecisions: [],
    dissents: [],
    summary: summariseViews(OPTIONS, views),
  };
}

function action(restriction: RestrictionKind | null): ActionResponse {
  const owner = person('health');
  return {
    id: randomUUID(),
    meetingId: randomUUID(),
    revision: 2,
    description: 'Perinatal referral',
    owner,
    ownerAgency: 'health',
    dueAt: '2026-03-04T17:00:00.000Z',
    childId: null,
    decisionId: null,
    status: 'open',
    statusNote: 'Referred',
    createdBy: person('police'),
    createdAt: '2026-03-02T13:00:00.000Z',
    updatedAt: '2026-03-02T13:00:00.000Z',
    history: [
      {
        id: randomUUID(),
        kind: 'created',
        changedBy: owner,
        changedAt: '2026-03-02T13:00:00.000Z',
        changes: [
          { field: 'description', from: null, to: 'Perinatal referral' },
          { field: 'status', from: null, to: 'open' },
        ],
        note: 'A note',
      },
    ],
    restriction,
    withheld: null,
  };
}

describe('restricted entries per reader', () => {
  const police = view('police', 'police-restricted');
  const education = view('education', 'not-for-family');
  const d = decision([police, education]);

  it('gives the audience the very same decision, and "not for the family" restricts nothing', () => {
    for (const r of [
      reader('chair', 'childrens-social-care'),
      reader('participant', 'police'),
      reader('minute-taker', 'police'),
    ]) {
      expect(decisionFor(r, d)).toBe(d);
    }
    expect(decisionFor(reader('participant', 'health', police.recordedBy.userId), d)).toBe(d); // its recorder
  });

  it('withholds a police view, its answers and its place in the summary from others, observers of the police included', () => {
    for (const r of [reader('participant', 'education'), reader('observer', 'police')]) {
      const seen = decisionFor(r, d);
      const withheld = seen.currentViews.find((v) => v.id === police.id);
      expect(withheld).toEqual({
        ...police,
        harm: null,
        recommendedOption: '',
        reasons: '',
        keyInformation: null,
        conditions: null,
        withheld: 'Information withheld: police restricted',
      });
      expect(seen.viewHistory.find((v) => v.id === police.id)).toEqual(withheld);
      expect(seen.currentViews.find((v) => v.id === education.id)).toBe(education);
      expect(seen.summary.byAgency.map((v) => v.agency)).toEqual(['education']);
      expect(seen.summary.byOption.find((o) => o.option === 's47-joint')?.agencies).toEqual(['education']);
      expect(seen.summary.missingMinimumAgencies).toEqual(['childrens-social-care', 'health']);
      expect(JSON.stringify(seen)).not.toContain('police reasons');
    }
  });

  it('withholds a health-restricted action from all but health, the chair, its recorder and its owner', () => {
    const a = action('health-restricted');
    for (const r of [
      reader('participant', 'health'),
      reader('chair', 'childrens-social-care'),
      reader('participant', 'police', a.createdBy.userId),
      reader('observer', 'education', a.owner.userId),
    ]) {
      expect(actionFor(r, a)).toBe(a);
    }
    const seen = actionFor(reader('participant', 'police'), a);
    expect(seen).toMatchObject({ id: a.id, ownerAgency: 'health', revision: 2, description: '', statusNote: null });
    expect(seen.withheld).toBe('Information withheld: health restricted');
    expect(seen.history).toEqual([
      { ...a.history[0], changes: [{ field: 'status', from: null, to: 'open' }], note: null },
    ]);
    expect(actionFor(reader('observer', 'health'), a).withheld).toBe('Information withheld: health restricted');
  });

  it('builds one payload per distinct redaction', () => {
    const copyFor = perReader(d, decisionRedactionKey, decisionFor);
    const education1 = copyFor(reader('participant', 'education'));
    expect(copyFor(reader('participant', 'health'))).toBe(education1);
    expect(copyFor(reader('participant', 'police'))).toBe(d);
  });
});
