import {
  AddEscalationStepRequestSchema,
  ESCALATION_STAGE_LABELS,
  ESCALATION_STAGES,
  type DissentResponse,
  type EscalationStage,
} from '@roundtable/shared/decisions';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';

interface EscalationStepFormProps {
  meetingId: string;
  dissent: DissentResponse;
  send: SendChange;
  onDone: () => void;
}

/** Adds a dated, attributed step to an open escalation; defaults to the next stage up. */
export function EscalationStepForm({ meetingId, dissent, send, onDone }: EscalationStepFormProps) {
  // An escalation stays at its stage or moves up, never down (DOMAIN.md §3.7).
  const current = ESCALATION_STAGES.indexOf(dissent.escalation.stage);
  const stageOptions = ESCALATION_STAGES.slice(current).map((value) => ({
    value,
    text: ESCALATION_STAGE_LABELS[value],
  }));
  const [stage, setStage] = useState<EscalationStage>(
    ESCALATION_STAGES[Math.min(current + 1, ESCALATION_STAGES.length - 1)] ?? 'practitioner',
  );
  const [note, setNote] = useState('');
  const form = useFormSubmission();
  const ids = { stage: `escalation-${dissent.id}-stage`, note: `escalation-${dissent.id}-note` };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId, dissentId: dissent.id, stage, note };
    if (!validateChange(form, AddEscalationStepRequestSchema, payload)) return;
    await form.send(async () => {
      unwrapAck(await send('escalation:add-step', payload));
      onDone();
    });
  }

  const summary = toSummary(form.errors, ['stage', 'note'], (path) => (ids as Record<string, string>)[path], ids.note);
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="escalation-step-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <SelectField
        id={ids.stage}
        name="stage"
        label="Stage"
        value={stage}
        options={stageOptions}
        onChange={setStage}
        error={form.errors.stage}
        labelClass="govuk-label--s"
      />
      <TextareaField
        id={ids.note}
        name="note"
        label="What happened at this step?"
        value={note}
        onChange={setNote}
        error={form.errors.note}
        rows={3}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Add step
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
