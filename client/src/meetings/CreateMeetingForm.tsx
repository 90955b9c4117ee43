import { LIMITS, type MeetingFormat } from '@roundtable/shared/constants';
import { CreateMeetingRequestSchema, type CreateMeetingRequest } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { londonLocalToIso, parseDateInput } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { ChildFields } from './ChildFields';
import { MeetingDetailsFields, type MeetingDetailsValues } from './MeetingDetailsFields';
import { childFieldId, emptyChild, type ChildDraft } from './childDraft';

const FIELD_ORDER = ['reference', 'reason', 'scheduledAt', 'format', 'children'];

/** Maps an error path (`children.1.dateOfBirth`) to the id of the input the summary links to. */
function idForPath(path: string): string | undefined {
  const child = /^children\.(\d+)(?:\.(name|dateOfBirth))?/.exec(path);
  if (child)
    return child[2] === 'dateOfBirth' ? childFieldId.dobDay(Number(child[1])) : childFieldId.name(Number(child[1]));
  if (path === 'children') return childFieldId.name(0);
  return ['reference', 'reason', 'scheduledAt', 'format'].includes(path) ? path : undefined;
}

/** Builds the request and the errors only the browser can spot (date parts, the datetime input). */
function buildRequest(draft: {
  reference: string;
  reason: string;
  scheduledAt: string;
  format: MeetingFormat;
  children: ChildDraft[];
}): { body: CreateMeetingRequest; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let scheduledAt = '';
  if (draft.scheduledAt.trim() === '') errors.scheduledAt = 'Enter the date and time of the strategy discussion';
  else {
    const iso = londonLocalToIso(draft.scheduledAt);
    if (iso) scheduledAt = iso;
    else errors.scheduledAt = 'Date and time must be a real date and time';
  }
  const children = draft.children.map((child, index) => {
    const dob = parseDateInput(child, 'Date of birth');
    if (dob.error) errors[`children.${index}.dateOfBirth`] = dob.error;
    return dob.value ? { name: child.name, dateOfBirth: dob.value } : { name: child.name };
  });
  const reference = draft.reference.trim();
  return {
    body: { ...(reference ? { reference } : {}), reason: draft.reason, scheduledAt, format: draft.format, children },
    errors,
  };
}

/** "Create a strategy discussion": reason, time, format and 1..N children. The creator becomes chair. */
export function CreateMeetingForm({ onErrorsChange }: { onErrorsChange?: (hasErrors: boolean) => void }) {
  const navigate = useNavigate();
  const [reference, setReference] = useState('');
  const [details, setDetails] = useState<MeetingDetailsValues>({ reason: '', scheduledAt: '', format: 'online' });
  const [children, setChildren] = useState<ChildDraft[]>(() => [emptyChild()]);
  const { errors, setErrors, generalError, attempt, submitting, validate, send } = useFormSubmission({
    onFail: () => onErrorsChange?.(true),
  });
  const focusChild = useRef<number | null>(null);

  useEffect(() => {
    if (focusChild.current === null) return;
    document.getElementById(childFieldId.name(focusChild.current))?.focus();
    focusChild.current = null;
  }, [children.length]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors: localErrors } = buildRequest({ reference, ...details, children });
    // Sends the draft as built (not the parsed copy), as before; the schema only gates it.
    if (validate(CreateMeetingRequestSchema, body, localErrors) === undefined) return;

    await send(async () => {
      const meeting = await api.meetings.create(body);
      onErrorsChange?.(false);
      void navigate(`/meetings/${meeting.id}`, { state: { created: meeting.reference } });
    });
  }

  function updateChild(index: number, child: ChildDraft) {
    setChildren((list) => list.map((item, i) => (i === index ? child : item)));
  }

  function addChild() {
    focusChild.current = children.length;
    setChildren((list) => [...list, emptyChild()]);
  }

  function removeChild(index: number) {
    focusChild.current = Math.max(0, index - 1);
    setChildren((list) => list.filter((_, i) => i !== index));
    setErrors({});
  }

  const summary = toSummary(errors, FIELD_ORDER, idForPath, 'reason');

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="create-meeting-form">
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <MeetingDetailsFields
        values={details}
        onChange={(change) => setDetails((previous) => ({ ...previous, ...change }))}
        errors={errors}
      />
      <TextField
        id="reference"
        name="reference"
        label="Reference (optional)"
        hint="Your case reference, using letters, numbers and hyphens. Leave blank and Roundtable will create one."
        value={reference}
        onChange={setReference}
        error={errors.reference}
        spellCheck={false}
        widthClass="govuk-input--width-20"
        labelClass="govuk-label--s"
      />
      <fieldset className="govuk-fieldset" aria-describedby="children-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h3 className="govuk-fieldset__heading">Children</h3>
        </legend>
        <div id="children-hint" className="govuk-hint">
          Add every child the discussion is about, including siblings and other children at risk in the same household.
        </div>
        {children.map((child, index) => (
          <ChildFields
            key={child.key}
            index={index}
            child={child}
            nameError={errors[`children.${index}.name`] ?? (index === 0 ? errors.children : undefined)}
            dobError={errors[`children.${index}.dateOfBirth`]}
            onChange={(next) => updateChild(index, next)}
            onRemove={children.length > 1 ? () => removeChild(index) : undefined}
          />
        ))}
        {children.length < LIMITS.childrenPerMeetingMax && (
          <button type="button" className="govuk-button govuk-button--secondary" onClick={addChild}>
            Add another child
          </button>
        )}
      </fieldset>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
          Create strategy discussion
        </button>
      </div>
    </form>
  );
}
