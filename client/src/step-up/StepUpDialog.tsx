import { StepUpRequestSchema } from '@roundtable/shared/mfa';
import { oidcErrorMessage, type StepUpOptionsResponse } from '@roundtable/shared/oidc';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';

const FIELD_IDS: Record<string, string> = { password: 'step-up-password', code: 'step-up-code' };

/**
 * "Confirm it is you": the password again (and a code from the app when MFA
 * is on) before an action that needs a recent sign-in. A modal <dialog>:
 * focus moves into it, stays in it, Escape cancels, and focus goes back to
 * what opened it when it closes.
 *
 * Test hooks: `[data-testid=step-up-dialog]`.
 */
export function StepUpDialog({ mfaEnabled, onDone }: { mfaEnabled: boolean; onDone: (confirmed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();
  // Accounts linked to an identity provider can confirm there instead (the only way without a password).
  const [options, setOptions] = useState<StepUpOptionsResponse>({ password: true, providers: [] });
  // A step-up at the provider that was refused comes back as ?stepUpError=<code>.
  const providerError = oidcErrorMessage(new URLSearchParams(window.location.search).get('stepUpError'));

  useEffect(() => {
    let cancelled = false;
    api.auth.oidc.stepUpOptions().then(
      (found) => !cancelled && setOptions(found),
      () => undefined, // keep the password form
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(StepUpRequestSchema, mfaEnabled ? { password, code } : { password }, {
      ...(mfaEnabled && code.trim() === '' ? { code: 'Enter the 6-digit code from your authenticator app' } : {}),
    });
    if (parsed === undefined) return;
    await send(
      async () => {
        try {
          await api.auth.stepUp.confirm(parsed);
        } catch (error) {
          setPassword('');
          setCode('');
          throw error;
        }
        onDone(true);
      },
      // Wrong password or code, and the lockout, are about the pair: shown against the first field.
      (error) =>
        isApiError(error, 'InvalidCredentials', 'InvalidMfaCode', 'TooManyAttempts')
          ? { fields: { password: error.message } }
          : describeError(error),
    );
  }

  const summary = toSummary(errors, ['password', 'code'], (path) => FIELD_IDS[path], 'password');

  return (
    <dialog
      ref={ref}
      className="rt-dialog"
      aria-labelledby="step-up-heading"
      data-testid="step-up-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onDone(false);
      }}
    >
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <h2 className="govuk-heading-m" id="step-up-heading">
        Confirm it is you
      </h2>
      <p className="govuk-body">
        {!options.password
          ? 'Sign in again with your organisation to continue.'
          : mfaEnabled
            ? 'Enter your password and a code from your authenticator app to continue.'
            : 'Enter your password to continue.'}{' '}
        We ask again before decisions, downloads and membership changes if you have not signed in recently.
      </p>
      {providerError && (
        <div className="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 className="govuk-error-summary__title">There is a problem</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{providerError}</p>
            </div>
          </div>
        </div>
      )}
      {options.providers.length > 0 && (
        <div className="govuk-button-group" data-testid="step-up-providers">
          {options.providers.map((provider) => (
            <a
              key={provider.id}
              className="govuk-button govuk-button--secondary"
              href={api.auth.oidc.stepUpUrl(provider.id, `${window.location.pathname}${window.location.hash}`)}
            >
              Confirm with {provider.displayName}
            </a>
          ))}
        </div>
      )}
      {options.password && (
        <form noValidate onSubmit={(event) => void handleSubmit(event)}>
          <TextField
            id="step-up-password"
            name="password"
            type="password"
            label="Password"
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete="current-password"
            widthClass="govuk-input--width-20"
          />
          {mfaEnabled && (
            <TextField
              id="step-up-code"
              name="code"
              label="Code from your authenticator app"
              hint="The 6-digit code shown in the app"
              value={code}
              onChange={setCode}
              error={errors.code}
              autoComplete="one-time-code"
              inputMode="numeric"
              spellCheck={false}
              widthClass="govuk-input--width-5"
            />
          )}
          <div className="govuk-button-group">
            <button
              type="submit"
              className="govuk-button"
              disabled={submitting}
              aria-disabled={submitting || undefined}
            >
              Continue
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => onDone(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!options.password && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      )}
    </dialog>
  );
}
