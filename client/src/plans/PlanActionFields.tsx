import { PATHWAY_LIMITS } from '@roundtable/shared/pathway';
import type { FieldErrors } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { DateInputField } from '../forms/DateInputField';
import type { ActionDraft } from './planDraft';
import { planFieldIds } from './planDraft';
import { PLAN_AGENCY_OPTIONS } from './planLabels';

interface PlanActionFieldsProps {
  idPrefix: string;
  outcomeIndex: number;
  index: number;
  action: ActionDraft;
  errors: FieldErrors;
  onChange: (change: Partial<ActionDraft>) => void;
  onRemove: () => void;
}

/** One action of an outcome: what, who (a professional or a family member), their agency, when, and progress so far. */
export function PlanActionFields({
  idPrefix,
  outcomeIndex: o,
  index: a,
  action,
  errors,
  onChange,
  onRemove,
}: PlanActionFieldsProps) {
  const ids = planFieldIds(idPrefix);
  const path = `content.outcomes.${o}.actions.${a}`;
  const name = `action ${a + 1} of outcome ${o + 1}`;
  return (
    <fieldset className="govuk-fieldset rt-plan-action" data-action-id={action.id}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
        Action {a + 1}
        <span className="govuk-visually-hidden"> of outcome {o + 1}</span>
      </legend>
      <TextareaField
        id={ids.actionText(o, a)}
        name="text"
        label="What will be done"
        value={action.text}
        onChange={(text) => onChange({ text })}
        error={errors[`${path}.text`]}
        rows={2}
      />
      <TextField
        id={ids.actionOwner(o, a)}
        name="owner"
        label="Who will do it"
        hint="A professional or a family member, by name or role. For example, Health visitor or Ms Testcase."
        value={action.owner}
        onChange={(owner) => onChange({ owner })}
        error={errors[`${path}.owner`]}
        widthClass="govuk-!-width-two-thirds"
      />
      <SelectField
        id={ids.actionAgency(o, a)}
        name="agency"
        label="Their agency"
        value={action.agency}
        options={[{ value: '' as const, text: 'Choose an agency or the family' }, ...PLAN_AGENCY_OPTIONS]}
        onChange={(agency) => onChange({ agency })}
        error={errors[`${path}.agency`]}
      />
      <DateInputField
        id={ids.actionDue(o, a)}
        legend="Due date"
        hint="For example, 27 3 2026."
        value={action.due}
        onChange={(due) => onChange({ due })}
        error={errors[`${path}.dueDate`]}
      />
      <TextareaField
        id={ids.actionProgress(o, a)}
        name="progress"
        label="Progress (optional)"
        hint={`What has happened and the difference it made for the child. Up to ${PATHWAY_LIMITS.planTextMaxLength} characters.`}
        value={action.progress}
        onChange={(progress) => onChange({ progress })}
        error={errors[`${path}.progress`]}
        rows={2}
      />
      <button type="button" className="govuk-button govuk-button--secondary" onClick={onRemove}>
        Remove<span className="govuk-visually-hidden"> {name}</span>
      </button>
    </fieldset>
  );
}
