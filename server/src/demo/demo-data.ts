import type { Agency, MeetingRole, RecordSectionKey } from '@roundtable/shared/constants';

/** Password of every demo account. The accounts exist only on the embedded default database. */
export const DEMO_PASSWORD = 'roundtable-demo';

export interface DemoAccount {
  email: string;
  displayName: string;
  jobTitle: string;
  agency: Agency;
  isAdmin?: boolean;
  isAuditor?: boolean;
  /** May convene and chair (an administrator's permission): the demo chair only. */
  canChair?: boolean;
  /** Role in SD-DEMO-001; absent = not invited (shows that non-members see nothing). */
  role?: MeetingRole;
}

/** The fictional people of DOMAIN.md §9: one account per meeting role and agency. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'sam.demo@example.org',
    displayName: 'Sam Demo',
    jobTitle: 'Team manager',
    agency: 'childrens-social-care',
    canChair: true,
    role: 'chair',
  },
  {
    email: 'alex.example@example.org',
    displayName: 'Alex Example',
    jobTitle: 'Social worker (LCPP-designate)',
    agency: 'childrens-social-care',
    role: 'participant',
  },
  {
    email: 'jordan.mock@example.org',
    displayName: 'DS Jordan Mock',
    jobTitle: 'Detective sergeant, CAIT',
    agency: 'police',
    role: 'participant',
  },
  {
    email: 'priya.placeholder@example.org',
    displayName: 'Priya Placeholder',
    jobTitle: 'Named nurse for safeguarding',
    agency: 'health',
    role: 'participant',
  },
  {
    email: 'chris.sample@example.org',
    displayName: 'Chris Sample',
    jobTitle: 'Health visitor',
    agency: 'health',
    role: 'participant',
  },
  {
    email: 'taylor.dummy@example.org',
    displayName: 'Taylor Dummy',
    jobTitle: 'Designated safeguarding lead',
    agency: 'education',
    role: 'participant',
  },
  {
    email: 'jo.notetaker@example.org',
    displayName: 'Jo Notetaker',
    jobTitle: 'Business support officer',
    agency: 'childrens-social-care',
    role: 'minute-taker',
  },
  {
    email: 'robin.observer@example.org',
    displayName: 'Robin Observer',
    jobTitle: 'Student social worker',
    agency: 'childrens-social-care',
    role: 'observer',
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
    { name: 'Ruby Testcase', dateOfBirth: '2021-11-14' },
    { name: 'Alfie Testcase', dateOfBirth: '2025-06-20' },
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
