import type { PersonModel, SealedRecordModel } from './sealed-record.model';

/** Test factory: professionals of the fixed record model. */
export const PEOPLE = {
  chair: { name: 'Sam Chair', jobTitle: 'Team Manager', agency: 'childrens-social-care', role: 'chair' },
  police: { name: 'Priya Police', jobTitle: 'Detective Constable', agency: 'police', role: 'participant' },
  health: { name: 'Hana Health', jobTitle: 'Named Nurse', agency: 'health', role: 'participant' },
  education: { name: 'Ed Education', jobTitle: 'Designated Safeguarding Lead', agency: 'education', role: 'observer' },
} satisfies Record<string, PersonModel>;

/**
 * Test factory: a full sealed record with one of everything — restricted
 * passages of both kinds, a flagged view and action, a dissent with its
 * escalation trail, an addendum and a safety plan.
 */
export function buildRecordModel(overrides: Partial<SealedRecordModel> = {}): SealedRecordModel {
  return {
    variant: 'full',
    version: 1,
    reason: 'concluded',
    sealedAt: '2026-03-02T14:05:00.000Z',
    header: {
      meetingId: '6f1d2c3b-0000-4000-8000-000000000001',
      reference: 'SD-TEST-001',
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
        title: 'Section 47 threshold decision',
        question: 'Should section 47 enquiries start?',
        optionLabels: { 's47-joint': 'Section 47 enquiry: joint with police', nfa: 'No further action' },
        children: ['Ruby Testcase'],
        status: 'decided',
        notReached: null,
        views: [
          {
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
        laDecisions: [],
        dissents: [],
      },
    ],
    actions: [
      {
        description: 'Arrange a child protection medical',
        owner: PEOPLE.health,
        ownerAgency: 'health',
        dueAt: '2026-03-03T17:00:00.000Z',
        status: 'open',
        child: 'Ruby Testcase',
        restriction: null,
      },
      {
        description: 'Interview the suspect under caution',
        owner: PEOPLE.police,
        ownerAgency: 'police',
        dueAt: '2026-03-04T10:00:00.000Z',
        status: 'open',
        child: null,
        restriction: 'not-for-family',
      },
    ],
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
        },
      ],
      scores: [{ agency: 'health', score: 4, recordedBy: PEOPLE.health, recordedAt: '2026-03-02T13:58:00.000Z' }],
    },
    signOff: { by: PEOPLE.chair, at: '2026-03-02T14:00:00.000Z' },
    omissions: [],
    ...overrides,
  };
}
