import { AGENCY_LABELS, MEETING_ROLE_LABELS } from '@roundtable/shared/constants';
import { AcceptInvitationRequestSchema, type InvitationPreview } from '@roundtable/shared/invitations';
import type { OidcProviderSummary } from '@roundtable/shared/oidc';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../api';
import { formatDateTime } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { useSession } from '../session/useSession';

/** Where the link's token waits while the browser goes to the organisation's single sign-on and back. */
export const PENDING_INVITATION_KEY = 'rt-pending-invitation';
const FIELD_IDS: Record<string, string> = {
  displayName: 'invitation-name',
  jobTitle: 'invitation-job-title',
  password: 'invitation-password',
  confirmPassword: 'invitation-password-confirm',
};

/** The token from the link's fragment (`#token=…`, never sent to a server by the browser), else the one kept. */
export function invitationToken(hash: string, storage: Pick<Storage, 'getItem' | 'setItem'>): string | null {
  const fromLink = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (fromLink) {
    storage.setItem(PENDING_INVITATION_KEY, fromLink);
    return fromLink;
  }
  return storage.getItem(PENDING_INVITATION_KEY);
}

type Loaded =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'open'; preview: InvitationPreview };

/**
 * /invitations/accept#token=…: someone invited without an account sets one up
 * (name, job title, password) or signs in with their organisation's single
 * sign-on, and joins the meeting. Phone first (GOV.UK Frontend).
 */
export function AcceptInvitationPage() {
  const { session } = useSession();
  const navigate = useNavigate();
  const [token] = useState(() => invitationToken(window.location.hash, window.sessionStorage));
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [providers, setProviders] = useState<OidcProviderSummary[]>([]);
  const [accountFor, setAccountFor] = useState<string>();
  const [displayName, setDisplayName] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [password, setPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [joinProblem, setJoinProblem] = useState<string>();
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();
  usePageTitle('Accept your invitation', Object.keys(errors).length > 0 || Boolean(generalError));

  useEffect(() => {
    if (!token) {
      setLoaded({ status: 'failed', message: 'The invitation link is incomplete: open the link in the email again.' });
      return;
    }
    api.invitations.preview(token).then(
      (preview) => setLoaded({ status: 'open', preview }),
      (error: unknown) => setLoaded({ status: 'failed', message: errorMessage(error) }),
    );
    api.auth.oidc.providers().then(
      (response) => setProviders(response.providers),
      () => setProviders([]),
    );
  }, [token]);

  if (loaded.status === 'loading') {
    return <p className="govuk-body">Loading your invitation…</p>;
  }
  if (loaded.status === 'failed') {
    return (
      <>
        <PageHeading>This invitation cannot be used</PageHeading>
        <p className="govuk-body" data-testid="invitation-problem">
          {loaded.message}
        </p>
      </>
    );
  }
  const { preview } = loaded;
  const forgetToken = () => window.sessionStorage.removeItem(PENDING_INVITATION_KEY);

  if (accountFor) {
    return (
      <div className="govuk-panel govuk-panel--confirmation" data-testid="invitation-accepted">
        <h1 className="govuk-panel__title">Your account is set up</h1>
        <div className="govuk-panel__body">
          You are a member of {preview.meetingTypeLabel.toLowerCase()} {preview.meetingReference}.{' '}
          <Link className="govuk-link" to="/sign-in" style={{ color: 'inherit' }}>
            Sign in
          </Link>{' '}
          with {accountFor} and your new password.
        </div>
      </div>
    );
  }

  async function joinSignedIn() {
    setJoinProblem(undefined);
    try {
      const accepted = await api.invitations.acceptSignedIn(token!);
      forgetToken();
      await navigate(`/meetings/${accepted.meetingId}`);
    } catch (error) {
      setJoinProblem(errorMessage(error));
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(
      AcceptInvitationRequestSchema,
      { token, displayName, jobTitle, password },
      password === confirmPassword ? {} : { confirmPassword: 'The passwords do not match' },
    );
    if (parsed === undefined) return;
    await send(async () => {
      const accepted = await api.invitations.accept(parsed);
      forgetToken();
      setAccountFor(accepted.email);
    });
  }

  const summary = toSummary(
    errors,
    ['displayName', 'jobTitle', 'password', 'confirmPassword'],
    (path) => FIELD_IDS[path],
    'invitation-name',
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading caption="Roundtable">Accept your invitation</PageHeading>
        <p className="govuk-body">
          You have been invited to {preview.meetingTypeLabel.toLowerCase()} {preview.meetingReference} on{' '}
          {formatDateTime(preview.scheduledAt)}.
        </p>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Email address</dt>
            <dd className="govuk-summary-list__value">{preview.email}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Your role</dt>
            <dd className="govuk-summary-list__value">{MEETING_ROLE_LABELS[preview.role]}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Agency</dt>
            <dd className="govuk-summary-list__value">
              {AGENCY_LABELS[preview.agency]}
              {preview.organisation ? `, ${preview.organisation}` : ''}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Link works until</dt>
            <dd className="govuk-summary-list__value">{formatDateTime(preview.expiresAt)}</dd>
          </div>
        </dl>

        {session.status === 'signed-in' ? (
          session.me.email === preview.email ? (
            <>
              {joinProblem && (
                <div className="govuk-error-summary" role="alert">
                  <h2 className="govuk-error-summary__title">There is a problem</h2>
                  <div className="govuk-error-summary__body">
                    <p className="govuk-body">{joinProblem}</p>
                  </div>
                </div>
              )}
              <button type="button" className="govuk-button" onClick={() => void joinSignedIn()}>
                Join the meeting
              </button>
            </>
          ) : (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                You are signed in as {session.me.email}, but this invitation was sent to {preview.email}. Sign out, then
                open the link in the email again.
              </strong>
            </div>
          )
        ) : (
          <>
            {providers.length > 0 && (
              <>
                <h2 className="govuk-heading-m">Sign in with your organisation</h2>
                <p className="govuk-body">
                  Use the account your organisation gave you. Its email address must be {preview.email}.
                </p>
                {providers.map((provider) => (
                  <a
                    key={provider.id}
                    className="govuk-button govuk-button--secondary govuk-!-margin-right-2"
                    href={api.auth.oidc.signInUrl(provider.id, '/invitations/accept')}
                  >
                    Sign in with {provider.displayName}
                  </a>
                ))}
                <h2 className="govuk-heading-m">Or set up a Roundtable account</h2>
              </>
            )}
            {providers.length === 0 && <h2 className="govuk-heading-m">Set up your account</h2>}
            <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="accept-invitation-form">
              <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
              <TextField
                id="invitation-name"
                name="displayName"
                label="Your full name"
                value={displayName}
                onChange={setDisplayName}
                error={errors.displayName}
                autoComplete="name"
              />
              <TextField
                id="invitation-job-title"
                name="jobTitle"
                label="Job title"
                hint="For example, GP or school nurse"
                value={jobTitle}
                onChange={setJobTitle}
                error={errors.jobTitle}
                autoComplete="organization-title"
              />
              <TextField
                id="invitation-password"
                name="password"
                type="password"
                label="Create a password"
                hint="At least 12 characters. A few unrelated words are easy to remember and hard to guess."
                value={password}
                onChange={setPassword}
                error={errors.password}
                autoComplete="new-password"
              />
              <TextField
                id="invitation-password-confirm"
                name="confirmPassword"
                type="password"
                label="Confirm your password"
                value={confirmPassword}
                onChange={setConfirmPassword}
                error={errors.confirmPassword}
                autoComplete="new-password"
              />
              <button type="submit" className="govuk-button" disabled={submitting}>
                Set up account and join
              </button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
