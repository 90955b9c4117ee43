import { AddMeetingChildRequestSchema } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { ChildInputFields } from './ChildInputFields';
import { emptyChild, idForChildField, toChildInput, type ChildDraft, type ChildField } from './childDraft';

const PREFIX = 'add-child';
const FIELD_ORDER = ['mode', 'name', 'dateOfBirth', 'caseSystemId', 'nhsNumber', 'childId'];

interface AddMeetingChildFormProps {
  meeting: MeetingDetail;
  /** Called with the meeting as the server now holds it and what to announce. */
  onAdded: (detail: MeetingDetail, message: string) => void;
  onCancel: () => void;
}

/** The chair adds a child before the meeting concludes: an existing child found by ID, or a new one. */
export function AddMeetingChildForm({ meeting, onAdded, onCancel }: AddMeetingChildFormProps) {
  const [draft, setDraft] = useState<ChildDraft>(emptyChild);
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();
  useEffect(() => {
    document.getElementById(idForChildField(PREFIX, undefined, 'mode'))?.focus();
  }, []);
  const inMeeting = new Map(meeting.children.map((child) => [child.childId, 'Already in this meeting']));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { input, errors: localErrors } = toChildInput(draft);
    const parsed = validate(AddMeetingChildRequestSchema, input, localErrors);
    if (parsed === undefined) return;
    const name = draft.mode === 'existing' && draft.picked ? draft.picked.name : draft.name.trim();
    await send(async () => {
      await api.children.meeting.add(meeting.id, parsed);
      const detail = await api.meetings.get(meeting.id);
      setDraft(emptyChild());
      onAdded(detail, `${name} has been added to this meeting`);
    });
  }

  // An error about the child as a whole ('') goes on the first field shown.
  const fieldErrors: Partial<Record<ChildField, string>> = { ...errors };
  if (errors['']) fieldErrors[draft.mode === 'existing' ? 'childId' : 'name'] ??= errors[''];
  const summary = toSummary(
    errors,
    FIELD_ORDER,
    (path) => idForChildField(PREFIX, draft, path || undefined),
    idForChildField(PREFIX, draft, undefined),
  );

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="add-meeting-child-form">
      <h4 className="govuk-heading-s">Add a child</h4>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <ChildInputFields
        idPrefix={PREFIX}
        draft={draft}
        onChange={setDraft}
        errors={fieldErrors}
        unavailable={inMeeting}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
          Add child
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
