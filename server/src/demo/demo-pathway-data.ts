import type { MeetingFormat, MeetingRole } from '@roundtable/shared/constants';
import type { CpCategory, PlanActionOwnerAgency } from '@roundtable/shared/pathway';

export interface DemoPlanAction {
  text: string;
  /** A professional or a family member, by name and role. */
  owner: string;
  agency: PlanActionOwnerAgency;
  dueDate: string;
  progress?: string;
}

export interface DemoPlan {
  outcomes: { text: string; actions: DemoPlanAction[] }[];
  contingency: string;
  reviewDates: string[];
  coreGroupEveryWeeks: number;
}

/** A meeting's members besides its chair, by the email of their demo account. */
type DemoMembers = { email: string; role: MeetingRole }[];

/** A meeting of the pathway as convened: its details and its members. */
export interface DemoConvenedMeeting {
  meeting: { reference: string; reason: string; scheduledAt: string; format: MeetingFormat };
  members: DemoMembers;
}

/** The record as the minute taker typed it, by the section keys of the meeting type (meeting-type-defaults.ts). */
type DemoRecordText = Record<string, string[]>;

const CONFERENCE_CHAIR = 'frankie.fixture@example.org';
const LCPP = 'alex.example@example.org';
const POLICE = 'jordan.mock@example.org';
const NAMED_NURSE = 'priya.placeholder@example.org';
const HEALTH_VISITOR = 'chris.sample@example.org';
const DSL = 'taylor.dummy@example.org';
const MINUTE_TAKER = 'jo.notetaker@example.org';
const RUBY = 'TC-100231';
const ALFIE = 'TC-100232';

/** The conferences' professionals (the parents and Pat attend too; they have no accounts). */
const CONFERENCE_MEMBERS: DemoMembers = [
  { email: LCPP, role: 'participant' },
  { email: POLICE, role: 'participant' },
  { email: NAMED_NURSE, role: 'participant' },
  { email: HEALTH_VISITOR, role: 'participant' },
  { email: DSL, role: 'participant' },
  { email: MINUTE_TAKER, role: 'minute-taker' },
];

/**
 * Ruby's and Alfie's pathway after the concluded strategy discussion
 * (DEMO_STORY, SD-DEMO-000, 2 March 2026, joint s47), told through the same
 * services people use (DemoPathwayService): Sam Demo names Alex Example
 * their LCPP; an independent conference chair holds the initial child
 * protection conference (13 working days later) with agency reports and a
 * part without the parents, and both children go on a plan; Alex chairs the
 * first core group (5 working days after the conference), which changes
 * each plan; the first review conference is scheduled within 3 months of
 * the initial one. The dates are fixed, like the story's; the services
 * stamp when things were recorded with the time the demo was seeded.
 */
export const DEMO_PATHWAY = {
  /** Names the LCPP: the chair of the strategy discussion, the LCPP's team manager. */
  teamManager: 'sam.demo@example.org',
  lcpp: LCPP,
  conferenceChair: CONFERENCE_CHAIR,
  icpc: {
    meeting: {
      reference: 'ICPC-DEMO-000',
      reason:
        'Initial child protection conference for Ruby and Alfie Testcase, following the joint section 47 enquiry started at SD-DEMO-000.',
      scheduledAt: '2026-03-19T10:00:00Z',
      format: 'hybrid' as const,
    },
    members: CONFERENCE_MEMBERS,
    /** Invited by the chair; signs in at /family/sign-in with the code from the administrator's outbox. */
    family: { displayName: 'Jo Parent', email: 'jo.parent@example.org', relationship: 'parent' as const },
    /** Submitted before the conference; each agency decides whether the parents see its report. */
    reports: [
      {
        by: POLICE,
        text:
          'Dean Placeholder was interviewed under caution on 3 March and released under investigation, with a condition not to contact Ruby or Alfie. ' +
          'Advice from the Crown Prosecution Service is awaited. Two earlier domestic incidents at the address in 2025; no charges.',
        sharedWithParents: false,
        notSharedReason:
          'A live criminal investigation: sharing the report with the family could prejudice it while the CPS advice is awaited.',
      },
      {
        by: NAMED_NURSE,
        text:
          'Ruby’s child protection medical on 2 March found four bruises consistent with an adult’s grip; no other injuries. ' +
          'Alfie had no injuries; his weight has fallen from the 25th to the 9th centile and he missed two health visitor contacts. ' +
          'Kerry is on treatment for postnatal depression and has kept her last two GP appointments.',
        sharedWithParents: true,
        notSharedReason: '',
      },
    ],
    record: {
      'agency-reports': [
        'Police and health sent reports. Health shared theirs with Kerry before the conference; the police report was not shared (a live investigation).',
      ],
      'child-views': [
        'Alex Example saw Ruby alone at school on 16 March. Ruby drew her family and said she likes it when Nana Pat stays. Alfie (9 months) was seen at home, settled with Kerry.',
      ],
      'family-views': [
        'Kerry attended with Pat. Kerry accepts that Ruby was hurt and agrees to a plan; she wants help with her mood and with Alfie’s feeding. Dean was invited and did not attend.',
      ],
      'what-is-known': [
        'Fact: Ruby’s injuries are consistent with her account (paediatrician). Fact: Alfie’s weight has fallen and health contacts were missed.',
        'Opinion (health visitor): Kerry’s low mood has made routines hard to keep; she responds well to support.',
      ],
      'chair-analysis': [
        'Danger: physical harm to Ruby by an adult in the household, domestic abuse with the children present, and Alfie’s health needs neglected. ' +
          'Strengths: Kerry has kept the safety plan; Pat is a protective, daily presence. Gap: the outcome of the police investigation.',
      ],
      'decision-reasons': [
        'Both children are likely to suffer significant harm. Ruby: physical abuse. Alfie: neglect and emotional abuse. Every agency recommended a plan.',
      ],
      'outline-plan': [
        'The outline plan for each child is on their page: keep Ruby safe from physical harm and in school every day; meet Alfie’s health needs and keep the home calm. Contingency: a strategy discussion the same day.',
      ],
      'core-group-next-steps': [
        'Lead professional: Alex Example (LCPP). Core group: Alex Example, Chris Sample, Taylor Dummy, Kerry and Pat. First core group on Thursday 26 March 2026; review conference on Thursday 11 June 2026.',
      ],
    } as DemoRecordText,
    partWithoutParents: 'Police information about the investigation of Dean that cannot yet be shared with the family.',
    /** Each agency's recommendation on the conference's plan decision (the icpc-plan template). */
    views: [
      {
        by: POLICE,
        harm: 'yes' as const,
        recommendedOption: 'child-protection-plan',
        reasons:
          'Injuries consistent with Ruby’s account; the investigation of Dean continues. Both children need a plan.',
      },
      {
        by: NAMED_NURSE,
        harm: 'yes' as const,
        recommendedOption: 'child-protection-plan',
        reasons:
          'Non-accidental injury to Ruby; Alfie’s weight loss and missed health care. The health visitor agrees.',
      },
      {
        by: DSL,
        harm: 'yes' as const,
        recommendedOption: 'child-protection-plan',
        reasons: 'Ruby’s attendance has improved under the safety plan, but what happened to her is serious.',
      },
      {
        by: LCPP,
        harm: 'yes' as const,
        recommendedOption: 'child-protection-plan',
        reasons:
          'The section 47 enquiry substantiated physical harm to Ruby and found Alfie’s needs neglected at home.',
      },
    ],
    /** The chair's decision for both children. */
    decision: {
      chosenOptions: ['child-protection-plan'],
      reasons:
        'Both children are likely to suffer significant harm: Ruby from physical abuse; Alfie from neglect and emotional abuse ' +
        '(domestic abuse at home, his health needs unmet). Every agency recommended a child protection plan; Kerry agrees to one.',
    },
    /** The chair's outcome for each child, with the outline plan until the first core group. */
    outcomes: [
      {
        caseSystemId: RUBY,
        categories: ['physical'] as CpCategory[],
        coreGroup: [LCPP, HEALTH_VISITOR, DSL],
        reasons: 'Likely to suffer significant harm: physical abuse by an adult in the household.',
        outline: {
          outcomes: [
            {
              text: 'Ruby is safe from physical harm at home: no new injuries, and Dean has no contact with her unless agreed and supervised.',
              actions: [
                {
                  text: 'Visit Ruby at home at least every 10 working days and see her alone',
                  owner: 'Alex Example (LCPP)',
                  agency: 'childrens-social-care',
                  dueDate: '2026-06-11',
                },
                {
                  text: 'Tell the social worker at once if Dean comes to the house; Pat stays overnight until the review',
                  owner: 'Kerry Testcase (mother)',
                  agency: 'family',
                  dueDate: '2026-06-11',
                },
                {
                  text: 'Tell the lead professional of the investigation’s progress and any change to Dean’s conditions',
                  owner: 'DS Jordan Mock',
                  agency: 'police',
                  dueDate: '2026-04-16',
                },
              ],
            },
            {
              text: 'Ruby goes to school every day (above 95% attendance) and tells a trusted adult when she is worried.',
              actions: [
                {
                  text: 'Check Ruby’s attendance and wellbeing every day; tell children’s social care the same day if she is absent or hurt',
                  owner: 'Taylor Dummy (DSL)',
                  agency: 'education',
                  dueDate: '2026-06-11',
                },
                {
                  text: 'Take Ruby to school and collect her every day',
                  owner: 'Pat Testcase (grandmother)',
                  agency: 'family',
                  dueDate: '2026-06-11',
                },
              ],
            },
          ],
          contingency:
            'If Ruby has a new injury, Dean returns to the home or the safety plan breaks down: a strategy discussion the same day; ' +
            'police will consider police protection (s46) and the local authority will seek legal advice on an EPO.',
          reviewDates: ['2026-06-11'],
          coreGroupEveryWeeks: 6,
        } as DemoPlan,
      },
      {
        caseSystemId: ALFIE,
        categories: ['neglect', 'emotional'] as CpCategory[],
        coreGroup: [LCPP, HEALTH_VISITOR, DSL],
        reasons:
          'Likely to suffer significant harm: neglect of his health needs, and emotional abuse from domestic abuse at home.',
        outline: {
          outcomes: [
            {
              text: 'Alfie’s health needs are met: every health contact kept, and he is back on his weight centile by the review.',
              actions: [
                {
                  text: 'Visit every week to weigh Alfie and support Kerry with feeding and routines',
                  owner: 'Chris Sample (health visitor)',
                  agency: 'health',
                  dueDate: '2026-06-11',
                },
                {
                  text: 'Take Alfie to every health visitor and GP appointment',
                  owner: 'Kerry Testcase (mother)',
                  agency: 'family',
                  dueDate: '2026-06-11',
                },
              ],
            },
            {
              text: 'Alfie lives in a calm home, free from domestic abuse, with a mother supported with her mental health.',
              actions: [
                {
                  text: 'Refer Kerry to the domestic abuse service and for a perinatal mental health review',
                  owner: 'Alex Example (LCPP)',
                  agency: 'childrens-social-care',
                  dueDate: '2026-03-26',
                },
                {
                  text: 'GP review of Kerry’s treatment for postnatal depression',
                  owner: 'Priya Placeholder (named nurse), with the GP',
                  agency: 'health',
                  dueDate: '2026-04-02',
                },
              ],
            },
          ],
          contingency:
            'If Alfie misses a health contact, loses weight or there is another domestic incident: the lead professional calls a core group within 2 working days; ' +
            'if he is harmed, a strategy discussion the same day.',
          reviewDates: ['2026-06-11'],
          coreGroupEveryWeeks: 6,
        } as DemoPlan,
      },
    ],
    /** Who joined the conference (everyone invited). */
    attendees: [CONFERENCE_CHAIR, LCPP, POLICE, NAMED_NURSE, HEALTH_VISITOR, DSL, MINUTE_TAKER],
  },
  coreGroup: {
    meeting: {
      reference: 'CG-DEMO-000',
      reason: 'First core group for Ruby and Alfie Testcase: turn the outline plans into detailed plans.',
      scheduledAt: '2026-03-26T10:00:00Z',
      format: 'in-person' as const,
    },
    members: [
      { email: HEALTH_VISITOR, role: 'participant' },
      { email: DSL, role: 'participant' },
      { email: MINUTE_TAKER, role: 'minute-taker' },
    ] as DemoMembers,
    attendees: [LCPP, HEALTH_VISITOR, DSL, MINUTE_TAKER],
    record: {
      visits: [
        'Alex Example visited on 20 and 25 March and saw Ruby alone both times. Chris Sample visited on 23 March.',
      ],
      'agency-updates': [
        'Education: Ruby has attended every day since the conference. Health: Alfie weighed on 23 March, gaining.',
      ],
      'family-update': ['Kerry has started counselling through her GP. Pat still stays overnight.'],
      'plan-progress': ['Progress is recorded against each action of the plans (version 2 of each).'],
      'household-changes': ['None: Dean has not returned to the home.'],
      'child-parent-views': [
        'Ruby said school is “good” and Nana Pat reads to her. Kerry finds the weekly visits helpful.',
      ],
      'new-actions': ['Ruby: direct work on her safe adults. Alfie: an introduction to the family hub’s baby group.'],
      'minutes-circulation': ['Core group members, Kerry and Pat.'],
    } as DemoRecordText,
    /** Each child's plan as the core group changed it: progress on actions, and a new action (version 2). */
    planChanges: [
      {
        caseSystemId: RUBY,
        by: LCPP,
        progress: [
          {
            outcome: 1,
            action: 0,
            text: 'Ruby has attended every day since the conference; no new marks seen. She was smiling at drop-off.',
          },
        ],
        newActions: [
          {
            outcome: 0,
            action: {
              text: 'Four direct work sessions with Ruby on her safe adults and what to do when she is worried',
              owner: 'Alex Example (LCPP)',
              agency: 'childrens-social-care',
              dueDate: '2026-05-07',
            } as DemoPlanAction,
          },
        ],
      },
      {
        caseSystemId: ALFIE,
        by: HEALTH_VISITOR,
        progress: [
          {
            outcome: 0,
            action: 0,
            text: 'Visited on 23 March: Alfie gained 180 g in a week and is feeding well; Kerry is keeping a feeding diary.',
          },
        ],
        newActions: [
          {
            outcome: 1,
            action: {
              text: 'Go with Kerry and Alfie to the family hub’s baby group and introduce them to the staff',
              owner: 'Chris Sample (health visitor)',
              agency: 'health',
              dueDate: '2026-04-23',
            } as DemoPlanAction,
          },
        ],
      },
    ],
  },
  /** Convened and scheduled, not started: the first review of both plans. */
  reviewConference: {
    meeting: {
      reference: 'RCPC-DEMO-000',
      reason:
        'First review child protection conference for Ruby and Alfie Testcase (within 3 months of ICPC-DEMO-000).',
      // 10am BST.
      scheduledAt: '2026-06-11T09:00:00Z',
      format: 'hybrid' as const,
    },
    members: CONFERENCE_MEMBERS,
  },
};
