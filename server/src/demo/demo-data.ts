import type { Agency, MeetingRole, RecordSectionKey } from '@roundtable/shared/constants';

/** Password of every demo account. The accounts exist only on the embedded default database. */
export const DEMO_PASSWORD = 'roundtable-demo';

export interface DemoAccount {
  email: string;
  displayName: string;
  jobTitle: string;
  agency: Agency;
  /** The organisation within the agency the account belongs to. */
  organisation?: string;
  isAdmin?: boolean;
  isAuditor?: boolean;
  /** May convene and chair (an administrator's permission): the demo chair, the conference chair and the LCPP. */
  canChair?: boolean;
  /** A team manager: their caseload is every child whose LCPP is in their organisation. */
  teamManager?: boolean;
  /** Role in SD-DEMO-001; absent = not invited (shows that non-members see nothing). */
  role?: MeetingRole;
  /** Invited for SD-DEMO-001 only: their access ends a while after it concludes. */
  invitee?: boolean;
}

/** The fictional people of DOMAIN.md §9: one account per meeting role and agency. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'sam.demo@example.org',
    displayName: 'Sam Demo',
    jobTitle: 'Team manager',
    agency: 'childrens-social-care',
    organisation: 'Testshire County Council',
    canChair: true,
    // Alex Example's manager: the team's caseload (DEMO_PATHWAY).
    teamManager: true,
    role: 'chair',
  },
  {
    email: 'alex.example@example.org',
    displayName: 'Alex Example',
    jobTitle: 'Social worker (LCPP-designate)',
    agency: 'childrens-social-care',
    organisation: 'Testshire County Council',
    // The children's LCPP (DEMO_PATHWAY): chairs their core groups.
    canChair: true,
    role: 'participant',
  },
  {
    email: 'jordan.mock@example.org',
    displayName: 'DS Jordan Mock',
    jobTitle: 'Detective sergeant, CAIT',
    agency: 'police',
    organisation: 'Testshire Police',
    role: 'participant',
  },
  {
    email: 'priya.placeholder@example.org',
    displayName: 'Priya Placeholder',
    jobTitle: 'Named nurse for safeguarding',
    agency: 'health',
    organisation: 'Testshire NHS Foundation Trust',
    role: 'participant',
  },
  {
    email: 'chris.sample@example.org',
    displayName: 'Chris Sample',
    jobTitle: 'Health visitor',
    agency: 'health',
    organisation: 'Testshire Community Health',
    role: 'participant',
    invitee: true,
  },
  {
    email: 'taylor.dummy@example.org',
    displayName: 'Taylor Dummy',
    jobTitle: 'Designated safeguarding lead',
    agency: 'education',
    organisation: 'Testshire Primary School',
    role: 'participant',
  },
  {
    email: 'jo.notetaker@example.org',
    displayName: 'Jo Notetaker',
    jobTitle: 'Business support officer',
    agency: 'childrens-social-care',
    organisation: 'Testshire County Council',
    role: 'minute-taker',
  },
  {
    email: 'robin.observer@example.org',
    displayName: 'Robin Observer',
    jobTitle: 'Student social worker',
    agency: 'childrens-social-care',
    role: 'observer',
  },
  {
    // Independent of the case (DOMAIN-PATHWAY §1.2): convenes and chairs the children's conferences (DEMO_PATHWAY).
    email: 'frankie.fixture@example.org',
    displayName: 'Frankie Fixture',
    jobTitle: 'Child protection conference chair',
    agency: 'childrens-social-care',
    organisation: 'Testshire County Council',
    canChair: true,
  },
  { email: 'casey.outsider@example.org', displayName: 'Casey Outsider', jobTitle: 'Housing officer', agency: 'other' },
  {
    email: 'admin@example.org',
    displayName: 'Demo Administrator',
    jobTitle: 'System administrator',
    agency: 'other',
    isAdmin: true,
  },
  {
    email: 'morgan.reviewer@example.org',
    displayName: 'Morgan Reviewer',
    jobTitle: 'Partnership business unit: multi-agency audit',
    agency: 'other',
    isAuditor: true,
  },
];

export const DEMO_MEETING = {
  reference: 'SD-DEMO-001',
  reason:
    'Four small oval bruises on Ruby’s upper left arm and a red mark behind her ear, seen by her teacher at 09:10. ' +
    'Ruby said: "Dean squeezed me ’cos I was naughty." MASH rated the case Red and set a same-day strategy meeting.',
  scheduledAt: '2026-03-02T13:00:00Z',
  format: 'online' as const,
  children: [
    { name: 'Ruby Testcase', dateOfBirth: '2021-11-14', caseSystemId: 'TC-100231' },
    { name: 'Alfie Testcase', dateOfBirth: '2025-06-20', caseSystemId: 'TC-100232' },
  ],
};

/** Opening paragraphs of the record, so the demo room is not empty. */
export const DEMO_RECORD: Partial<Record<RecordSectionKey, string[]>> = {
  reason: [
    'Teacher saw four small oval bruises on Ruby’s upper left arm and a red mark behind her ear at 09:10.',
    'Ruby’s words: "Dean squeezed me ’cos I was naughty." The DSL made a body map and contacted the MASH at 09:40.',
  ],
  'agency-information': [
    'Education (Taylor Dummy): attendance fell to 78% this term. Operation Encompass notice 12 days ago.',
    'Health (Priya Placeholder): Kerry is on treatment for postnatal depression. Alfie missed two health visitor contacts.',
  ],
};

/**
 * The whole DOMAIN.md §9 story, told in a strategy discussion that has been
 * held and concluded: views, the local authority's decision, police dissent
 * about relying on a voluntary safety plan with its escalation, actions, the
 * safety plan and its scores, and the sealed record. Written through the
 * services, so the rules and the audit trail apply. People are named by the
 * email of their demo account.
 */
export const DEMO_STORY = {
  meeting: {
    reference: 'SD-DEMO-000',
    reason:
      'Held and concluded: the worked example of DOMAIN.md §9 (SD-DEMO-001 is the same case, scheduled and ready to start). ' +
      'Four small oval bruises on Ruby’s upper left arm and a red mark behind her ear, seen by her teacher at 09:10.',
    scheduledAt: '2026-03-02T13:00:00Z',
    format: 'online' as const,
  },
  /** Everyone who attended (the observer was invited but did not join). */
  attendees: [
    'sam.demo@example.org',
    'alex.example@example.org',
    'jordan.mock@example.org',
    'priya.placeholder@example.org',
    'chris.sample@example.org',
    'taylor.dummy@example.org',
    'jo.notetaker@example.org',
  ],
  record: {
    reason: [
      'At 09:10 a teacher saw four small oval bruises on Ruby’s upper left arm and a red mark behind her ear.',
      'Ruby’s words: "Dean squeezed me ’cos I was naughty." The DSL made a body map and contacted the MASH at 09:40; the MASH team manager rated the case Red and set a same-day strategy meeting.',
    ],
    'agency-information': [
      'Education (Taylor Dummy): injury and Ruby’s words as above. Attendance fell to 78% this term. Operation Encompass notice 12 days ago (domestic incident at home; children present).',
      'Police (DS Jordan Mock): attended a verbal domestic incident 12 days ago; no arrest. Crime report raised for the alleged assault.',
      'Health (Priya Placeholder, with the GP’s written information): Kerry is on treatment for postnatal depression. Alfie missed two health visitor contacts. No previous injuries recorded.',
      'Health visitor (Chris Sample): last saw Alfie 10 weeks ago, well. Kerry described as "exhausted".',
      'Children’s social care (Alex Example): no previous involvement. Pat lives 1 mile away and is known to the school as Ruby’s usual collector.',
    ],
    analysis: [
      'Risk: a non-accidental injury to a 4-year-old with a disclosure naming Dean; a recent domestic incident with the children present; a non-mobile baby in the same household.',
      'Strengths: Kerry has been protective so far; Pat is close by and trusted by the school. Gap: nothing is known yet of Dean beyond the police information.',
    ],
    'decision-rationale': [
      'Joint section 47 enquiry for Ruby and Alfie, led by the local authority, with a parallel police investigation. Category under consideration: physical abuse.',
    ],
    'police-investigation': [
      'Crime report raised. Voluntary interview of Dean by DS Mock; bail or conditions to be decided. An ABE interview for Ruby to be considered (age 4; ground rules).',
    ],
    medical: ['Same-day child protection medicals at Demo General Hospital: Ruby, and Alfie as a non-mobile baby.'],
    'immediate-safety': [
      'Dean stays away from the home with no contact with the children pending enquiries; Pat stays at the home overnight; Kerry to be asked to agree.',
      'If the plan is refused or broken, police will consider police protection (s46) and the local authority will seek legal advice on an EPO that day.',
    ],
    'family-informed': [
      'Kerry is told at the hospital after the medical, jointly by the social worker and police. Dean is told nothing until police speak to him. Liam is told by the social worker after police agree.',
    ],
    'next-discussion': ['Review strategy meeting on Thursday 5 March 2026 at 10:00am.'],
  } as Partial<Record<RecordSectionKey, string[]>>,
  safetyPlan: {
    worries: [
      'Danger statement: School, police and social workers are worried that Ruby was hurt by Dean squeezing her arm hard. If this keeps happening, Ruby and Alfie could be badly injured and be frightened at home.',
    ],
    'safety-goals': [
      'Everyone will know that Ruby and Alfie are cared for by adults who keep calm, and that Kerry and the network have a plan that has worked for at least 3 months.',
    ],
    'family-rules': [
      'Dean is not at the address.',
      'Pat stays overnight.',
      'Kerry phones Pat and the social worker if Dean turns up.',
    ],
    'safety-network': ['Pat Testcase (maternal grandmother): stays overnight and collects Ruby from school.'],
    'professional-monitoring': [
      'School checks on Ruby daily and tells children’s social care at once if she is absent.',
    ],
    'plan-broken': [
      'Police will consider police protection (s46); the local authority will seek legal advice on an EPO that day.',
    ],
    'review-date': ['Thursday 5 March 2026.'],
  } as Record<string, string[]>,
  /**
   * What the chair marks for the family version (docs/SEALED-RECORDS.md): the decision and its
   * reasons, the immediate safety arrangements, the review date and the family's own safety plan
   * (which Kerry and Pat sign). Not the agency information, the police investigation, nor how and
   * when each family member is told (Dean is told nothing until police speak to him); the marked
   * actions are above.
   */
  familyFacing: {
    sections: [
      'decision-rationale',
      'immediate-safety',
      'next-discussion',
      'worries',
      'safety-goals',
      'family-rules',
      'safety-network',
      'professional-monitoring',
      'plan-broken',
      'review-date',
    ],
    decisionReasons: true,
  },
  views: [
    {
      by: 'taylor.dummy@example.org',
      harm: 'yes' as const,
      recommendedOption: 's47-joint',
      reasons: 'Injury consistent with Ruby’s account; a domestic incident 12 days ago with the children present.',
    },
    {
      by: 'jordan.mock@example.org',
      harm: 'yes' as const,
      recommendedOption: 's47-joint',
      reasons: 'Threshold met; joint s47 with a police investigation of the alleged assault.',
      conditions: 'Police prefer Dean kept away from the children by enforceable means.',
    },
    {
      by: 'priya.placeholder@example.org',
      harm: 'yes' as const,
      recommendedOption: 's47-joint',
      reasons: 'Threshold met for both children. The health visitor agrees.',
      conditions: 'Same-day CP medical for Ruby, and for Alfie as a non-mobile baby.',
    },
    {
      by: 'alex.example@example.org',
      harm: 'yes' as const,
      recommendedOption: 's47-joint',
      reasons: 'Joint s47, with a safety plan with the grandmother.',
    },
  ],
  laDecision: {
    chosenOptions: ['s47-joint'],
    reasons:
      'Joint s47 enquiry for Ruby and Alfie: LA-led, with a parallel police investigation; category under consideration physical abuse. ' +
      'Police protection is not needed if the safety plan is agreed: the mother has been protective so far, the grandmother is present, ' +
      'and there are clear triggers for police protection or an EPO if the plan is refused or broken.',
    protectiveActions: ['s20-or-safety-plan', 'alleged-abuser-leaves', 'urgent-medical'],
    protectiveActionDetails:
      'Dean stays away from the home with no contact with the children pending enquiries; Pat stays at the home overnight; Kerry to be asked to agree.',
  },
  dissent: {
    by: 'jordan.mock@example.org',
    part: 'voluntary-safety-plan' as const,
    reasons:
      'A voluntary plan relies on Kerry’s cooperation; police would prefer the children to stay with Pat (s20 with parental agreement).',
    escalationNote:
      'Stage 1: DS Mock to discuss with his detective inspector by 5:00pm today; not taken further if the safety plan is signed.',
  },
  /** Owner's email, agency, due (UK time is GMT on these dates). */
  actions: [
    {
      description: 'Arrange CP medicals for both children at Demo General Hospital (paediatrician)',
      owner: 'alex.example@example.org',
      dueAt: '2026-03-02T15:30:00Z',
      familyFacing: true,
    },
    {
      description: 'Joint visit with DS Mock; tell Kerry; agree and sign the safety plan with Kerry and Pat',
      owner: 'alex.example@example.org',
      dueAt: '2026-03-02T18:00:00Z',
      familyFacing: true,
    },
    {
      description: 'Voluntary interview of Dean; decide on bail or conditions',
      owner: 'jordan.mock@example.org',
      dueAt: '2026-03-03T17:00:00Z',
    },
    {
      description: 'Consider an ABE interview for Ruby (age 4; ground rules), with Alex Example',
      owner: 'jordan.mock@example.org',
      dueAt: '2026-03-03T17:00:00Z',
    },
    {
      description: 'Body map and original notes to CSC; monitor attendance daily; tell CSC at once if Ruby is absent',
      owner: 'taylor.dummy@example.org',
      dueAt: '2026-03-02T16:00:00Z',
    },
    {
      description: 'Home visit to assess Alfie and Kerry’s mental health; GP review',
      owner: 'chris.sample@example.org',
      dueAt: '2026-03-04T17:00:00Z',
      familyFacing: true,
    },
    {
      description: 'Tell Liam Sample and his LA (home/host), after the interview of Dean',
      owner: 'alex.example@example.org',
      dueAt: '2026-03-04T17:00:00Z',
    },
    {
      description: 'Family network meeting (FGDM coordinator)',
      owner: 'alex.example@example.org',
      dueAt: '2026-03-09T17:00:00Z',
      familyFacing: true,
    },
    { description: 'Review strategy meeting', owner: 'sam.demo@example.org', dueAt: '2026-03-05T10:00:00Z' },
    {
      description: 'If concerns are substantiated, ICPC through the conference service (15 working days)',
      owner: 'sam.demo@example.org',
      dueAt: '2026-03-23T17:00:00Z',
    },
  ],
  /** Safety plan scale, per agency (§9: school 3, police 2, health 4, CSC 3). */
  scores: [
    { by: 'taylor.dummy@example.org', score: 3 },
    { by: 'jordan.mock@example.org', score: 2, note: 'The plan relies on Kerry’s cooperation.' },
    { by: 'priya.placeholder@example.org', score: 4 },
    { by: 'alex.example@example.org', score: 3 },
  ],
};
