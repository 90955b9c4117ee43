import type { Agency } from '@roundtable/shared/constants';
import { type Audience, CreateCompartmentRequestSchema } from '@roundtable/shared/need-to-know';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { AudienceFields, defaultAudience } from './AudienceFields';

interface AddCompartmentFormProps {
  meetingId: string;
  sectionKey: string;
  sectionTitle: string;
  myAgency: Agency;
  send: SendChange;
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Asks who may see restricted information before it is written: a
 * compartment beside the section, its own document, opened only by its
 * audience (`compartment:create`). Test hook: `[data-testid=add-compartment-form]`.
 */
export function AddCompartmentForm(props: AddCompartmentFormProps) {
  const { meetingId, sectionKey, sectionTitle, myAgency, send, onDone, onCancel } = props;
  const [audience, setAudience] = useState<Audience>(() => defaultAudience(myAgency));
  const form = useFormSubmission();
  const id = `add-compartment-${sectionKey}`;
  const ids: Record<string, string> = {
    audience: `${id}-kind`,
    'audience.kind': `${id}-kind`,
    'audience.agencies': `${id}-agencies`,
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId, sectionKey, audience };
    if (!validateChange(form, CreateCompartmentRequestSchema, payload)) return;
    await form.send(async () => {
      unwrapAck(await send('compartment:create', payload));
      onDone();
    });
  }

  const summary = toSummary(form.errors, ['audience.kind', 'audience.agencies'], (path) => ids[path], ids.audience!);
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="add-compartment-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <AudienceFields
        id={id}
        legend={`Who may see this restricted information in ${sectionTitle}?`}
        hint="Nobody else receives it, in the room or in any record; they are told that information was withheld. Your agency can share it more widely later."
        audience={audience}
        onChange={setAudience}
        errors={{ kind: form.errors['audience.kind'], agencies: form.errors['audience.agencies'] }}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0" disabled={form.submitting}>
          Add restricted information
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
