import { DEFAULT_CLOCK_RULES } from '@roundtable/shared/lifecycle';
import type { PathwayClockKey } from '@roundtable/shared/pathway';
import { addCalendarMonths, computePathwayClocks, lastWorkingDayOnOrBefore, type PathwayFacts } from './pathway-clocks';

const rules = DEFAULT_CLOCK_RULES;
const england = { timeZone: rules.timeZone, workingWeek: rules.workingWeek, bankHolidays: rules.bankHolidays };
const held = (reference: string, at: string) => ({ reference, startedAt: new Date(at) });

function buildFacts(overrides: Partial<PathwayFacts> = {}): PathwayFacts {
  return { s47Start: null, icpcs: [], coreGroups: [], reviewConferences: [], plan: null, ...overrides };
}

/** A plan started by ICPC-1, held at `icpcAt` (UTC). */
function onPlan(icpcAt: string, overrides: Partial<NonNullable<PathwayFacts['plan']>> = {}): PathwayFacts['plan'] {
  return {
    status: 'active',
    startedAt: new Date(icpcAt),
    startedBy: { reference: 'ICPC-1', startedAt: new Date(icpcAt) },
    endedAt: null,
    coreGroupEveryWeeks: 6,
    ...overrides,
  };
}

const clockOf = (facts: PathwayFacts, key: PathwayClockKey, now = '2026-03-01T12:00:00Z') =>
  computePathwayClocks(facts, rules, new Date(now)).find((c) => c.key === key);

describe('pathway clocks', () => {
  it('starts nothing before section 47 enquiries start', () => {
    expect(computePathwayClocks(buildFacts(), rules, new Date()).map((c) => [c.key, c.status])).toEqual([
      ['icpc', 'not-started'],
      ['first-core-group', 'not-started'],
      ['core-group', 'not-started'],
      ['first-review-conference', 'not-started'],
      ['review-conference', 'not-started'],
    ]);
  });

  it('follows DOMAIN-PATHWAY §9.1 item 2: ICPC Friday 20 March 2026 → first core group Tuesday 7 April (Easter skipped), review by Friday 19 June', () => {
    const facts = buildFacts({ plan: onPlan('2026-03-20T10:00:00Z') });
    expect(clockOf(facts, 'first-core-group', '2026-03-23T09:00:00Z')).toMatchObject({
      status: 'running',
      dueDate: '2026-04-07',
      dueAt: '2026-04-07T22:59:59.999Z',
    });
    // 20 June 2026 is a Saturday: due by the last working day before it.
    expect(clockOf(facts, 'first-review-conference', '2026-03-23T09:00:00Z')).toMatchObject({
      status: 'running',
      dueDate: '2026-06-19',
      dueAt: '2026-06-19T22:59:59.999Z',
    });
  });

  it('runs the ICPC clock across the BST change and the Easter bank holidays, due at the end of the day in BST', () => {
    // Friday 20 March 2026 is GMT; the clocks go forward on 29 March; Good Friday 3 and Easter Monday 6 April.
    const facts = buildFacts({ s47Start: { reference: 'SD-1', discussedAt: new Date('2026-03-20T15:30:00Z') } });
    const due = { dueDate: '2026-04-14', dueAt: '2026-04-14T22:59:59.999Z' };
    expect(clockOf(facts, 'icpc', '2026-04-14T22:59:59.999Z')).toMatchObject({ ...due, status: 'running' });
    // 00:00 BST on 15 April is 23:00 UTC on the 14th: overdue from then, not an hour later.
    expect(clockOf(facts, 'icpc', '2026-04-14T23:00:00.000Z')).toMatchObject({ ...due, status: 'overdue' });
  });

  it('meets the ICPC clock once an ICPC held after the section 47 discussion started, saying when it was late', () => {
    const s47Start = { reference: 'SD-1', discussedAt: new Date('2026-03-02T13:00:00Z') };
    const earlier = held('ICPC-OLD', '2025-10-01T10:00:00Z');
    expect(clockOf(buildFacts({ s47Start, icpcs: [earlier] }), 'icpc')?.status).toBe('running');
    const late = clockOf(buildFacts({ s47Start, icpcs: [earlier, held('ICPC-1', '2026-03-25T10:00:00Z')] }), 'icpc');
    expect(late).toMatchObject({ status: 'met', dueDate: '2026-03-23' });
    expect(late?.basis).toContain('ICPC-1 was held late on 2026-03-25');
  });

  it('clamps to the month end: an ICPC on 30 November is reviewed by 28 February, or the last working day before', () => {
    expect(addCalendarMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addCalendarMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-08-31', 1)).toBe('2026-09-30');
    // Sunday 28 February 2027: Friday 26 February.
    const facts = buildFacts({ plan: onPlan('2026-11-30T10:00:00Z') });
    expect(clockOf(facts, 'first-review-conference', '2026-12-01T10:00:00Z')).toMatchObject({
      status: 'running',
      dueDate: '2027-02-26',
      dueAt: '2027-02-26T23:59:59.999Z',
    });
  });

  it('moves a calendar due day back past a bank holiday', () => {
    expect(lastWorkingDayOnOrBefore('2026-04-06', england)).toBe('2026-04-02');
    expect(lastWorkingDayOnOrBefore('2026-04-07', england)).toBe('2026-04-07');
  });

  it('runs the next core group at the plan’s frequency after the last one, and the next review six months after the last', () => {
    const facts = buildFacts({
      plan: onPlan('2026-03-20T10:00:00Z', { coreGroupEveryWeeks: 4 }),
      coreGroups: [held('CG-1', '2026-04-02T09:00:00Z'), held('CG-2', '2026-04-30T09:00:00Z')],
      reviewConferences: [held('RCPC-1', '2026-06-18T09:00:00Z')],
    });
    const now = '2026-05-01T09:00:00Z';
    expect(clockOf(facts, 'first-core-group', now)).toMatchObject({ status: 'met', dueDate: '2026-04-07' });
    // 4 weeks after Thursday 30 April is Thursday 28 May.
    expect(clockOf(facts, 'core-group', now)).toMatchObject({ status: 'running', dueDate: '2026-05-28' });
    expect(clockOf(facts, 'core-group', '2026-05-29T09:00:00Z')?.status).toBe('overdue');
    expect(clockOf(facts, 'first-review-conference', now)).toMatchObject({ status: 'met', dueDate: '2026-06-19' });
    // 18 December 2026 is a Friday.
    expect(clockOf(facts, 'review-conference', now)).toMatchObject({ status: 'running', dueDate: '2026-12-18' });
  });

  it('counts only meetings held since the plan’s ICPC, and leaves the plan clocks out once the plan ended', () => {
    const before = held('CG-OLD', '2025-01-10T10:00:00Z');
    const facts = buildFacts({ plan: onPlan('2026-03-20T10:00:00Z'), coreGroups: [before] });
    expect(clockOf(facts, 'first-core-group', '2026-04-08T10:00:00Z')?.status).toBe('overdue');
    expect(clockOf(facts, 'core-group', '2026-04-08T10:00:00Z')?.status).toBe('not-started');

    const ended = buildFacts({
      plan: onPlan('2026-03-20T10:00:00Z', { status: 'ended', endedAt: new Date('2026-06-18T11:00:00Z') }),
    });
    expect(computePathwayClocks(ended, rules, new Date('2026-09-01T00:00:00Z')).map((c) => c.key)).toEqual(['icpc']);
  });
});
