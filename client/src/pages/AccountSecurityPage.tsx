import { MfaConfirmRequestSchema, type MfaEnrolmentResponse, type MfaStatusResponse } from '@roundtable/shared/mfa';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { useSession } from '../session/useSession';
import { useStepUp } from '../step-up/useStepUp';

/** The recovery codes, shown once, with how to keep them. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      className="govuk-panel govuk-panel--confirmation rt-focus-target"
      tabIndex={-1}
      ref={ref}
      data-testid="recovery-codes"
    >
      <h2 className="govuk-panel__title govuk-!-font-size-27">Your recovery codes</h2>
      <div className="govuk-panel__body govuk-!-font-size-19">
        <p>
          If you lose your phone, each code lets you sign in once. Print them or copy them somewhere safe now: you will
          not see them again.
        </p>
        <ul className="govuk-list rt-recovery-codes">
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Setting up an authenticator app: scan the QR code (or type the key), then enter a code to confirm. */
function Enrolment({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  // Both steps need a recent sign-in: a session left open must not add someone else's authenticator.
  const { withStepUp } = useStepUp();
  const [enrolment, setEnrolment] = useState<MfaEnrolmentResponse>();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const { errors, attempt, submitting, validate, send } = useFormSubmission();

  async function start() {
    setProblem(undefined);
    try {
      setEnrolment(await withStepUp(() => api.auth.mfa.enrol()));
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(MfaConfirmRequestSchema, { code });
    if (parsed === undefined) return;
    await send(
      async () => onEnabled((await withStepUp(() => api.auth.mfa.confirm(parsed))).recoveryCodes),
      (error) => ({ fields: { code: errorMessage(error) } }),
    );
  }

  if (!enrolment) {
    return (
      <>
        {problem && <p className="govuk-error-message">{problem}</p>}
        <button type="button" className="govuk-button" onClick={() => void start()} data-testid="mfa-start">
          Set up an authenticator app
        </button>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={toSummary(errors, ['code'], () => 'mfa-confirm-code', 'code')} attempt={attempt} />
      <ol className="govuk-list govuk-list--number">
        <li>Open an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.</li>
        <li>
          Scan this QR code with the app.
          <div
            className="rt-qr-code govuk-!-margin-top-2 govuk-!-margin-bottom-2"
            role="img"
            aria-label="QR code for adding Roundtable to an authenticator app"
            // The server generates this SVG from the otpauth URI (qrcode); it contains no user input.
            dangerouslySetInnerHTML={{ __html: enrolment.qrCodeSvg }}
          />
          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">I cannot scan the QR code</span>
            </summary>
            <div className="govuk-details__text">
              Choose to enter a setup key in the app, and type this key:{' '}
              <code className="govuk-!-font-weight-bold" data-testid="mfa-secret">
                {enrolment.secret}
              </code>
            </div>
          </details>
        </li>
        <li>Enter the 6-digit code the app shows for Roundtable.</li>
      </ol>
      <form noValidate onSubmit={(event) => void handleSubmit(event)}>
        <TextField
          id="mfa-confirm-code"
          name="code"
          label="Code from your authenticator app"
          value={code}
          onChange={setCode}
          error={errors.code}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          widthClass="govuk-input--width-5"
        />
        <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
          Turn on two-factor authentication
        </button>
      </form>
    </>
  );
}

/**
 * Account security: two-factor authentication with an authenticator app
 * (set up, new recovery codes, turn off). Users whose role requires it are
 * held here until it is set up.
 */
export function AccountSecurityPage() {
  usePageTitle('Two-factor authentication');
  const { mfaEnrolled } = useSession();
  const { withStepUp } = useStepUp();
  const [status, setStatus] = useState<MfaStatusResponse>();
  const [codes, setCodes] = useState<string[]>();
  const [problem, setProblem] = useState<string>();

  const refresh = useCallback(() => {
    api.auth.mfa.status().then(setStatus, (error: unknown) => setProblem(errorMessage(error)));
  }, []);
  useEffect(refresh, [refresh]);

  async function protectedAction(action: () => Promise<void>) {
    setProblem(undefined);
    try {
      await withStepUp(action);
      refresh();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading>Two-factor authentication</PageHeading>
        {problem && (
          <p className="govuk-error-message" role="alert">
            {problem}
          </p>
        )}
        {status?.enrolmentRequired && !codes && (
          <div className="govuk-inset-text">
            Your role needs two-factor authentication. Set it up to continue using Roundtable.
          </div>
        )}
        <p className="govuk-body">
          As well as your password, you will enter a code from an app on your phone when you sign in, and before
          recording a local authority decision, downloading a record or export, or changing who is in a meeting.
        </p>
        {codes && <RecoveryCodes codes={codes} />}
        {status && !status.enabled && (
          <Enrolment
            onEnabled={(recoveryCodes) => {
              setCodes(recoveryCodes);
              mfaEnrolled();
              refresh();
            }}
          />
        )}
        {status?.enabled && (
          <>
            <p className="govuk-body" data-testid="mfa-on">
              <strong className="govuk-tag govuk-tag--green">On</strong> Two-factor authentication is on.{' '}
              {status.recoveryCodesRemaining} recovery code{status.recoveryCodesRemaining === 1 ? '' : 's'} left.
            </p>
            <div className="govuk-button-group">
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() =>
                  void protectedAction(async () =>
                    setCodes((await api.auth.mfa.regenerateRecoveryCodes()).recoveryCodes),
                  )
                }
              >
                Get new recovery codes
              </button>
              <button
                type="button"
                className="govuk-button govuk-button--warning"
                onClick={() =>
                  void protectedAction(async () => {
                    await api.auth.mfa.disable();
                    setCodes(undefined);
                  })
                }
              >
                Turn off two-factor authentication
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
