import { AGENCIES, AGENCY_LABELS, type Agency, MEETING_ROLE_LABELS } from '@roundtable/shared/constants';
import {
  ACCOUNT_INVITATION_DAYS,
  ACCOUNT_INVITATION_ROLES,
  type AccountInvitation,
  type AccountInvitationRole,
  InviteWithoutAccountRequestSchema,
} from '@roundtable/shared/invitations';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { formatDateTime } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';
import { SuccessBanner } from '../layout/Banners';
import { useStepUp } from '../step-up/useStepUp';
import { TableHead } from '../layout/TableHead';

const ROLE_OPTIONS = ACCOUNT_INVITATION_ROLES.map((value) => ({ value, text: MEETING_ROLE_LABELS[value] }));
const AGENCY_OPTIONS = AGENCIES.map((value) => ({ value, text: AGENCY_LABELS[value] }));
const FIELD_IDS: Record<string, string> = {
  email: 'account-invite-email',
  role: 'account-invite-role',
  agency: 'account-invite-agency',
  organisation: 'account-invite-organisation',
};
const STATUS_LABELS: Record<AccountInvitation['status'], string> = {
  pending: 'Waiting',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Withdrawn',
};

/**
 * Chair only: invite someone who has no Roundtable account (a GP, a school
 * nurse) by email address and role. They are emailed a link that works once,
 * for that address only, for ACCOUNT_INVITATION_DAYS days.
 */
export function InviteWithoutAccountForm({ meetingId }: { meetingId: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AccountInvitationRole>('participant');
  const [agency, setAgency] = useState<Agency>('health');
  const [organisation, setOrganisation] = useState('');
  const [invitations, setInvitations] = useState<AccountInvitation[]>([]);
  const [notice, setNotice] = useState<string>();
  const { errors, generalError, attempt, submitting, clearErrors, validate, send } = useFormSubmission();
  const { withStepUp } = useStepUp();

  const load = useCallback(async () => {
    try {
      setInvitations((await api.invitations.list(meetingId)).invitations);
    } catch {
      // The list is a convenience: the form still works without it.
    }
  }, [meetingId]);
  useEffect(() => void load(), [load]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(undefined);
    const parsed = validate(InviteWithoutAccountRequestSchema, { email, role, agency, organisation });
    if (parsed === undefined) return;
    await send(
      async () => {
        const invitation = await withStepUp(() => api.invitations.invite(meetingId, parsed));
        clearErrors();
        setEmail('');
        setOrganisation('');
        setNotice(`We have emailed an invitation to ${invitation.email}`);
        await load();
      },
      (error) => (isApiError(error, 'Conflict') ? { fields: { email: error.message } } : describeError(error)),
    );
  }

  /** The link stops working at once; the row stays, marked withdrawn. */
  async function withdraw(invitation: AccountInvitation) {
    setNotice(undefined);
    await send(async () => {
      await withStepUp(() => api.invitations.revoke(meetingId, invitation.id));
      clearErrors();
      setNotice(`The invitation to ${invitation.email} is withdrawn: its link no longer works`);
      await load();
    });
  }

  const summary = toSummary(
    errors,
    ['email', 'role', 'agency', 'organisation'],
    (path) => FIELD_IDS[path],
    'account-invite-email',
  );
  return (
    <details className="govuk-details" data-testid="invite-without-account">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Invite someone without an account</span>
      </summary>
      <div className="govuk-details__text">
        {notice && (
          <SuccessBanner id="account-invite-notice" headingLevel={3}>
            {notice}
          </SuccessBanner>
        )}
        <form noValidate onSubmit={(event) => void handleSubmit(event)}>
          <p className="govuk-body">
            We email them a link to set up an account, or to sign in with their organisation’s single sign-on. The link
            works once, only for that email address, for {ACCOUNT_INVITATION_DAYS} days. The email says only the kind of
            meeting, its reference and its time.
          </p>
          <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
          <TextField
            id="account-invite-email"
            name="email"
            type="email"
            label="Their email address"
            value={email}
            onChange={setEmail}
            error={errors.email}
            autoComplete="off"
            spellCheck={false}
            widthClass="govuk-input--width-30"
          />
          <SelectField
            id="account-invite-role"
            name="role"
            label="Role in this meeting"
            value={role}
            options={ROLE_OPTIONS}
            onChange={setRole}
            error={errors.role}
          />
          <SelectField
            id="account-invite-agency"
            name="agency"
            label="Their agency"
            value={agency}
            options={AGENCY_OPTIONS}
            onChange={setAgency}
            error={errors.agency}
          />
          <TextField
            id="account-invite-organisation"
            name="organisation"
            label="Their organisation (optional)"
            hint="For example, Testshire GP Practice"
            value={organisation}
            onChange={setOrganisation}
            error={errors.organisation}
            autoComplete="off"
            widthClass="govuk-input--width-20"
          />
          <button type="submit" className="govuk-button govuk-button--secondary" disabled={submitting}>
            Send invitation
          </button>
        </form>
        {invitations.length > 0 && (
          <table className="govuk-table" data-testid="account-invitations">
            <caption className="govuk-table__caption govuk-table__caption--s">Invitations sent</caption>
            <TableHead columns={['Email address', 'Role', 'Status', { label: 'Actions', visuallyHidden: true }]} />
            <tbody className="govuk-table__body">
              {invitations.map((invitation) => (
                <tr className="govuk-table__row" key={invitation.id}>
                  <td className="govuk-table__cell">{invitation.email}</td>
                  <td className="govuk-table__cell">{MEETING_ROLE_LABELS[invitation.role]}</td>
                  <td className="govuk-table__cell">
                    {STATUS_LABELS[invitation.status]}
                    {invitation.status === 'pending' && (
                      <span className="govuk-body-s govuk-!-display-block">
                        Until {formatDateTime(invitation.expiresAt)}
                      </span>
                    )}
                  </td>
                  <td className="govuk-table__cell">
                    {invitation.status === 'pending' && (
                      <button
                        type="button"
                        className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                        disabled={submitting}
                        onClick={() => void withdraw(invitation)}
                      >
                        Withdraw<span className="govuk-visually-hidden"> the invitation to {invitation.email}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}
