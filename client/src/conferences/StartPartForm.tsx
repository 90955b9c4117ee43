import { PATHWAY_LIMITS, StartPartRequestSchema, type MeetingPart } from '@roundtable/shared/pathway';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';

/** The chair starts a part of the conference held without the parents, saying why. Test hook: `#start-part-form`. */
export function StartPartForm({ meetingId, onStarted }: { meetingId: string; onStarted: (part: MeetingPart) => void }) {
  const [reason, setReason] = useState('');
  const form = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = form.validate(StartPartRequestSchema, { reason });
    if (!valid) return;
    await form.send(async () => {
      onStarted(await api.conferences.parts.start(meetingId, valid));
      setReason('');
    });
  }

  return (
    <form id="start-part-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <ErrorSummary
        errors={toSummary(form.errors, ['reason'], () => 'part-reason', 'part-reason')}
        description={form.generalError}
        attempt={form.attempt}
      />
      <TextareaField
        id="part-reason"
        name="reason"
        label="Why is this part held without the parents?"
        hint={`For example, police share information from a live investigation. Ask the parents to leave only for as long as needed. Up to ${PATHWAY_LIMITS.reasonsMaxLength} characters.`}
        value={reason}
        onChange={setReason}
        error={form.errors.reason}
        rows={3}
        labelClass="govuk-label--s"
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Start a part without the parents
      </button>
    </form>
  );
}
