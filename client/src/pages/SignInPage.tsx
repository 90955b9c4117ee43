import { SuccessBanner } from '../layout/Banners';
import { oidcErrorMessage } from '@roundtable/shared/oidc';
import { LoginRequestSchema } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, errorMessage, isMfaChallenge } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { SingleSignOnOptions } from '../oidc/SingleSignOnOptions';
import { useSession } from '../session/useSession';
import { MfaSignInStep } from './MfaSignInStep';

const FIELD_IDS: Record<string, string> = { email: 'email', password: 'password' };

/**
 * Where to go once signed in: the page that sent the user here (router state),
 * or, after a single sign-on that asked for the second factor, the `returnTo`
 * the server carried in the query. Only same-app paths are followed (no open
 * redirect).
 */
function safeReturnTo(state: unknown, search: string): string {
  const returnTo = (state as { returnTo?: unknown } | null)?.returnTo ?? new URLSearchParams(search).get('returnTo');
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}

/** Sign in with email address and password. */
export function SignInPage() {
  const { session, signedIn } = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, attempt, submitting, validate, send } = useFormSubmission();
  // After a correct password (or a single sign-on that came back with ?step=two-factor),
  // when the account uses two-factor authentication.
  const [mfaStep, setMfaStep] = useState(() => new URLSearchParams(location.search).get('step') === 'two-factor');
  // A refused single sign-on comes back as ?error=<code>; only known codes are shown (never echoed).
  const ssoError = oidcErrorMessage(new URLSearchParams(location.search).get('error'));
  const hasErrors = Object.keys(errors).length > 0 || ssoError !== undefined;
  usePageTitle('Sign in', hasErrors);

  // Signed in (already, or just now): go where the user was heading.
  if (session.status === 'signed-in') return <Navigate to={safeReturnTo(location.state, location.search)} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(LoginRequestSchema, { email, password });
    if (parsed === undefined) return;

    await send(
      async () => {
        try {
          // Re-renders this page signed in, which redirects.
          const result = await api.auth.login(parsed);
          if (isMfaChallenge(result)) {
            setPassword('');
            setMfaStep(true);
          } else signedIn(result);
        } catch (error) {
          // Never leave a rejected password in the field, whatever the reason.
          setPassword('');
          throw error;
        }
      },
      // Wrong credentials and throttling are about the pair, so the message links to the first field.
      (error) => ({ fields: { email: errorMessage(error) } }),
    );
  }

  if (mfaStep) return <MfaSignInStep onSignedIn={signedIn} onRestart={() => setMfaStep(false)} />;

  const summary = toSummary(errors, ['email', 'password'], (path) => FIELD_IDS[path], 'email');
  const reason = session.status === 'signed-out' ? session.reason : 'none';

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} description={ssoError} attempt={ssoError && attempt === 0 ? 1 : attempt} />
        {reason === 'expired' && (
          <div className="govuk-notification-banner" role="region" aria-labelledby="session-banner-title">
            <div className="govuk-notification-banner__header">
              <h2 className="govuk-notification-banner__title" id="session-banner-title">
                Important
              </h2>
            </div>
            <div className="govuk-notification-banner__content">
              <p className="govuk-notification-banner__heading">Your session has ended. Sign in again to continue.</p>
            </div>
          </div>
        )}
        {reason === 'signed-out' && (
          <SuccessBanner id="signed-out-banner-title" role="region">
            You have signed out.
          </SuccessBanner>
        )}
        <PageHeading>Sign in to Roundtable</PageHeading>
        <SingleSignOnOptions />
        <p className="govuk-body">Use the email address and password your agency’s administrator gave you.</p>
        <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="sign-in-form">
          <TextField
            id="email"
            name="email"
            type="email"
            label="Email address"
            value={email}
            onChange={setEmail}
            error={errors.email}
            autoComplete="username"
            spellCheck={false}
            widthClass="govuk-input--width-30"
          />
          <TextField
            id="password"
            name="password"
            type="password"
            label="Password"
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete="current-password"
            widthClass="govuk-input--width-30"
          />
          <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
            Sign in
          </button>
        </form>
      </div>
    </div>
  );
}
