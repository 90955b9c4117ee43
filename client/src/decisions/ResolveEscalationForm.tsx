import { ResolveEscalationRequestSchema, type DissentResponse } from '@roundtable/shared/decisions';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';

interface ResolveEscalationFormProps {
  meetingId: string;
  dissent: DissentResponse;
  send: SendChange;
  onDone: () => void;
}

/** Ends an escalation with a written outcome statement, to be placed on each agency's file. */
export function ResolveEscalationForm({ meetingId, dissent, send, onDone }: ResolveEscalationFormProps) {
  const [outcome, setOutcome] = useState('');
  const form = useFormSubmission();
  const id = `escalation-${dissent.id}-outcome`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId, dissentId: dissent.id, outcome };
    if (!validateChange(form, ResolveEscalationRequestSchema, payload)) return;
    await form.send(async () => {
      unwrapAck(await send('escalation:resolve', payload));
      onDone();
    });
  }

  const summary = toSummary(form.errors, ['outcome'], () => id, id);
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="resolve-escalation-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <TextareaField
        id={id}
        name="outcome"
        label="Outcome statement"
        hint="What was agreed. It goes on each agency’s file."
        value={outcome}
        onChange={setOutcome}
        error={form.errors.outcome}
        rows={3}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Resolve the escalation
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
