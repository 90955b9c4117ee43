import { DomainError } from '../../platform/errors/domain-error';
import { S47_THRESHOLD_TEMPLATE } from '@roundtable/shared/decisions';
import {
  assertNoOptionConflict,
  assertStageNotLower,
  canMoveEscalation,
  currentStage,
  unknownKeys,
} from './decision-rules';

describe('decision rules', () => {
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

  it('refuses exclusive options as ContradictoryDecision on the chosenOptions field, naming both', () => {
    const decision = { options: S47_THRESHOLD_TEMPLATE.options, optionExclusions: S47_THRESHOLD_TEMPLATE.exclusions };
    expect(() => assertNoOptionConflict(['s47-joint', 'refer-marac'], decision)).not.toThrow();
    let error: unknown;
    try {
      assertNoOptionConflict(['nfa', 's47-joint'], decision);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'ContradictoryDecision', fields: [{ path: 'chosenOptions' }] });
    expect((error as Error).message).toMatch(
      /^'No further action' cannot be recorded with 'Section 47 enquiry: joint with police'/,
    );
  });
});
