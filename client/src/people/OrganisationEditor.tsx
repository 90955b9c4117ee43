import { SetOrganisationRequestSchema, type AdminUser } from '@roundtable/shared/admin';
import { LIMITS } from '@roundtable/shared/constants';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';

interface OrganisationEditorProps {
  user: AdminUser;
  onChanged: (user: AdminUser) => void;
}

/**
 * An administrator sets the organisation within its agency an account belongs
 * to ("Testshire Police"), or clears it by saving it empty. Shown wherever the
 * person is shown in a meeting and in its record.
 */
export function OrganisationEditor({ user, onChanged }: OrganisationEditorProps) {
  const [value, setValue] = useState(user.organisation ?? '');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();
  const id = `organisation-${user.id}`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = validate(SetOrganisationRequestSchema, { organisation: value });
    if (!body) return;
    await send(async () => onChanged(await api.admin.users.setOrganisation(user.id, body.organisation)));
  }

  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Change organisation<span className="govuk-visually-hidden"> of {user.displayName}</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        <form noValidate onSubmit={(event) => void handleSubmit(event)}>
          <ErrorSummary
            errors={toSummary(errors, ['organisation'], () => id, id)}
            description={generalError}
            attempt={attempt}
          />
          <TextField
            id={id}
            name="organisation"
            label={`Organisation of ${user.displayName}`}
            hint={`Within their agency, for example “Testshire Police”. Leave empty for none. Up to ${LIMITS.organisationMaxLength} characters.`}
            value={value}
            onChange={setValue}
            error={errors.organisation}
            autoComplete="off"
          />
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={submitting}>
            Save organisation
          </button>
        </form>
      </div>
    </details>
  );
}
