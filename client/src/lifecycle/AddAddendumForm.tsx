import { AddAddendumRequestSchema, type AddendumResponse } from '@roundtable/shared/lifecycle';
import { LIMITS } from '@roundtable/shared/constants';
import { useState } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';

const FIELD_IDS: Record<string, string> = { sectionKey: 'addendum-section', text: 'addendum-text' };

/** Adds an addendum to a section of the concluded record. Test hooks: `#addendum-form`, `#addendum-section`, `#addendum-text`. */
export function AddAddendumForm({
  meetingId,
  sections,
  onAdded,
}: {
  meetingId: string;
  sections: readonly { key: string; title: string }[];
  onAdded: (addendum: AddendumResponse) => void;
}) {
  const [sectionKey, setSectionKey] = useState(sections[0]?.key ?? '');
  const [text, setText] = useState('');
  const form = useFormSubmission();

  async function submit() {
    const body = form.validate(AddAddendumRequestSchema, { sectionKey, text });
    if (!body) return;
    await form.send(async () => {
      onAdded(await api.meetings.addenda.add(meetingId, body));
      setText('');
      form.clearErrors();
    });
  }

  return (
    <form
      id="addendum-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 className="govuk-heading-s">Add an addendum</h3>
      <ErrorSummary
        errors={toSummary(form.errors, ['sectionKey', 'text'], (path) => FIELD_IDS[path], 'addendum-text')}
        description={form.generalError}
        attempt={form.attempt}
      />
      <SelectField
        id="addendum-section"
        name="sectionKey"
        label="Section"
        value={sectionKey}
        options={sections.map((s) => ({ value: s.key, text: s.title }))}
        onChange={setSectionKey}
        error={form.errors.sectionKey}
        labelClass="govuk-label--s"
      />
      <TextareaField
        id="addendum-text"
        name="text"
        label="Addendum"
        hint={`What to add or correct. The original record is never changed. Up to ${LIMITS.addendumMaxLength} characters.`}
        value={text}
        onChange={setText}
        error={form.errors.text}
        labelClass="govuk-label--s"
      />
      <button type="submit" className="govuk-button" disabled={form.submitting}>
        Add addendum
      </button>
    </form>
  );
}
