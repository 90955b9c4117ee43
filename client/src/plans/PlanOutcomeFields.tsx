import { PATHWAY_LIMITS } from '@roundtable/shared/pathway';
import type { FieldErrors } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { PlanActionFields } from './PlanActionFields';
import { planFieldIds, type ActionDraft, type OutcomeDraft } from './planDraft';

interface PlanOutcomeFieldsProps {
  idPrefix: string;
  index: number;
  outcome: OutcomeDraft;
  errors: FieldErrors;
  onChange: (outcome: OutcomeDraft) => void;
  onAddAction: () => void;
  onRemoveAction: (actionIndex: number) => void;
  onRemove: () => void;
}

/** One outcome (what must change) and its actions. */
export function PlanOutcomeFields(props: PlanOutcomeFieldsProps) {
  const { idPrefix, index: o, outcome, errors, onChange } = props;
  const ids = planFieldIds(idPrefix);
  const arrayError = errors[`content.outcomes.${o}.actions`];
  const changeAction = (a: number, change: Partial<ActionDraft>) =>
    onChange({
      ...outcome,
      actions: outcome.actions.map((action, i) => (i === a ? { ...action, ...change } : action)),
    });
  return (
    <div className="rt-plan-outcome" data-outcome-id={outcome.id}>
      <h5 className="govuk-heading-m">Outcome {o + 1}</h5>
      <TextareaField
        id={ids.outcomeText(o)}
        name="outcome"
        label="What must change"
        hint="Specific, measurable and about the child. For example, Ruby goes to school every day and arrives on time."
        value={outcome.text}
        onChange={(text) => onChange({ ...outcome, text })}
        error={errors[`content.outcomes.${o}.text`]}
        rows={3}
        labelClass="govuk-label--s"
      />
      {outcome.actions.map((action, a) => (
        <PlanActionFields
          key={action.id}
          idPrefix={idPrefix}
          outcomeIndex={o}
          index={a}
          action={action}
          errors={errors}
          onChange={(change) => changeAction(a, change)}
          onRemove={() => props.onRemoveAction(a)}
        />
      ))}
      {outcome.actions.length === 0 && <p className="govuk-body">This outcome has no actions yet.</p>}
      {arrayError && (
        <p className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {arrayError}
        </p>
      )}
      <div className="govuk-button-group">
        {outcome.actions.length < PATHWAY_LIMITS.planActionsPerOutcomeMax && (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            id={ids.addAction(o)}
            onClick={props.onAddAction}
          >
            Add an action<span className="govuk-visually-hidden"> to outcome {o + 1}</span>
          </button>
        )}
        <button type="button" className="govuk-button govuk-button--warning" onClick={props.onRemove}>
          Remove outcome {o + 1}
        </button>
      </div>
    </div>
  );
}
