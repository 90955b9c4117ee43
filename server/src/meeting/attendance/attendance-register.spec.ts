import type { Apology } from '@roundtable/shared/lifecycle';
import { buildRegister, type RegisterInput, type RegisterPerson } from './attendance-register';

const t = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
const person = (userId: string, agency: RegisterPerson['agency'], role: RegisterPerson['role'] = 'participant') => ({
  userId,
  displayName: userId,
  jobTitle: 'Job',
  agency,
  organisation: null,
  role,
});
const people = [
  person('chair', 'childrens-social-care', 'chair'),
  person('police', 'police'),
  person('health', 'health'),
  person('school', 'education'),
];
const concluded = { id: 'm', status: 'concluded' as const, startedAt: t('13:00'), concludedAt: t('13:50') };

describe('buildRegister', () => {
  it('counts only time while the discussion was live, merging overlapping connections', () => {
    const input: RegisterInput = {
      meeting: concluded,
      people,
      periods: [
        { userId: 'chair', joinedAt: t('12:55'), leftAt: t('13:55') },
        { userId: 'police', joinedAt: t('13:10'), leftAt: t('13:30') },
        { userId: 'police', joinedAt: t('13:20'), leftAt: t('13:40') }, // a second tab
        { userId: 'school', joinedAt: t('12:00'), leftAt: t('12:30') }, // before the start: not attendance
      ],
      apologies: new Map(),
    };
    const register = buildRegister(input, t('15:00'));
    expect(register.attendees.map((a) => [a.userId, a.firstJoinedAt, a.lastLeftAt, a.totalSeconds])).toEqual([
      ['chair', t('13:00').toISOString(), t('13:50').toISOString(), 50 * 60],
      ['police', t('13:10').toISOString(), t('13:40').toISOString(), 30 * 60],
    ]);
    expect(register.absent.map((a) => a.userId)).toEqual(['health', 'school']);
    expect(register.missingMinimumAgencies).toEqual(['health']);
  });

  it('lists apologies with the absent and shows who is still in the room of a live discussion', () => {
    const apology: Apology = {
      reason: 'Clinic',
      recordedBy: { userId: 'health', displayName: 'health', agency: 'health' },
      recordedAt: t('12:00').toISOString(),
    };
    const register = buildRegister(
      {
        meeting: { id: 'm', status: 'live', startedAt: t('13:00'), concludedAt: null },
        people,
        periods: [{ userId: 'chair', joinedAt: t('13:05'), leftAt: null }],
        apologies: new Map([['health', apology]]),
      },
      t('13:15'),
    );
    expect(register.attendees).toEqual([
      expect.objectContaining({ userId: 'chair', present: true, lastLeftAt: null, totalSeconds: 600 }),
    ]);
    expect(register.absent.find((a) => a.userId === 'health')?.apology).toEqual(apology);
  });

  it('counts nobody before the discussion starts, and keeps a former member who attended', () => {
    const scheduled = buildRegister(
      {
        meeting: { id: 'm', status: 'scheduled', startedAt: null, concludedAt: null },
        people,
        periods: [{ userId: 'chair', joinedAt: t('12:00'), leftAt: null }],
        apologies: new Map(),
      },
      t('12:30'),
    );
    expect(scheduled.attendees).toEqual([]);
    expect(scheduled.missingMinimumAgencies).toEqual(['childrens-social-care', 'police', 'health']);

    const former = buildRegister(
      {
        meeting: concluded,
        people: [...people, person('gone', 'other', null)],
        periods: [{ userId: 'gone', joinedAt: t('13:00'), leftAt: t('13:05') }],
        apologies: new Map(),
      },
      t('15:00'),
    );
    expect(former.attendees).toEqual([expect.objectContaining({ userId: 'gone', role: null, totalSeconds: 300 })]);
    expect(former.absent.map((a) => a.userId)).not.toContain('gone');
  });
});
