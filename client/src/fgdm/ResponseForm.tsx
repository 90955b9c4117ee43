import { PLAN_OUTCOME_LABELS, PLAN_OUTCOMES, type FgdmState, type PlanPresentation } from '@roundtable/shared/fgdm';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { fgdmApi } from './fgdmApi';
import { EMPTY_RESPONSE_DRAFT, responseRequest, type ResponseDraft } from './fgdmDrafts';

const IDS = {
  keepsChildSafe: 'response-keeps-safe',
  reasons: 'response-reasons',
  outcome: 'response-outcome',
} as const;

interface ResponseFormProps {
  meetingId: string;
  presentation: PlanPresentation;
  onRecorded: (state: FgdmState) => void;
}

/**
 * The professionals' response to a version of the family's plan (DOMAIN-PATHWAY
 * §5.2 "Agreeing the plan"): does it keep the child safe (the reasons are
 * required if not), and is it agreed, to be amended, or not agreed. Test hook:
 * `#fgdm-response-form`.
 */
export function ResponseForm({ meetingId, presentation, onRecorded }: ResponseFormProps) {
  const [draft, setDraft] = useState<ResponseDraft>(EMPTY_RESPONSE_DRAFT);
  const form = useFormSubmission();
  const set = (change: Partial<ResponseDraft>) => setDraft((previous) => ({ ...previous, ...change }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors } = responseRequest(draft);
    if (!body) return form.fail(errors);
    form.clearErrors();
    await form.send(async () => {
      onRecorded(await fgdmApi.respond(meetingId, presentation.id, body));
      setDraft(EMPTY_RESPONSE_DRAFT);
    });
  }

  return (
    <form id="fgdm-response-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <h4 className="govuk-heading-s">Your response to version {presentation.version} of the family’s plan</h4>
      <ErrorSummary
        errors={toSummary(
          form.errors,
          ['keepsChildSafe', 'reasons', 'outcome'],
          (path) => (IDS as Record<string, string>)[path],
          IDS.keepsChildSafe,
        )}
        description={form.generalError}
        attempt={form.attempt}
      />
      <RadiosField
        id={IDS.keepsChildSafe}
        legend="Does the family’s plan keep the child safe?"
        value={draft.keepsChildSafe}
        options={[
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ]}
        onChange={(keepsChildSafe) => set({ keepsChildSafe })}
        error={form.errors.keepsChildSafe}
        legendClass="govuk-fieldset__legend--s"
        inline
      />
      <TextareaField
        id={IDS.reasons}
        name="reasons"
        label={draft.keepsChildSafe === 'no' ? 'Why does the plan not keep the child safe?' : 'Reasons (optional)'}
        hint="The family reads this. Say which bottom line is not met, or what is missing."
        value={draft.reasons}
        onChange={(reasons) => set({ reasons })}
        error={form.errors.reasons}
        rows={3}
        labelClass="govuk-label--s"
      />
      <RadiosField
        id={IDS.outcome}
        legend="Is the plan agreed?"
        value={draft.outcome}
        options={PLAN_OUTCOMES.map((value) => ({ value, text: PLAN_OUTCOME_LABELS[value] }))}
        onChange={(outcome) => set({ outcome })}
        error={form.errors.outcome}
        legendClass="govuk-fieldset__legend--s"
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Record the response
      </button>
    </form>
  );
}
