import { DomainError } from '../../platform/errors/domain-error';
import {
  assertStageNotLower,
  canActOnEscalation,
  canMoveEscalation,
  canRecordLaDecision,
  canSpeakForAgency,
  currentStage,
  unknownKeys,
} from './decision-rules';

describe('decision rules', () => {
  it('lets only the chair and participants speak for their agency', () => {
    expect(canSpeakForAgency('chair')).toBe(true);
    expect(canSpeakForAgency('participant')).toBe(true);
    expect(canSpeakForAgency('minute-taker')).toBe(false);
    expect(canSpeakForAgency('observer')).toBe(false);
  });

  it("lets only a chair from children's social care record the local authority's decision", () => {
    expect(canRecordLaDecision('chair', 'childrens-social-care')).toBe(true);
    expect(canRecordLaDecision('chair', 'police')).toBe(false);
    expect(canRecordLaDecision('participant', 'childrens-social-care')).toBe(false);
  });

  it('lets the dissenting agency and the chair carry an escalation on', () => {
    expect(canActOnEscalation('participant', 'police', 'police')).toBe(true);
    expect(canActOnEscalation('chair', 'childrens-social-care', 'police')).toBe(true);
    expect(canActOnEscalation('participant', 'health', 'police')).toBe(false);
    expect(canActOnEscalation('observer', 'police', 'police')).toBe(false);
    expect(canActOnEscalation('minute-taker', 'police', 'police')).toBe(false);
  });

  it('moves an escalation up or keeps it, never down, and jumps stages when needed', () => {
    expect(canMoveEscalation('practitioner', 'practitioner')).toBe(true);
    expect(canMoveEscalation('practitioner', 'line-manager')).toBe(true);
    expect(canMoveEscalation('practitioner', 'partnership')).toBe(true);
    expect(canMoveEscalation('senior-manager', 'line-manager')).toBe(false);
    expect(canMoveEscalation('partnership', 'practitioner')).toBe(false);
  });

  it('refuses a step down as a ValidationFailed on the stage field', () => {
    expect(() => assertStageNotLower('line-manager', 'line-manager')).not.toThrow();
    let error: unknown;
    try {
      assertStageNotLower('senior-manager', 'practitioner');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'ValidationFailed', fields: [{ path: 'stage' }] });
  });

  it('reads the current stage from the latest step', () => {
    expect(currentStage([{ stage: 'practitioner' }, { stage: 'senior-manager' }])).toBe('senior-manager');
    expect(() => currentStage([])).toThrow();
  });

  it('names chosen keys that are not options of the decision', () => {
    const options = [
      { key: 'nfa', label: 'No further action' },
      { key: 's47-joint', label: 'Joint' },
    ];
    expect(unknownKeys(['s47-joint', 'made-up', 'nfa'], options)).toEqual(['made-up']);
  });
});
