import {
  CorrectLaDecisionRequestSchema,
  findOptionConflict,
  optionConflictMessage,
  RecordLaDecisionRequestSchema,
  type DecisionResponse,
  type LaDecisionResponse,
} from '@roundtable/shared/decisions';
import { useState, type FormEvent } from 'react';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { describeError, useFormSubmission, type Failure } from '../forms/useFormSubmission';
import { isApiError } from '../api';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { useStepUp } from '../step-up/useStepUp';

const FIELD_ORDER = ['correctionReason', 'chosenOptions', 'reasons', 'protectiveActions', 'protectiveActionDetails'];

interface LaDecisionFormProps {
  decision: DecisionResponse;
  send: SendChange;
  /** Correcting this entry: the form starts from it and asks why. Otherwise a first decision. */
  corrects?: LaDecisionResponse;
  onDone?: () => void;
  onCancel?: () => void;
}

/** The server's refusal of options that exclude each other goes against the options, in the error summary. */
function contradictionAgainstOptions(error: unknown): Failure {
  if (isApiError(error, 'ContradictoryDecision')) return { fields: { chosenOptions: error.message } };
  return describeError(error);
}

/**
 * The local authority's decision (DOMAIN.md §3.6, §4.1): a separate, attributed
 * entry, never a tally of views. A correction is a new entry linked to the one
 * it corrects, with its reason; the original stays on the record. Options the
 * template declares exclusive are refused before sending, with the server's
 * words (the server refuses them too). Test hook: `[data-testid=la-decision-form]`.
 */
export function LaDecisionForm({ decision, send, corrects, onDone, onCancel }: LaDecisionFormProps) {
  const [chosenOptions, setChosenOptions] = useState<string[]>(corrects?.chosenOptions ?? []);
  const [reasons, setReasons] = useState(corrects?.reasons ?? '');
  const [protectiveActions, setProtectiveActions] = useState<string[]>(corrects?.protectiveActions ?? []);
  const [protectiveActionDetails, setProtectiveActionDetails] = useState(corrects?.protectiveActionDetails ?? '');
  const [correctionReason, setCorrectionReason] = useState('');
  const form = useFormSubmission();
  // Recording the decision needs a recent sign-in: the server may ask the user to confirm it is them.
  const { withStepUp } = useStepUp();
  const prefix = `la-decision-${decision.id}${corrects ? '-correction' : ''}`;
  const ids = {
    correctionReason: `${prefix}-correction-reason`,
    chosenOptions: `${prefix}-options`,
    reasons: `${prefix}-reasons`,
    protectiveActions: `${prefix}-protective-actions`,
    protectiveActionDetails: `${prefix}-protective-details`,
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const base = {
      meetingId: decision.meetingId,
      decisionId: decision.id,
      chosenOptions,
      reasons,
      protectiveActions,
      protectiveActionDetails,
    };
    const conflict = findOptionConflict(chosenOptions, decision.optionExclusions);
    const extra: FieldErrors = conflict ? { chosenOptions: optionConflictMessage(conflict, decision.options) } : {};
    if (corrects) {
      const payload = { ...base, correctsId: corrects.id, correctionReason };
      if (!validateChange(form, CorrectLaDecisionRequestSchema, payload, extra)) return;
      await form.send(async () => {
        await withStepUp(async () => unwrapAck(await send('la-decision:correct', payload)));
        onDone?.();
      }, contradictionAgainstOptions);
      return;
    }
    if (!validateChange(form, RecordLaDecisionRequestSchema, base, extra)) return;
    await form.send(async () => {
      await withStepUp(async () => unwrapAck(await send('la-decision:record', base)));
      onDone?.();
    }, contradictionAgainstOptions);
  }

  const summary = toSummary(
    form.errors,
    FIELD_ORDER,
    (path) => (ids as Record<string, string>)[path],
    ids.chosenOptions,
  );
  const title = corrects ? 'Correct the local authority’s decision' : 'Record the local authority’s decision';

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="la-decision-form">
      <h4 className="govuk-heading-s">{title}</h4>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <p className="govuk-body">
        The local authority decides, having heard every agency. This is not a vote: record the reasons, including why
        you differ from any agency’s recommendation.
      </p>
      {corrects && (
        <TextareaField
          id={ids.correctionReason}
          name="correctionReason"
          label="Why is the decision being corrected?"
          hint="The original decision stays on the record with this correction linked to it."
          value={correctionReason}
          onChange={setCorrectionReason}
          error={form.errors.correctionReason}
          rows={3}
          labelClass="govuk-label--s"
        />
      )}
      <CheckboxesField
        id={ids.chosenOptions}
        legend="Decision"
        hint="Select all that apply. Some options exclude each other: no further action cannot go with a section 47 enquiry, for example."
        values={chosenOptions}
        options={decision.options.map((option) => ({
          value: option.key,
          text: option.label,
          hint: option.description,
        }))}
        onChange={setChosenOptions}
        error={form.errors.chosenOptions}
        small
      />
      <TextareaField
        id={ids.reasons}
        name="reasons"
        label="Reasons for the decision"
        value={reasons}
        onChange={setReasons}
        error={form.errors.reasons}
        labelClass="govuk-label--s"
      />
      {decision.protectiveActionOptions.length > 0 && (
        <CheckboxesField
          id={ids.protectiveActions}
          legend="Immediate protective action (optional)"
          hint="Select any that go with the decision."
          values={protectiveActions}
          options={decision.protectiveActionOptions.map((option) => ({
            value: option.key,
            text: option.label,
            hint: option.description,
          }))}
          onChange={setProtectiveActions}
          error={form.errors.protectiveActions}
          small
        />
      )}
      <TextareaField
        id={ids.protectiveActionDetails}
        name="protectiveActionDetails"
        label="Details of immediate protective action (optional)"
        value={protectiveActionDetails}
        onChange={setProtectiveActionDetails}
        error={form.errors.protectiveActionDetails}
        rows={3}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          {corrects ? 'Record the correction' : 'Record the decision'}
        </button>
        {onCancel && (
          <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
