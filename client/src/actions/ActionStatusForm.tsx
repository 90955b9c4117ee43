import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  SetActionStatusRequestSchema,
  type ActionResponse,
  type ActionStatus,
} from '@roundtable/shared/actions';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';

const STATUS_OPTIONS = ACTION_STATUSES.map((value) => ({ value, text: ACTION_STATUS_LABELS[value] }));

interface ActionStatusFormProps {
  action: ActionResponse;
  send: SendChange;
  onDone: () => void;
}

/** Open, done or cancelled, always with a note saying why. Test hook: `[data-testid=action-status-form]`. */
export function ActionStatusForm({ action, send, onDone }: ActionStatusFormProps) {
  const [status, setStatus] = useState<ActionStatus>(action.status === 'open' ? 'done' : 'open');
  const [note, setNote] = useState('');
  const form = useFormSubmission();
  const ids = { status: `action-${action.id}-status`, note: `action-${action.id}-note` };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId: action.meetingId, actionId: action.id, status, note };
    if (!validateChange(form, SetActionStatusRequestSchema, payload)) return;
    await form.send(async () => {
      unwrapAck(await send('action:set-status', payload));
      onDone();
    });
  }

  const summary = toSummary(form.errors, ['status', 'note'], (path) => (ids as Record<string, string>)[path], ids.note);
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="action-status-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <RadiosField
        id={ids.status}
        legend="Status"
        value={status}
        options={STATUS_OPTIONS}
        onChange={setStatus}
        error={form.errors.status}
        inline
        small
      />
      <TextareaField
        id={ids.note}
        name="note"
        label="Note"
        hint="For example, what was done, or why the action is no longer needed."
        value={note}
        onChange={setNote}
        error={form.errors.note}
        rows={2}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Change status
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
