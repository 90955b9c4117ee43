import fc from 'fast-check';
import { DEFAULT_CLOCK_RULES } from '@roundtable/shared/lifecycle';
import {
  clockReminders,
  overdueActionReminders,
  type Recipient,
  type Reminder,
  reminderEmailText,
  reminderKeyString,
  type ReminderSettings,
  staleEscalationReminders,
  upcomingMeetingReminders,
} from './reminder-rules';

const SETTINGS: ReminderSettings = {
  actionChairAfterDays: 3,
  clockWarningWorkingDays: 2,
  escalationStaleDays: 5,
  meetingLeadHours: 24,
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const meeting = {
  meetingId: '00000000-0000-4000-8000-000000000001',
  reference: 'SD-2026-0142',
  meetingType: 'strategy-discussion' as const,
};

const chair: Recipient = { userId: 'chair', role: 'chair', agency: 'childrens-social-care' };
const police: Recipient = { userId: 'police', role: 'participant', agency: 'police' };
const police2: Recipient = { userId: 'police2', role: 'participant', agency: 'police' };
const health: Recipient = { userId: 'health', role: 'participant', agency: 'health' };
const social: Recipient = { userId: 'social', role: 'participant', agency: 'childrens-social-care' };
const observer: Recipient = { userId: 'observer', role: 'observer', agency: 'education' };
const MEMBERS = [chair, police, police2, health, social, observer];

const due = new Date('2026-12-07T17:00:00Z');
const action = {
  ...meeting,
  actionId: '00000000-0000-4000-8000-0000000000a1',
  dueAt: due,
  ownerUserId: 'police',
  createdBy: 'police2',
  restriction: null,
  members: MEMBERS,
};
const at = (ms: number) => new Date(due.getTime() + ms);
const who = (rs: Reminder[]) => rs.map((r) => `${r.kind}:${r.recipientUserId}`);

describe('overdue actions', () => {
  it('nothing until due; then the owner; the chairs only N days after', () => {
    expect(overdueActionReminders(action, at(0), SETTINGS)).toEqual([]);
    expect(who(overdueActionReminders(action, at(1), SETTINGS))).toEqual(['action-overdue:police']);
    expect(who(overdueActionReminders(action, at(3 * DAY), SETTINGS))).toEqual(['action-overdue:police']);
    expect(who(overdueActionReminders(action, at(3 * DAY + 1), SETTINGS))).toEqual([
      'action-overdue:police',
      'action-overdue-chair:chair',
    ]);
  });

  it('a restricted action reaches only its audience, and the text never says what it is', () => {
    const restricted = { ...action, restriction: 'police-restricted' as const, ownerUserId: 'health' };
    // The owner is in the audience whatever their agency; a member outside it gets nothing.
    const reminders = overdueActionReminders(restricted, at(10 * DAY), SETTINGS);
    expect(who(reminders)).toEqual(['action-overdue:health', 'action-overdue-chair:chair']);
    expect(reminders[0]).toMatchObject({ title: 'An action you own is overdue in SD-2026-0142' });
  });

  it('a new due date is a new stage (the reminder can come again); the same facts give the same keys', () => {
    const first = overdueActionReminders(action, at(DAY), SETTINGS).map(reminderKeyString);
    expect(overdueActionReminders(action, at(2 * DAY), SETTINGS).map(reminderKeyString)).toEqual(first);
    const moved = { ...action, dueAt: at(HOUR) };
    expect(overdueActionReminders(moved, at(DAY), SETTINGS).map(reminderKeyString)).not.toEqual(first);
  });
});

describe('statutory clocks', () => {
  const clock = (
    status: 'running' | 'overdue' | 'met' | 'not-started',
    dueDate: string | null,
    key = 'icpc' as const,
  ) => ({
    ...meeting,
    clock: { key, label: 'Initial child protection conference', status, dueDate },
    members: MEMBERS,
  });
  // Monday 7 December 2026; due Wednesday 9th: two working days on.
  const monday = new Date('2026-12-07T09:00:00Z');

  it('approaching within the warning working days, to the chairs and (ICPC) the local authority’s participants', () => {
    expect(who(clockReminders(clock('running', '2026-12-09'), monday, SETTINGS, DEFAULT_CLOCK_RULES))).toEqual([
      'clock-approaching:chair',
      'clock-approaching:social',
    ]);
    expect(clockReminders(clock('running', '2026-12-10'), monday, SETTINGS, DEFAULT_CLOCK_RULES)).toEqual([]);
  });

  it('counts working days: on Friday a Tuesday deadline is two working days away', () => {
    const friday = new Date('2026-12-11T09:00:00Z');
    expect(clockReminders(clock('running', '2026-12-15'), friday, SETTINGS, DEFAULT_CLOCK_RULES)).toHaveLength(2);
    expect(clockReminders(clock('running', '2026-12-16'), friday, SETTINGS, DEFAULT_CLOCK_RULES)).toEqual([]);
  });

  it('passed when overdue; met and not-started clocks raise nothing; other clocks go to the chairs only', () => {
    const passed = clockReminders(
      clock('overdue', '2026-12-01', 'review' as never),
      monday,
      SETTINGS,
      DEFAULT_CLOCK_RULES,
    );
    expect(who(passed)).toEqual(['clock-passed:chair']);
    expect(passed[0]!.title).toBe(
      'Initial child protection conference: the deadline for SD-2026-0142 passed on 1 December 2026',
    );
    expect(clockReminders(clock('met', '2026-12-08'), monday, SETTINGS, DEFAULT_CLOCK_RULES)).toEqual([]);
    expect(clockReminders(clock('not-started', null), monday, SETTINGS, DEFAULT_CLOCK_RULES)).toEqual([]);
  });
});

describe('a child’s plan clocks', () => {
  it('go to who answers for the plan, link to the child’s page and name only the ICPC that started the plan', () => {
    const icpc = { meetingId: meeting.meetingId, reference: 'ICPC-2026-0003', meetingType: 'icpc' as const };
    const lcpp: Recipient = { userId: 'lcpp', role: 'participant', agency: 'childrens-social-care' };
    const reminders = clockReminders(
      {
        ...icpc,
        clock: { key: 'review-conference', label: 'Review conference', status: 'overdue', dueDate: '2026-12-01' },
        members: MEMBERS,
        child: { childId: 'child-1', recipients: [lcpp] },
      },
      new Date('2026-12-07T09:00:00Z'),
      SETTINGS,
      DEFAULT_CLOCK_RULES,
    );
    expect(reminders).toEqual([
      expect.objectContaining({
        kind: 'clock-passed',
        subjectId: 'child-1',
        stage: 'review-conference@2026-12-01',
        recipientUserId: 'lcpp',
        link: '/children/child-1',
        title:
          'Review conference: the deadline for a child whose plan started at ICPC-2026-0003 passed on 1 December 2026',
      }),
    ]);
  });
});

describe('escalations and meetings', () => {
  const escalation = {
    ...meeting,
    dissentId: '00000000-0000-4000-8000-0000000000d1',
    dissentingAgency: 'police' as const,
    lastStepId: '00000000-0000-4000-8000-0000000000e1',
    lastStepAt: due,
    members: MEMBERS,
  };

  it('an escalation with no step for N days: the chair and the dissenting agency’s participants', () => {
    expect(staleEscalationReminders(escalation, at(5 * DAY - 1), SETTINGS)).toEqual([]);
    expect(who(staleEscalationReminders(escalation, at(5 * DAY), SETTINGS))).toEqual([
      'escalation-stale:chair',
      'escalation-stale:police',
      'escalation-stale:police2',
    ]);
  });

  it('a meeting within the lead time: every member, once per scheduled time', () => {
    const upcoming = { ...meeting, scheduledAt: new Date('2026-12-08T10:00:00Z'), members: MEMBERS };
    expect(upcomingMeetingReminders(upcoming, new Date('2026-12-07T09:59:59Z'), SETTINGS)).toEqual([]);
    const soon = upcomingMeetingReminders(upcoming, new Date('2026-12-07T10:00:00Z'), SETTINGS);
    expect(soon).toHaveLength(MEMBERS.length);
    expect(soon[0]!.title).toBe('Strategy discussion SD-2026-0142 starts on Tuesday 8 December 2026 at 10am');
    expect(upcomingMeetingReminders(upcoming, new Date('2026-12-08T10:00:00Z'), SETTINGS)).toEqual([]);
  });

  it('the email: the body, a link, and a word on what it leaves out', () => {
    expect(reminderEmailText({ emailBody: 'Body.', link: '/meetings/x' }, 'https://rt.example.org')).toBe(
      'Body.\n\nSign in to Roundtable to see it: https://rt.example.org/meetings/x\n\n' +
        'This email leaves out every detail of the case. Change which reminders you receive by email in Roundtable, under Notifications.',
    );
  });
});

describe('reminder keys (what exactly-once stands on)', () => {
  const settings = fc.record({
    actionChairAfterDays: fc.integer({ min: 1, max: 30 }),
    clockWarningWorkingDays: fc.integer({ min: 1, max: 10 }),
    escalationStaleDays: fc.integer({ min: 1, max: 30 }),
    meetingLeadHours: fc.integer({ min: 1, max: 72 }),
  });
  const members = fc.uniqueArray(
    fc.record({
      userId: fc.uuid(),
      role: fc.constantFrom('chair', 'participant', 'minute-taker', 'observer' as const),
      agency: fc.constantFrom('police', 'health', 'education', 'childrens-social-care' as const),
    }),
    { selector: (m) => m.userId, maxLength: 8 },
  );

  it('one scan never raises the same key twice, and a later scan raises every key an earlier one did while the facts hold', () => {
    fc.assert(
      fc.property(
        settings,
        members,
        fc.integer({ min: 1, max: 40 * DAY }),
        fc.integer({ min: 0, max: 40 * DAY }),
        fc.constantFrom(null, 'police-restricted' as const, 'health-restricted' as const),
        (s, people, sinceDue, later, restriction) => {
          const owner = people[0]?.userId ?? 'nobody';
          const fact = { ...action, ownerUserId: owner, createdBy: owner, restriction, members: people };
          const first = [
            ...overdueActionReminders(fact, at(sinceDue), s),
            ...staleEscalationReminders(
              { ...fact, dissentId: fact.actionId, dissentingAgency: 'police', lastStepId: 'x', lastStepAt: due },
              at(sinceDue),
              s,
            ),
          ].map(reminderKeyString);
          expect(new Set(first).size).toBe(first.length);
          const second = new Set(
            [
              ...overdueActionReminders(fact, at(sinceDue + later), s),
              ...staleEscalationReminders(
                { ...fact, dissentId: fact.actionId, dissentingAgency: 'police', lastStepId: 'x', lastStepAt: due },
                at(sinceDue + later),
                s,
              ),
            ].map(reminderKeyString),
          );
          for (const key of first) expect(second.has(key)).toBe(true);
        },
      ),
    );
  });
});
