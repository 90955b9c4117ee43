import { SuccessBanner } from '../../layout/Banners';
import { FAMILY_LIMITS, FamilyCodeRequestSchema, FamilySignInRequestSchema } from '@roundtable/shared/family';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, errorMessage, isApiError } from '../../api';
import { ErrorSummary } from '../../forms/ErrorSummary';
import { toSummary } from '../../forms/fieldErrors';
import { TextField } from '../../forms/TextField';
import { describeError, useFormSubmission } from '../../forms/useFormSubmission';
import { PageHeading } from '../../layout/PageHeading';
import { usePageTitle } from '../../layout/usePageTitle';
import { useFamilySession } from '../familySession';

const FIELD_IDS: Record<string, string> = {
  meetingReference: 'meeting-reference',
  email: 'family-email',
  code: 'sign-in-code',
};

/** Step 1: the meeting reference and email address from the invitation. */
function AskForCode({
  reference,
  email,
  onReference,
  onEmail,
  onSent,
}: {
  reference: string;
  email: string;
  onReference: (value: string) => void;
  onEmail: (value: string) => void;
  onSent: (message: string) => void;
}) {
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();
  usePageTitle('Sign in to your meeting', Object.keys(errors).length > 0 || generalError !== undefined);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(FamilyCodeRequestSchema, { meetingReference: reference, email });
    if (parsed === undefined) return;
    await send(async () => onSent((await api.family.requestCode(parsed)).message));
  }

  const summary = toSummary(errors, ['meetingReference', 'email'], (path) => FIELD_IDS[path], 'meeting-reference');
  return (
    <>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <PageHeading>Sign in to your meeting</PageHeading>
      <p className="govuk-body">
        Use the meeting reference and the email address from your invitation email. We will email you a code to sign in
        with. You do not need a password.
      </p>
      <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="family-code-form">
        <TextField
          id="meeting-reference"
          name="meetingReference"
          label="Meeting reference"
          hint="It is in your invitation email, for example ICPC-2026-0001"
          value={reference}
          onChange={onReference}
          error={errors.meetingReference}
          autoComplete="off"
          spellCheck={false}
          widthClass="govuk-!-width-full"
        />
        <TextField
          id="family-email"
          name="email"
          type="email"
          label="Email address"
          value={email}
          onChange={onEmail}
          error={errors.email}
          autoComplete="email"
          spellCheck={false}
          inputMode="email"
          widthClass="govuk-!-width-full"
        />
        <button type="submit" className="govuk-button" disabled={submitting}>
          Email me a code
        </button>
      </form>
    </>
  );
}

/** Step 2: the code from the email. */
function EnterCode({
  reference,
  email,
  sentMessage,
  onSentAgain,
  onChangeDetails,
}: {
  reference: string;
  email: string;
  sentMessage: string;
  onSentAgain: (message: string) => void;
  onChangeDetails: () => void;
}) {
  const { signedIn } = useFamilySession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [resending, setResending] = useState(false);
  const { errors, generalError, attempt, submitting, validate, send, fail } = useFormSubmission();
  usePageTitle('Enter your code', Object.keys(errors).length > 0 || generalError !== undefined);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(FamilySignInRequestSchema, { meetingReference: reference, email, code });
    if (parsed === undefined) return;
    await send(
      async () => {
        try {
          signedIn(await api.family.signIn(parsed));
          void navigate('/family', { replace: true });
        } catch (error) {
          setCode('');
          throw error;
        }
      },
      // A refused code is about the code; too many tries is about the whole form.
      (error) =>
        isApiError(error, 'InvalidCredentials') ? { fields: { code: errorMessage(error) } } : describeError(error),
    );
  }

  async function sendAgain() {
    setResending(true);
    try {
      onSentAgain((await api.family.requestCode({ meetingReference: reference, email })).message);
      setCode('');
    } catch (error) {
      fail({}, errorMessage(error));
    } finally {
      setResending(false);
    }
  }

  const summary = toSummary(errors, ['code'], (path) => FIELD_IDS[path], 'sign-in-code');
  return (
    <>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <div className="govuk-inset-text" role="status" data-testid="code-sent">
        {sentMessage}
      </div>
      <PageHeading>Enter your code</PageHeading>
      <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="family-sign-in-form">
        <TextField
          id="sign-in-code"
          name="code"
          label="Code"
          hint={`The ${FAMILY_LIMITS.codeLength} numbers in the email we sent to ${email}`}
          value={code}
          onChange={setCode}
          error={errors.code}
          autoComplete="one-time-code"
          inputMode="numeric"
          spellCheck={false}
          widthClass="govuk-input--width-10"
        />
        <button type="submit" className="govuk-button" disabled={submitting}>
          Sign in
        </button>
      </form>
      <p className="govuk-body">
        <button
          type="button"
          className="govuk-link rt-link-button"
          disabled={resending}
          onClick={() => void sendAgain()}
        >
          Send me a new code
        </button>
      </p>
      <p className="govuk-body">
        <button type="button" className="govuk-link rt-link-button" onClick={onChangeDetails}>
          Use a different meeting reference or email address
        </button>
      </p>
    </>
  );
}

/**
 * Family members sign in here (docs/FAMILY.md, "Signing in"): the meeting
 * reference and email address from their invitation, then the one-time
 * code we email. Phone first: one column, full-width fields, the keyboard
 * each field needs.
 */
export function FamilySignInPage() {
  const { state } = useFamilySession();
  const [reference, setReference] = useState('');
  const [email, setEmail] = useState('');
  const [sentMessage, setSentMessage] = useState<string>();

  if (state.status === 'signed-in') return <Navigate to="/family" replace />;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {state.status === 'signed-out' && state.reason === 'signed-out' && sentMessage === undefined && (
          <SuccessBanner id="family-signed-out-title" role="region">
            You have signed out.
          </SuccessBanner>
        )}
        {sentMessage === undefined ? (
          <AskForCode
            reference={reference}
            email={email}
            onReference={setReference}
            onEmail={setEmail}
            onSent={setSentMessage}
          />
        ) : (
          <EnterCode
            reference={reference}
            email={email}
            sentMessage={sentMessage}
            onSentAgain={setSentMessage}
            onChangeDetails={() => setSentMessage(undefined)}
          />
        )}
      </div>
    </div>
  );
}
