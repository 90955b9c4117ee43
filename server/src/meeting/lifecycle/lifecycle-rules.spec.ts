import { planConclusion, type UndecidedCandidate } from './lifecycle-rules';

const decision = (id: string, status: UndecidedCandidate['status']): UndecidedCandidate => ({
  id,
  title: `Decision ${id}`,
  status,
  openedAt: new Date('2026-03-02T13:05:00Z'),
});

describe('planConclusion', () => {
  const decisions = [decision('a', 'open'), decision('b', 'closed'), decision('c', 'decided')];

  it('blocks on every open or closed-but-undecided decision not listed', () => {
    const plan = planConclusion(decisions, []);
    expect(plan.undecided.map((d) => d.id)).toEqual(['a', 'b']);
    expect(plan.notReached).toEqual([]);
  });

  it('marks the listed ones not reached with their reasons', () => {
    const plan = planConclusion(decisions, [
      { decisionId: 'a', reason: 'Police information awaited' },
      { decisionId: 'b', reason: 'Needs the paediatrician' },
    ]);
    expect(plan.undecided).toEqual([]);
    expect(plan.notReached.map((n) => [n.decision.id, n.reason])).toEqual([
      ['a', 'Police information awaited'],
      ['b', 'Needs the paediatrician'],
    ]);
  });

  it('reports listed entries that are decided or unknown', () => {
    const plan = planConclusion(decisions, [
      { decisionId: 'c', reason: 'x' },
      { decisionId: 'zzz', reason: 'y' },
      { decisionId: 'a', reason: 'z' },
    ]);
    expect(plan.unknownEntries).toEqual([0, 1]);
    expect(plan.undecided.map((d) => d.id)).toEqual(['b']);
  });
});
