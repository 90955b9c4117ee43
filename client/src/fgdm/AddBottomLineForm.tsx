import { AddBottomLineRequestSchema, FGDM_LIMITS, type FgdmState } from '@roundtable/shared/fgdm';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { fgdmApi } from './fgdmApi';

/** Adds a bottom line: what the family's plan must or must not contain. Test hook: `#add-bottom-line-form`. */
export function AddBottomLineForm({ meetingId, onAdded }: { meetingId: string; onAdded: (state: FgdmState) => void }) {
  const [text, setText] = useState('');
  const form = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const valid = form.validate(AddBottomLineRequestSchema, { text });
    if (!valid) return;
    form.clearErrors();
    await form.send(async () => {
      onAdded(await fgdmApi.addBottomLine(meetingId, valid));
      setText('');
    });
  }

  return (
    <form id="add-bottom-line-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <ErrorSummary
        errors={toSummary(form.errors, ['text'], () => 'bottom-line-text', 'bottom-line-text')}
        description={form.generalError}
        attempt={form.attempt}
      />
      <TextareaField
        id="bottom-line-text"
        name="text"
        label="Add a bottom line"
        hint={`Something the family’s plan must or must not include to keep the child safe. Write it so the family can understand it. Up to ${FGDM_LIMITS.bottomLineMaxLength} characters.`}
        value={text}
        onChange={setText}
        error={form.errors.text}
        rows={3}
        labelClass="govuk-label--s"
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Add bottom line
      </button>
    </form>
  );
}
