import type { PersonModel, SealedRecordModel } from './sealed-record.model';

/** Test factory: user ids of the fixed record model's professionals. */
export const USER_IDS = {
  chair: '6f1d2c3b-0000-4000-8000-0000000000c1',
  police: '6f1d2c3b-0000-4000-8000-0000000000c2',
  health: '6f1d2c3b-0000-4000-8000-0000000000c3',
  education: '6f1d2c3b-0000-4000-8000-0000000000c4',
} as const;

/** Test factory: ids of the fixed record model's entries. */
export const IDS = {
  decision: '6f1d2c3b-0000-4000-8000-0000000000d1',
  notReached: '6f1d2c3b-0000-4000-8000-0000000000d2',
  policeView: '6f1d2c3b-0000-4000-8000-0000000000e1',
  healthView: '6f1d2c3b-0000-4000-8000-0000000000e2',
  restrictedView: '6f1d2c3b-0000-4000-8000-0000000000e3',
  dissent: '6f1d2c3b-0000-4000-8000-0000000000f1',
  medical: '6f1d2c3b-0000-4000-8000-0000000000a1',
  interview: '6f1d2c3b-0000-4000-8000-0000000000a2',
  policeCompartment: '6f1d2c3b-0000-4000-8000-0000000000b1',
  healthCompartment: '6f1d2c3b-0000-4000-8000-0000000000b2',
  referrer: '6f1d2c3b-0000-4000-8000-0000000000b3',
  sharing: '6f1d2c3b-0000-4000-8000-0000000000b4',
} as const;

/** Test factory: professionals of the fixed record model. */
export const PEOPLE = {
  chair: {
    name: 'Sam Chair',
    organisation: null,
    jobTitle: 'Team Manager',
    agency: 'childrens-social-care',
    role: 'chair',
  },
  police: {
    name: 'Priya Police',
    organisation: 'Testshire Police',
    jobTitle: 'Detective Constable',
    agency: 'police',
    role: 'participant',
  },
  health: { name: 'Hana Health', organisation: null, jobTitle: 'Named Nurse', agency: 'health', role: 'participant' },
  education: {
    name: 'Ed Education',
    organisation: null,
    jobTitle: 'Designated Safeguarding Lead',
    agency: 'education',
    role: 'observer',
  },
} satisfies Record<string, PersonModel>;

/**
 * Test factory: a full sealed record with one of everything — restricted
 * passages of both kinds, a flagged view and action, a dissent with its
 * escalation trail, an addendum and a safety plan.
 */
export function buildRecordModel(overrides: Partial<SealedRecordModel> = {}): SealedRecordModel {
  return {
    variant: 'complete',
    version: 1,
    reason: 'concluded',
    sealedAt: '2026-03-02T14:05:00.000Z',
    header: {
      meetingId: '6f1d2c3b-0000-4000-8000-000000000001',
      reference: 'SD-TEST-001',
      typeLabel: 'Strategy discussion',
      scheduledAt: '2026-03-02T13:00:00.000Z',
      startedAt: '2026-03-02T13:02:00.000Z',
      concludedAt: '2026-03-02T14:00:00.000Z',
      format: 'online',
      chair: PEOPLE.chair,
      children: [{ name: 'Ruby Testcase', dateOfBirth: '2021-11-14' }],
      convenedBecause: 'Referred by Mrs Referrer at Oak School after bruising was seen.',
    },
    attendance: {
      attended: [PEOPLE.chair, PEOPLE.police, PEOPLE.health],
      absent: [{ person: PEOPLE.education, reason: 'On a course all day' }],
    },
    sections: [
      {
        key: 'reason',
        title: 'Reason for the discussion and immediate action taken',
        blocks: [
          {
            type: 'paragraph',
            level: null,
            listItem: false,
            runs: [
              { text: 'Bruising to the upper arm was seen at school. ', restriction: null },
              { text: 'The suspect has a firearms licence.', restriction: 'police-restricted' },
            ],
          },
          { type: 'heading', level: 2, listItem: false, runs: [{ text: 'Immediate action', restriction: null }] },
          { type: 'paragraph', level: null, listItem: true, runs: [{ text: 'Child seen at home', restriction: null }] },
          {
            type: 'paragraph',
            level: null,
            listItem: true,
            runs: [{ text: 'Grandmother in Leeds is worried', restriction: 'not-for-family' }],
          },
        ],
        compartments: [
          {
            id: IDS.policeCompartment,
            ownerAgency: 'police',
            audience: { kind: 'police-only', agencies: [], userIds: [] },
            createdBy: PEOPLE.police,
            blocks: [
              {
                type: 'paragraph',
                level: null,
                listItem: false,
                runs: [{ text: 'The stepfather is a suspect in another enquiry.', restriction: null }],
              },
            ],
            withheld: null,
          },
          {
            id: IDS.healthCompartment,
            ownerAgency: 'health',
            audience: { kind: 'health-only', agencies: [], userIds: [] },
            createdBy: PEOPLE.health,
            blocks: [
              {
                type: 'paragraph',
                level: null,
                listItem: false,
                runs: [{ text: 'Mother is under the perinatal mental health team.', restriction: null }],
              },
            ],
            withheld: null,
          },
        ],
        addenda: [
          {
            id: '6f1d2c3b-0000-4000-8000-0000000000ad',
            blocks: [
              {
                type: 'paragraph',
                level: null,
                listItem: false,
                runs: [{ text: 'The GP confirmed an earlier injury.', restriction: null }],
              },
            ],
            addedBy: PEOPLE.health,
            signedOffBy: PEOPLE.chair,
            signedOffAt: '2026-03-03T09:00:00.000Z',
          },
        ],
      },
      {
        key: 'agency-information',
        title: 'Information shared by each agency',
        blocks: [
          {
            type: 'paragraph',
            level: null,
            listItem: false,
            runs: [{ text: 'Neighbour Mr Witness heard shouting.', restriction: null }],
          },
        ],
        compartments: [],
        addenda: [],
      },
    ],
    recordAddenda: [
      {
        id: '6f1d2c3b-0000-4000-8000-0000000000ae',
        blocks: [
          {
            type: 'paragraph',
            level: null,
            listItem: false,
            runs: [{ text: 'The record was circulated to the school on 4 March.', restriction: null }],
          },
        ],
        addedBy: PEOPLE.chair,
        signedOffBy: PEOPLE.chair,
        signedOffAt: '2026-03-04T09:00:00.000Z',
      },
    ],
    decisions: [
      {
        id: IDS.decision,
        title: 'Section 47 threshold decision',
        question: 'Should section 47 enquiries start?',
        optionLabels: { 's47-joint': 'Section 47 enquiry: joint with police', nfa: 'No further action' },
        children: ['Ruby Testcase'],
        status: 'decided',
        notReached: null,
        views: [
          {
            id: IDS.policeView,
            recordedByUserId: USER_IDS.police,
            agency: 'police',
            harm: 'yes',
            recommendedOption: 's47-joint',
            reasons: 'Disclosure consistent with the injury.',
            keyInformation: 'Previous callout to the address.',
            conditions: null,
            recordedBy: PEOPLE.police,
            recordedAt: '2026-03-02T13:20:00.000Z',
            current: true,
            restriction: null,
          },
          {
            id: IDS.healthView,
            recordedByUserId: USER_IDS.health,
            agency: 'health',
            harm: 'unsure',
            recommendedOption: 'nfa',
            reasons: 'No health concerns recorded before.',
            keyInformation: null,
            conditions: 'Paediatric assessment within 48 hours',
            recordedBy: PEOPLE.health,
            recordedAt: '2026-03-02T13:25:00.000Z',
            current: true,
            restriction: null,
          },
          {
            id: IDS.restrictedView,
            recordedByUserId: USER_IDS.police,
            agency: 'police',
            harm: 'yes',
            recommendedOption: 's47-joint',
            reasons: 'Intelligence from a covert source.',
            keyInformation: null,
            conditions: null,
            recordedBy: PEOPLE.police,
            recordedAt: '2026-03-02T13:21:00.000Z',
            current: false,
            restriction: 'police-restricted',
          },
        ],
        withheldViews: [],
        laDecisions: [
          {
            chosenOptions: ['s47-joint'],
            reasons: 'Joint enquiry: the disclosure and the injury agree.',
            protectiveActions: [],
            protectiveActionDetails: null,
            recordedBy: PEOPLE.chair,
            recordedAt: '2026-03-02T13:40:00.000Z',
            recordStateSha256: 'a'.repeat(64),
            inForce: true,
            correctionReason: null,
          },
        ],
        dissents: [
          {
            id: IDS.dissent,
            agency: 'health',
            part: 'options',
            reasons: 'We see no significant harm.',
            recordedBy: PEOPLE.health,
            recordedAt: '2026-03-02T13:45:00.000Z',
            escalationStatus: 'resolved',
            stage: 'line-manager',
            steps: [
              {
                stage: 'practitioner',
                note: 'Raised with the chair.',
                recordedBy: PEOPLE.health,
                recordedAt: '2026-03-02T13:45:00.000Z',
              },
              {
                stage: 'line-manager',
                note: 'Managers Jo Manager and Al Boss met.',
                recordedBy: PEOPLE.health,
                recordedAt: '2026-03-02T13:50:00.000Z',
              },
            ],
            outcome: 'Agreed to proceed with the joint enquiry.',
            resolvedBy: PEOPLE.chair,
            resolvedAt: '2026-03-02T13:55:00.000Z',
          },
        ],
      },
      {
        id: IDS.notReached,
        title: 'Section 47 threshold decision',
        question: 'Should section 47 enquiries start for the baby?',
        optionLabels: { nfa: 'No further action' },
        children: ['Ruby Testcase'],
        status: 'not-reached',
        notReached: {
          reason: 'Waiting for the hospital discharge summary.',
          recordedBy: PEOPLE.chair,
          recordedAt: '2026-03-02T13:59:00.000Z',
        },
        views: [],
        withheldViews: [],
        laDecisions: [],
        dissents: [],
      },
    ],
    actions: [
      {
        id: IDS.medical,
        ownerUserId: USER_IDS.health,
        createdByUserId: USER_IDS.police,
        description: 'Arrange a child protection medical',
        owner: PEOPLE.health,
        ownerAgency: 'health',
        dueAt: '2026-03-03T17:00:00.000Z',
        status: 'open',
        child: 'Ruby Testcase',
        restriction: null,
      },
      {
        id: IDS.interview,
        ownerUserId: USER_IDS.police,
        createdByUserId: USER_IDS.police,
        description: 'Interview the suspect under caution',
        owner: PEOPLE.police,
        ownerAgency: 'police',
        dueAt: '2026-03-04T10:00:00.000Z',
        status: 'open',
        child: null,
        restriction: 'not-for-family',
      },
    ],
    withheldActions: [],
    safetyPlan: {
      addenda: [],
      sections: [
        {
          key: 'family-rules',
          title: 'Family rules',
          blocks: [
            {
              type: 'paragraph',
              level: null,
              listItem: false,
              runs: [{ text: 'Ruby is never left alone with the suspect.', restriction: null }],
            },
          ],
          compartments: [],
        },
      ],
      scores: [{ agency: 'health', score: 4, recordedBy: PEOPLE.health, recordedAt: '2026-03-02T13:58:00.000Z' }],
    },
    signOff: { by: PEOPLE.chair, at: '2026-03-02T14:00:00.000Z' },
    protectedPersons: [
      {
        id: IDS.referrer,
        role: 'referrer',
        label: 'the referrer',
        name: 'Mrs Protected Caller',
        audience: { kind: 'police-only', agencies: [], userIds: [] },
      },
    ],
    sharingDecisions: [
      {
        id: IDS.sharing,
        outcome: 'refused',
        what: 'The covert source’s identity',
        withWhom: 'Education',
        lawfulBasis: 'law-enforcement',
        reason: 'Disclosure would endanger the source.',
        compartmentId: IDS.policeCompartment,
        decidedAgency: 'police',
        decidedBy: PEOPLE.police,
        decidedByUserId: USER_IDS.police,
        decidedAt: '2026-03-02T13:30:00.000Z',
      },
    ],
    withheldSharingDecisions: [],
    omissions: [],
    ...overrides,
  };
}
