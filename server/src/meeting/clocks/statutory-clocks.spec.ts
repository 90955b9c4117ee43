import { DEFAULT_CLOCK_RULES } from '@roundtable/shared/lifecycle';
import { type ClockFacts, computeClocks } from './statutory-clocks';

const facts = (overrides: Partial<ClockFacts> = {}): ClockFacts => ({
  meeting: { status: 'live', concludedAt: null, reviewDate: null },
  s47Start: null,
  icpcsHeld: [],
  recordSealedAt: null,
  recordCirculatedAt: null,
  reviews: [],
  ...overrides,
});
const clock = (f: ClockFacts, key: string, now = '2026-03-10T12:00:00Z') =>
  computeClocks(f, DEFAULT_CLOCK_RULES, new Date(now)).find((c) => c.key === key);

describe('computeClocks', () => {
  it('starts nothing for a discussion without s47, conclusion or review', () => {
    expect(computeClocks(facts(), DEFAULT_CLOCK_RULES, new Date()).map((c) => c.status)).toEqual([
      'not-started',
      'not-started',
      'not-started',
    ]);
  });

  it('runs the ICPC clock 15 working days from the discussion that started s47, then is overdue', () => {
    const f = facts({ s47Start: { reference: 'SD-DEMO-001', discussedAt: new Date('2026-03-02T13:45:00Z') } });
    expect(clock(f, 'icpc')).toMatchObject({
      status: 'running',
      dueDate: '2026-03-23',
      dueAt: '2026-03-23T23:59:59.999Z',
    });
    expect(clock(f, 'icpc', '2026-03-24T00:00:00Z')?.status).toBe('overdue');
  });

  it('meets the ICPC clock once a conference about each child it started s47 for has started, late or not', () => {
    const s47Start = { reference: 'SD-DEMO-001', discussedAt: new Date('2026-03-02T13:45:00Z') };
    const one = clock(
      facts({ s47Start, icpcsHeld: [new Date('2026-03-20T10:00:00Z')] }),
      'icpc',
      '2026-04-01T00:00:00Z',
    );
    expect(one).toMatchObject({ status: 'met', dueDate: '2026-03-23' });
    expect(one?.basis).toMatch(/The initial child protection conference was held on 2026-03-20\.$/);
    // The basis names no conference: a member of the discussion need not be one of the conference.
    expect(one?.basis).not.toMatch(/ICPC-/);

    const siblings = facts({
      s47Start,
      icpcsHeld: [new Date('2026-03-20T10:00:00Z'), new Date('2026-03-24T10:00:00Z')],
    });
    expect(clock(siblings, 'icpc')).toMatchObject({ status: 'met' });
    expect(clock(siblings, 'icpc')?.basis).toContain(
      'An initial child protection conference was held for each of the 2 children, the last late on 2026-03-24.',
    );

    // A sibling still waiting for theirs: the clock runs on, then is overdue.
    const waiting = facts({ s47Start, icpcsHeld: [new Date('2026-03-20T10:00:00Z'), null] });
    expect(clock(waiting, 'icpc')?.status).toBe('running');
    expect(clock(waiting, 'icpc', '2026-03-24T00:00:00Z')?.status).toBe('overdue');
  });

  it('counts the ICPC clock past the Easter bank holidays', () => {
    const f = facts({ s47Start: { reference: 'SD-1', discussedAt: new Date('2026-04-02T10:00:00Z') } });
    expect(clock(f, 'icpc')?.dueDate).toBe('2026-04-27');
  });

  it('meets record circulation once the record has gone out to its recipients, not when it is sealed', () => {
    const concluded = { status: 'concluded' as const, concludedAt: new Date('2026-03-06T15:00:00Z'), reviewDate: null };
    expect(clock(facts({ meeting: concluded }), 'record-circulation', '2026-03-09T12:00:00Z')).toMatchObject({
      status: 'running',
      dueDate: '2026-03-09',
    });
    expect(clock(facts({ meeting: concluded }), 'record-circulation', '2026-03-10T00:00:00Z')?.status).toBe('overdue');
    const sealed = facts({ meeting: concluded, recordSealedAt: new Date('2026-03-06T15:00:01Z') });
    expect(clock(sealed, 'record-circulation', '2026-03-09T12:00:00Z')).toMatchObject({
      status: 'running',
      basis: expect.stringContaining('has not been circulated yet'),
    });
    expect(clock(sealed, 'record-circulation', '2026-03-20T00:00:00Z')?.status).toBe('overdue');
    const sent = { ...sealed, recordCirculatedAt: new Date('2026-03-09T10:00:00Z') };
    expect(clock(sent, 'record-circulation', '2026-03-20T00:00:00Z')).toMatchObject({
      status: 'met',
      basis: expect.stringMatching(/circulated on 2026-03-09\.$/),
    });
    const late = { ...sealed, recordCirculatedAt: new Date('2026-03-11T10:00:00Z') };
    expect(clock(late, 'record-circulation', '2026-03-20T00:00:00Z')).toMatchObject({
      status: 'met',
      basis: expect.stringContaining('circulated late, on 2026-03-11'),
    });
  });

  it('runs the review clock to the chair’s review date, met once a review discussion starts', () => {
    const meeting = {
      status: 'concluded' as const,
      concludedAt: new Date('2026-03-02T14:00:00Z'),
      reviewDate: '2026-03-05',
    };
    expect(clock(facts({ meeting }), 'review', '2026-03-04T12:00:00Z')).toMatchObject({
      status: 'running',
      dueDate: '2026-03-05',
    });
    expect(clock(facts({ meeting }), 'review', '2026-03-06T12:00:00Z')?.status).toBe('overdue');
    const reviews = [
      {
        reference: 'SD-1-R1',
        scheduledAt: new Date('2026-03-05T10:00:00Z'),
        startedAt: new Date('2026-03-05T10:02:00Z'),
      },
    ];
    expect(clock(facts({ meeting, reviews }), 'review', '2026-03-06T12:00:00Z')?.status).toBe('met');
  });

  it('takes the review date from the next review discussion when the chair set none', () => {
    const meeting = { status: 'concluded' as const, concludedAt: new Date('2026-03-02T14:00:00Z'), reviewDate: null };
    const reviews = [{ reference: 'SD-1-R1', scheduledAt: new Date('2026-03-12T10:00:00Z'), startedAt: null }];
    expect(clock(facts({ meeting, reviews }), 'review')).toMatchObject({ status: 'running', dueDate: '2026-03-12' });
  });
});
