import { AGENCIES, AGENCY_LABELS, LIMITS, type Agency } from '@roundtable/shared/constants';
import type { DecisionResponse, PersonRef } from '@roundtable/shared/decisions';
import type { ChildResponse, MemberResponse } from '@roundtable/shared/schemas';
import { decisionName } from '../decisions/decisionText';
import type { FieldErrors } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import type { ActionDraft } from './actionDraft';

const AGENCY_OPTIONS = [
  { value: '' as const, text: 'Choose an agency' },
  ...AGENCIES.map((value) => ({ value, text: AGENCY_LABELS[value] })),
];

/** Input ids for a form whose ids start with `prefix`, keyed by request field. */
export function actionFieldIds(prefix: string) {
  return {
    description: `${prefix}-description`,
    ownerUserId: `${prefix}-owner`,
    ownerAgency: `${prefix}-owner-agency`,
    dueAt: `${prefix}-due`,
    childId: `${prefix}-child`,
    decisionId: `${prefix}-decision`,
  };
}

interface ActionFieldsProps {
  idPrefix: string;
  draft: ActionDraft;
  onChange: (change: Partial<ActionDraft>) => void;
  errors: FieldErrors;
  members: readonly MemberResponse[];
  meetingChildren: readonly ChildResponse[];
  decisions: readonly DecisionResponse[];
  /** The current owner, listed even if no longer a member. */
  currentOwner?: PersonRef;
}

/** What, who (person and agency), when, and optionally which child and decision: shared by adding and changing an action. */
export function ActionFields(props: ActionFieldsProps) {
  const { draft, onChange, errors, members, currentOwner } = props;
  const ids = actionFieldIds(props.idPrefix);
  const people = members.map((m) => ({ userId: m.userId, displayName: m.displayName, agency: m.agency }));
  if (currentOwner && !people.some((p) => p.userId === currentOwner.userId)) people.push(currentOwner);

  function chooseOwner(userId: string) {
    // The owner's agency follows the person chosen; it can still be changed afterwards.
    const agency = people.find((p) => p.userId === userId)?.agency;
    onChange({ ownerUserId: userId, ...(agency ? { ownerAgency: agency } : {}) });
  }

  return (
    <>
      <TextareaField
        id={ids.description}
        name="description"
        label="What needs to be done"
        hint={`Up to ${LIMITS.actionDescriptionMaxLength} characters.`}
        value={draft.description}
        onChange={(description) => onChange({ description })}
        error={errors.description}
        rows={2}
        labelClass="govuk-label--s"
      />
      <SelectField
        id={ids.ownerUserId}
        name="ownerUserId"
        label="Owner"
        value={draft.ownerUserId}
        options={[
          { value: '', text: 'Choose a person' },
          ...people.map((p) => ({ value: p.userId, text: `${p.displayName} (${AGENCY_LABELS[p.agency]})` })),
        ]}
        onChange={chooseOwner}
        error={errors.ownerUserId}
        labelClass="govuk-label--s"
      />
      <SelectField<Agency | ''>
        id={ids.ownerAgency}
        name="ownerAgency"
        label="Owner’s agency"
        hint="Filled in from the owner; change it if they act for another agency."
        value={draft.ownerAgency}
        options={AGENCY_OPTIONS}
        onChange={(ownerAgency) => onChange({ ownerAgency })}
        error={errors.ownerAgency}
        labelClass="govuk-label--s"
      />
      <TextField
        id={ids.dueAt}
        name="due"
        type="datetime-local"
        label="Due"
        hint="Date and time, UK time."
        value={draft.due}
        onChange={(due) => onChange({ due })}
        error={errors.dueAt}
        labelClass="govuk-label--s"
      />
      {props.meetingChildren.length > 0 && (
        <SelectField
          id={ids.childId}
          name="childId"
          label="Child (optional)"
          value={draft.childId}
          options={[
            { value: '', text: 'Not about one child' },
            ...props.meetingChildren.map((c) => ({ value: c.id, text: c.name })),
          ]}
          onChange={(childId) => onChange({ childId })}
          error={errors.childId}
          labelClass="govuk-label--s"
        />
      )}
      {props.decisions.length > 0 && (
        <SelectField
          id={ids.decisionId}
          name="decisionId"
          label="Decision (optional)"
          value={draft.decisionId}
          options={[
            { value: '', text: 'Not linked to a decision' },
            ...props.decisions.map((d) => ({ value: d.id, text: decisionName(d, props.meetingChildren) })),
          ]}
          onChange={(decisionId) => onChange({ decisionId })}
          error={errors.decisionId}
          labelClass="govuk-label--s"
        />
      )}
    </>
  );
}
