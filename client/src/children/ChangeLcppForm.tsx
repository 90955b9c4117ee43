import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { PersonRef } from '@roundtable/shared/decisions';
import { SetLcppRequestSchema, type ChildRecord } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { useFormSubmission } from '../forms/useFormSubmission';

const FIELD_ID = 'lcpp-user';

type People = { status: 'loading' } | { status: 'loaded'; people: PersonRef[] };

/**
 * The people the reader can name as LCPP: the members of the child's
 * meetings the reader can open (there is no directory of accounts to search),
 * plus the current LCPP. Meetings the reader cannot open are skipped.
 */
async function candidates(record: ChildRecord): Promise<PersonRef[]> {
  const results = await Promise.allSettled(record.meetings.map((meeting) => api.meetings.get(meeting.id)));
  const people = new Map<string, PersonRef>();
  if (record.lcpp) people.set(record.lcpp.userId, record.lcpp);
  for (const result of results) {
    if (result.status !== 'fulfilled') continue;
    for (const member of result.value.members)
      if (!people.has(member.userId))
        people.set(member.userId, { userId: member.userId, displayName: member.displayName, agency: member.agency });
  }
  return [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
}

interface ChangeLcppFormProps {
  record: ChildRecord;
  onSaved: () => void;
  onCancel: () => void;
  onErrorsChange?: (hasErrors: boolean) => void;
}

/** Names (or clears) the child's lead child protection practitioner. The server decides who may. */
export function ChangeLcppForm({ record, onSaved, onCancel, onErrorsChange }: ChangeLcppFormProps) {
  const [people, setPeople] = useState<People>({ status: 'loading' });
  const [userId, setUserId] = useState(record.lcpp?.userId ?? '');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission({
    onFail: () => onErrorsChange?.(true),
  });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    let cancelled = false;
    void candidates(record).then((list) => !cancelled && setPeople({ status: 'loaded', people: list }));
    return () => {
      cancelled = true;
    };
  }, [record]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(SetLcppRequestSchema, { userId: userId === '' ? null : userId });
    if (parsed === undefined) return;
    await send(async () => {
      await api.children.setLcpp(record.child.id, parsed);
      onErrorsChange?.(false);
      onSaved();
    });
  }

  const summary = toSummary(errors, ['userId'], () => FIELD_ID, FIELD_ID);
  const options = [
    { value: '', text: 'No lead child protection practitioner' },
    ...(people.status === 'loaded' ? people.people : []).map((person) => ({
      value: person.userId,
      text: `${person.displayName} (${AGENCY_LABELS[person.agency]})`,
    })),
  ];

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="change-lcpp-form">
      <h3 className="govuk-heading-s rt-focus-target" tabIndex={-1} ref={heading}>
        Change the lead child protection practitioner
      </h3>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      {people.status === 'loading' ? (
        <p className="govuk-body" role="status">
          Loading the members of {record.child.name}’s meetings…
        </p>
      ) : (
        <SelectField
          id={FIELD_ID}
          name="userId"
          label="Lead child protection practitioner"
          hint={`Choose from the members of ${record.child.name}’s meetings you can open.`}
          value={userId}
          options={options}
          onChange={setUserId}
          error={errors.userId}
          labelClass="govuk-label--s"
        />
      )}
      <div className="govuk-button-group">
        <button
          type="submit"
          className="govuk-button"
          disabled={submitting || people.status === 'loading'}
          aria-disabled={submitting || people.status === 'loading' || undefined}
        >
          Save lead child protection practitioner
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
