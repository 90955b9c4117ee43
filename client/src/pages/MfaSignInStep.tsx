import { MfaVerifyRequestSchema } from '@roundtable/shared/mfa';
import type { UserResponse } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { api, errorMessage, isApiError } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

interface MfaSignInStepProps {
  onSignedIn: (me: UserResponse) => void;
  /** The pending sign-in has ended (timed out): start again from the password. */
  onRestart: () => void;
}

/**
 * The second sign-in step, after a correct password: a code from the
 * authenticator app, or one of the recovery codes.
 *
 * Test hooks: `[data-testid=mfa-form]`.
 */
export function MfaSignInStep({ onSignedIn, onRestart }: MfaSignInStepProps) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const { errors, attempt, submitting, validate, send, clearErrors } = useFormSubmission();
  const field = useRecovery ? 'recoveryCode' : 'code';
  const hasErrors = Object.keys(errors).length > 0;
  usePageTitle(useRecovery ? 'Enter a recovery code' : 'Enter the code from your authenticator app', hasErrors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(
      MfaVerifyRequestSchema,
      { [field]: value },
      value.trim() === '' ? { [field]: emptyMessage() } : {},
    );
    if (parsed === undefined) return;
    await send(
      async () => {
        try {
          onSignedIn(await api.auth.mfa.verify(parsed));
        } catch (error) {
          setValue('');
          if (isApiError(error, 'Unauthenticated')) onRestart();
          throw error;
        }
      },
      (error) => ({ fields: { [field]: errorMessage(error) } }),
    );
  }

  function emptyMessage() {
    return useRecovery ? 'Enter a recovery code' : 'Enter the 6-digit code from your authenticator app';
  }

  function switchMethod() {
    setUseRecovery((current) => !current);
    setValue('');
    clearErrors();
  }

  const summary = toSummary(errors, [field], (path) => (path === field ? 'mfa-code' : undefined), field);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} attempt={attempt} />
        <PageHeading>
          {useRecovery ? 'Enter a recovery code' : 'Enter the code from your authenticator app'}
        </PageHeading>
        <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="mfa-form">
          <TextField
            key={field}
            id="mfa-code"
            name={field}
            label={useRecovery ? 'Recovery code' : 'Code'}
            hint={
              useRecovery
                ? 'One of the codes you saved when you set up two-factor authentication, like abcde-fghij. Each code works once.'
                : 'The 6-digit code shown in your authenticator app for Roundtable'
            }
            value={value}
            onChange={setValue}
            error={errors[field]}
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            spellCheck={false}
            widthClass={useRecovery ? 'govuk-input--width-10' : 'govuk-input--width-5'}
          />
          <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
            Continue
          </button>
        </form>
        <p className="govuk-body">
          <button type="button" className="govuk-link rt-link-button" onClick={switchMethod}>
            {useRecovery ? 'Use a code from your authenticator app' : 'Use a recovery code'}
          </button>
        </p>
      </div>
    </div>
  );
}
