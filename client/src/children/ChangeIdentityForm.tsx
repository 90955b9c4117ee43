import { UpdateChildRequestSchema, type ChildRecord, type UpdateChildRequest } from '@roundtable/shared/pathway';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { parseDateInput } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { DateInputField, toDateParts, type DateParts } from '../forms/DateInputField';
import { formatNhsNumber } from './nhsNumber';

/** Input ids, in the order the fields appear; the error summary links to them. */
export const IDENTITY_FIELD_IDS = {
  name: 'child-name',
  dateOfBirth: 'child-dob-day',
  caseSystemId: 'child-case-system-id',
  nhsNumber: 'child-nhs-number',
} as const;
export type IdentityField = keyof typeof IDENTITY_FIELD_IDS;
const FIELD_ORDER = Object.keys(IDENTITY_FIELD_IDS);

interface ChangeIdentityFormProps {
  child: ChildRecord['child'];
  /** The field whose "Change" link opened the form: it takes focus. */
  focus: IdentityField;
  onSaved: () => void;
  onCancel: () => void;
  onErrorsChange?: (hasErrors: boolean) => void;
}

/**
 * Corrects the child's name, date of birth, case-system ID or NHS number.
 * Sends only what changed; a cleared optional field is removed from the
 * record. The server decides who may (a chair of a meeting about the child,
 * or the LCPP) and says so in the error summary.
 */
export function ChangeIdentityForm({ child, focus, onSaved, onCancel, onErrorsChange }: ChangeIdentityFormProps) {
  const [name, setName] = useState(child.name);
  const [dateOfBirth, setDateOfBirth] = useState<DateParts>(() => toDateParts(child.dateOfBirth));
  const [caseSystemId, setCaseSystemId] = useState(child.caseSystemId ?? '');
  const [nhsNumber, setNhsNumber] = useState(child.nhsNumber ? formatNhsNumber(child.nhsNumber) : '');
  const { errors, generalError, attempt, submitting, fail, validate, send } = useFormSubmission({
    onFail: () => onErrorsChange?.(true),
  });

  useEffect(() => {
    document.getElementById(IDENTITY_FIELD_IDS[focus])?.focus();
  }, [focus]);

  function changes(): { body: UpdateChildRequest; errors: FieldErrors } {
    const body: UpdateChildRequest = {};
    const localErrors: FieldErrors = {};
    if (name.trim() !== child.name) body.name = name;
    const dob = parseDateInput(dateOfBirth, 'Date of birth', { notInFuture: true });
    if (dob.error) localErrors.dateOfBirth = dob.error;
    else if ((dob.value ?? null) !== child.dateOfBirth) body.dateOfBirth = dob.value ?? null;
    if (caseSystemId.trim() !== (child.caseSystemId ?? '')) body.caseSystemId = caseSystemId.trim() || null;
    const digits = nhsNumber.replace(/[\s-]/g, '');
    if (digits !== (child.nhsNumber ?? '')) body.nhsNumber = nhsNumber.trim() || null;
    return { body, errors: localErrors };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { body, errors: localErrors } = changes();
    if (Object.keys(body).length === 0 && Object.keys(localErrors).length === 0) {
      fail({ [focus]: 'You have not changed anything. Change a detail, or cancel' });
      return;
    }
    const parsed = validate(UpdateChildRequestSchema, body, localErrors);
    if (parsed === undefined) return;
    await send(async () => {
      await api.children.update(child.id, parsed);
      onErrorsChange?.(false);
      onSaved();
    });
  }

  const summary = toSummary(
    errors,
    FIELD_ORDER,
    (path) => IDENTITY_FIELD_IDS[path as IdentityField],
    IDENTITY_FIELD_IDS.name,
  );

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="change-identity-form">
      <h3 className="govuk-heading-s">Change identity details</h3>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <TextField
        id={IDENTITY_FIELD_IDS.name}
        name="name"
        label="Full name"
        value={name}
        onChange={setName}
        error={errors.name}
        autoComplete="off"
        spellCheck={false}
        labelClass="govuk-label--s"
      />
      <DateInputField
        id="child-dob"
        legend="Date of birth (optional)"
        hint="For example, 27 3 2021. Leave blank if it is not known or the child is unborn."
        value={dateOfBirth}
        onChange={setDateOfBirth}
        error={errors.dateOfBirth}
      />
      <TextField
        id={IDENTITY_FIELD_IDS.caseSystemId}
        name="caseSystemId"
        label="Case-system ID (optional)"
        hint="The child’s ID in the local authority’s case management system. Letters, numbers, hyphens, slashes and underscores."
        value={caseSystemId}
        onChange={setCaseSystemId}
        error={errors.caseSystemId}
        autoComplete="off"
        spellCheck={false}
        widthClass="govuk-input--width-20"
        labelClass="govuk-label--s"
      />
      <TextField
        id={IDENTITY_FIELD_IDS.nhsNumber}
        name="nhsNumber"
        label="NHS number (optional)"
        hint="10 digits, like 943 476 5919."
        value={nhsNumber}
        onChange={setNhsNumber}
        error={errors.nhsNumber}
        autoComplete="off"
        spellCheck={false}
        inputMode="numeric"
        widthClass="govuk-input--width-10"
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
          Save identity details
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
