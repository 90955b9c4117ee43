import { AGENCY_LABELS } from '@roundtable/shared/constants';
import {
  CONFERENCE_OUTCOME_LABELS,
  CP_CATEGORIES,
  CP_CATEGORY_LABELS,
  ESCALATION_ROUTE_LABELS,
  ESCALATION_ROUTES,
  OUTCOMES_BY_MEETING_TYPE,
  RecordConferenceOutcomeRequestSchema,
  STEP_DOWN_LABELS,
  STEP_DOWN_TARGETS,
  type ConferenceOutcomeResponse,
  type CpCategory,
} from '@roundtable/shared/pathway';
import type { ChildResponse, MeetingDetail } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { EMPTY_OUTCOME_DRAFT, outcomeRequest, type OutcomeDraft } from './outcomeDraft';

const FIELD_ORDER = [
  'outcome',
  'categories',
  'leadProfessionalUserId',
  'coreGroupUserIds',
  'stepDown',
  'route',
  'reasons',
];

const OUTCOME_HINTS: Partial<Record<string, string>> = {
  'child-protection-plan': 'The child is likely to suffer significant harm.',
  'no-plan': 'A Family Help or child in need plan, or no further action.',
  'end-plan': 'The child is no longer likely to suffer significant harm. Services step down; they do not just stop.',
  escalate: 'A legal planning meeting or pre-proceedings. The plan continues meanwhile.',
};

interface OutcomeFormProps {
  meeting: MeetingDetail;
  child: ChildResponse;
  /** The plan's latest categories: where continuing the plan starts from. */
  currentCategories?: readonly CpCategory[];
  onRecorded: (outcome: ConferenceOutcomeResponse) => void;
}

/**
 * The conference chair's decision for one child (DOMAIN-PATHWAY §1.5, §3,
 * §9.1 item 3): a signed entry, never computed from agencies' views. The
 * outcomes offered are the meeting type's; each asks for what goes with it.
 * Test hook: `[data-testid=outcome-form]`.
 */
export function OutcomeForm({ meeting, child, currentCategories, onRecorded }: OutcomeFormProps) {
  const [draft, setDraft] = useState<OutcomeDraft>(EMPTY_OUTCOME_DRAFT);
  const form = useFormSubmission();
  const prefix = `outcome-${child.childId}`;
  const ids = {
    outcome: `${prefix}-outcome`,
    categories: `${prefix}-categories`,
    leadProfessionalUserId: `${prefix}-lead-professional`,
    coreGroupUserIds: `${prefix}-core-group`,
    stepDown: `${prefix}-step-down`,
    route: `${prefix}-route`,
    reasons: `${prefix}-reasons`,
  };
  const allowed = OUTCOMES_BY_MEETING_TYPE[meeting.type] ?? [];
  const set = (change: Partial<OutcomeDraft>) => setDraft((previous) => ({ ...previous, ...change }));
  const members = meeting.members.map((m) => ({
    value: m.userId,
    text: `${m.displayName} (${AGENCY_LABELS[m.agency]})`,
  }));
  const categoryOptions = CP_CATEGORIES.map((value) => ({ value, text: CP_CATEGORY_LABELS[value] }));
  const stepDownOptions = STEP_DOWN_TARGETS.map((value) => ({ value, text: STEP_DOWN_LABELS[value] }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors } = outcomeRequest(draft);
    const valid = form.validate(RecordConferenceOutcomeRequestSchema, body, errors);
    if (!valid) return;
    await form.send(async () => onRecorded(await api.conferences.outcomes.record(meeting.id, child.childId, valid)));
  }

  const summary = toSummary(
    form.errors,
    FIELD_ORDER,
    (path) => (ids as Record<string, string>)[path.split('.')[0] ?? ''],
    ids.outcome,
  );
  const { outcome } = draft;
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="outcome-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField
        id={ids.outcome}
        legend={`Decision for ${child.name}`}
        value={outcome}
        options={allowed.map((value) => ({
          value,
          text: CONFERENCE_OUTCOME_LABELS[value],
          hint: OUTCOME_HINTS[value],
        }))}
        onChange={(value) =>
          // Continuing a plan starts from its categories as they are; the chair changes them if the review does.
          set({
            outcome: value,
            ...(value === 'continue-plan' && draft.categories.length === 0 && currentCategories
              ? { categories: [...currentCategories] }
              : {}),
          })
        }
        error={form.errors.outcome}
        legendClass="govuk-fieldset__legend--m"
      />
      {(outcome === 'child-protection-plan' || outcome === 'continue-plan') && (
        <CheckboxesField
          id={ids.categories}
          legend="Category of abuse"
          hint="Select all that apply."
          values={draft.categories}
          options={categoryOptions}
          onChange={(categories) => set({ categories })}
          error={form.errors.categories}
          small
        />
      )}
      {outcome === 'child-protection-plan' && (
        <>
          <SelectField
            id={ids.leadProfessionalUserId}
            name="leadProfessionalUserId"
            label="Lead professional"
            hint="The social worker who leads the plan: the lead child protection practitioner."
            value={draft.leadProfessionalUserId}
            options={[{ value: '', text: 'Choose a person' }, ...members]}
            onChange={(leadProfessionalUserId) => set({ leadProfessionalUserId })}
            error={form.errors.leadProfessionalUserId}
            labelClass="govuk-label--s"
          />
          <CheckboxesField
            id={ids.coreGroupUserIds}
            legend="Core group"
            hint="The professionals in this conference who will work the plan. Family members join the core group too: name them in the plan."
            values={draft.coreGroupUserIds}
            options={members}
            onChange={(coreGroupUserIds) => set({ coreGroupUserIds })}
            error={form.errors.coreGroupUserIds}
            small
          />
        </>
      )}
      {(outcome === 'no-plan' || outcome === 'end-plan') && (
        <RadiosField
          id={ids.stepDown}
          legend="What the child steps down to"
          value={draft.stepDown}
          options={stepDownOptions}
          onChange={(stepDown) => set({ stepDown })}
          error={form.errors.stepDown}
          small
        />
      )}
      {outcome === 'escalate' && (
        <RadiosField
          id={ids.route}
          legend="Where the case is escalated to"
          value={draft.route}
          options={ESCALATION_ROUTES.map((value) => ({ value, text: ESCALATION_ROUTE_LABELS[value] }))}
          onChange={(route) => set({ route })}
          error={form.errors.route}
          small
        />
      )}
      <TextareaField
        id={ids.reasons}
        name="reasons"
        label="Reasons for the decision"
        hint="Including why you differ from any agency’s recommendation."
        value={draft.reasons}
        onChange={(reasons) => set({ reasons })}
        error={form.errors.reasons}
        labelClass="govuk-label--s"
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Record the decision<span className="govuk-visually-hidden"> for {child.name}</span>
      </button>
    </form>
  );
}
