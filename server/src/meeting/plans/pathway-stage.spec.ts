import { pathwayStage, type StageFacts } from './pathway-stage';

const at = (iso: string) => new Date(iso);
const facts = (overrides: Partial<StageFacts> = {}): StageFacts => ({
  plan: null,
  latestIcpcOutcome: null,
  s47StartedAt: null,
  ...overrides,
});

describe('pathwayStage', () => {
  it('is the strategy discussion until section 47 enquiries start, then the enquiry until the ICPC decides', () => {
    expect(pathwayStage(facts())).toBe('strategy-discussion');
    expect(pathwayStage(facts({ s47StartedAt: at('2026-03-02T13:00:00Z') }))).toBe('s47-enquiry');
    const noPlan = { outcome: 'no-plan' as const, recordedAt: at('2026-03-20T11:00:00Z') };
    expect(pathwayStage(facts({ s47StartedAt: at('2026-03-02T13:00:00Z'), latestIcpcOutcome: noPlan }))).toBe(
      'no-plan',
    );
  });

  it('is on a plan while one is active, and plan ended once it ended', () => {
    const icpc = { outcome: 'child-protection-plan' as const, recordedAt: at('2026-03-20T11:00:00Z') };
    const base = { s47StartedAt: at('2026-03-02T13:00:00Z'), latestIcpcOutcome: icpc };
    expect(pathwayStage(facts({ ...base, plan: { status: 'active', endedAt: null } }))).toBe('child-protection-plan');
    const ended = { status: 'ended' as const, endedAt: at('2026-06-18T11:00:00Z') };
    expect(pathwayStage(facts({ ...base, plan: ended }))).toBe('plan-ended');
    // A new enquiry after the plan ended.
    expect(pathwayStage(facts({ ...base, plan: ended, s47StartedAt: at('2027-01-05T10:00:00Z') }))).toBe('s47-enquiry');
  });
});
