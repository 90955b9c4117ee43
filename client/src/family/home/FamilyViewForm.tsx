import { FAMILY_VIEW_LIMITS, type FamilyView, SubmitFamilyViewRequestSchema } from '@roundtable/shared/family-view';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../../forms/ErrorSummary';
import { toSummary } from '../../forms/fieldErrors';
import { TextareaField } from '../../forms/TextareaField';
import { useFormSubmission } from '../../forms/useFormSubmission';
import { familyViewApi } from './familyViewApi';

/** "Tell the meeting what you think": the family member's own words, sent to the professionals. */
export function FamilyViewForm({ onAdded }: { onAdded: (view: FamilyView) => void }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const form = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    const valid = form.validate(SubmitFamilyViewRequestSchema, { text });
    if (!valid) return;
    await form.send(async () => {
      onAdded(await familyViewApi.addView(valid));
      form.clearErrors();
      setText('');
      setSent(true);
    });
  }

  const summary = toSummary(form.errors, ['text'], () => 'family-view-text', 'family-view-text');
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="family-view-form">
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      {sent && (
        <p className="govuk-body govuk-!-font-weight-bold" role="status">
          Thank you. The people at the meeting can now read what you wrote.
        </p>
      )}
      <TextareaField
        id="family-view-text"
        name="text"
        label="What do you want the meeting to know?"
        hint={`You can write about your child, what is going well, what worries you and what you would like to happen. Up to ${FAMILY_VIEW_LIMITS.viewMaxLength.toLocaleString('en-GB')} characters.`}
        value={text}
        onChange={setText}
        error={form.errors.text}
        rows={6}
        labelClass="govuk-label--s"
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Send to the meeting
      </button>
    </form>
  );
}
