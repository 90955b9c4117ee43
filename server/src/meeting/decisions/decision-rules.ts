import {
  type DecisionOption,
  ESCALATION_STAGE_LABELS,
  ESCALATION_STAGES,
  type EscalationStage,
  findOptionConflict,
  type OptionExclusion,
  optionConflictMessage,
} from '@roundtable/shared/decisions';
import type { FieldError } from '@roundtable/shared/errors';
import { DomainError } from '../../platform';

/**
 * The server's rules of decisions (DOMAIN.md §3.7): how an escalation may
 * move, and the validation errors DecisionsService throws inside its
 * transactions. Who may do what is `@roundtable/shared/permissions`.
 */

/** Position of a stage, lowest first. */
export function stageRank(stage: EscalationStage): number {
  return ESCALATION_STAGES.indexOf(stage);
}

/**
 * An escalation stays at its stage or moves up, never down. Any higher stage
 * is allowed at once: a child in immediate danger goes straight to the stage
 * needed (DOMAIN.md §3.7).
 */
export function canMoveEscalation(from: EscalationStage, to: EscalationStage): boolean {
  return stageRank(to) >= stageRank(from);
}

/** The stage an escalation is at: that of its latest step. */
export function currentStage(steps: readonly { stage: EscalationStage }[]): EscalationStage {
  const last = steps.at(-1);
  if (!last) throw new Error('an escalation always has its first step');
  return last.stage;
}

/** Refuses an escalation step that would move down, naming the field. */
export function assertStageNotLower(from: EscalationStage, to: EscalationStage): void {
  if (canMoveEscalation(from, to)) return;
  throw invalidField(
    'stage',
    `An escalation moves up, never down: it is at “${ESCALATION_STAGE_LABELS[from]}”. Choose that stage or a higher one`,
  );
}

/** Keys in `chosen` that are not among the decision's `options`. */
export function unknownKeys(chosen: readonly string[], options: readonly DecisionOption[]): string[] {
  return chosen.filter((key) => !options.some((o) => o.key === key));
}

/**
 * Refuses chosen options that the decision's template declares exclusive
 * (e.g. no further action with a section 47 enquiry), naming both options.
 */
export function assertNoOptionConflict(
  chosen: readonly string[],
  decision: { options: readonly DecisionOption[]; optionExclusions: readonly OptionExclusion[] },
): void {
  const conflict = findOptionConflict(chosen, decision.optionExclusions);
  if (!conflict) return;
  const message = optionConflictMessage(conflict, decision.options);
  throw new DomainError('ContradictoryDecision', message, [{ path: 'chosenOptions', message }]);
}

/** A ValidationFailed error about one field, as the zod validation would give it. */
export function invalidField(path: string, message: string): DomainError {
  const fields: FieldError[] = [{ path, message }];
  return new DomainError('ValidationFailed', `Invalid request – ${path}: ${message}`, fields);
}
