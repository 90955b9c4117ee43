import { AGENCIES, AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import { formatTimestamp } from '@roundtable/shared/dates';
import {
  CreateServiceAccountRequestSchema,
  SERVICE_ACCOUNT_SCOPE_LABELS,
  SERVICE_ACCOUNT_SCOPES,
  type ServiceAccount,
  type ServiceAccountScope,
} from '@roundtable/shared/integrations';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';
import { useStepUp } from '../step-up/useStepUp';
import { TableHead } from '../layout/TableHead';

const FIELD_IDS: Record<string, string> = {
  name: 'sa-name',
  agency: 'sa-agency',
  organisation: 'sa-organisation',
  scopes: 'sa-scopes',
  expiresInDays: 'sa-expires',
};

/** Administrators only: service accounts for case systems, their tokens, revoking them (docs/INTEGRATIONS.md). */
export function ServiceAccountsPage() {
  const me = useMe();
  return me.isAdmin ? <ServiceAccounts /> : <NoAccessPage />;
}

/** A token just issued: shown once, here, and never again. */
function IssuedToken({ name, token }: { name: string; token: string }) {
  return (
    <div className="govuk-panel govuk-panel--confirmation" data-testid="issued-token" role="status">
      <h2 className="govuk-panel__title govuk-!-font-size-27">Token for {name}</h2>
      <div className="govuk-panel__body govuk-!-font-size-19">
        <p className="govuk-body govuk-!-colour-white">
          Copy it now and give it to the case system securely. It will not be shown again.
        </p>
        <code className="rt-token" style={{ wordBreak: 'break-all' }}>
          {token}
        </code>
      </div>
    </div>
  );
}

function ServiceAccounts() {
  usePageTitle('Service accounts');
  const { withStepUp } = useStepUp();
  const [accounts, setAccounts] = useState<ServiceAccount[] | null>(null);
  const [problem, setProblem] = useState<string>();
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [notice, setNotice] = useState<string>();

  const load = useCallback(() => {
    api.serviceAccounts.list().then(
      (result) => setAccounts(result.serviceAccounts),
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, []);
  useEffect(load, [load]);

  async function act(action: () => Promise<unknown>, done: string) {
    setProblem(undefined);
    setIssued(null);
    try {
      await action();
      setNotice(done);
      load();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <>
      <PageHeading>Service accounts</PageHeading>
      <p className="govuk-body">
        A service account lets a case system (for example Liquidlogic LCS, Mosaic or Eclipse) read the sealed records of
        one organisation’s meetings, or receive webhooks, with an API token. It can never sign in. Each token is shown
        once; revoking it stops it at once. Everything a service account does is in the audit trail.
      </p>
      {problem && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{problem}</p>
          </div>
        </div>
      )}
      {notice && !issued && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading" data-testid="service-account-notice">
              {notice}
            </p>
          </div>
        </div>
      )}
      {issued && <IssuedToken name={issued.name} token={issued.token} />}
      <h2 className="govuk-heading-m">Service accounts</h2>
      {accounts === null ? (
        <p className="govuk-body" role="status">
          Loading…
        </p>
      ) : accounts.length === 0 ? (
        <p className="govuk-body">There are no service accounts yet.</p>
      ) : (
        accounts.map((account) => (
          <section key={account.id} className="govuk-!-margin-bottom-8" data-testid="service-account">
            <h3 className="govuk-heading-s">
              {account.name}
              {account.status === 'disabled' && (
                <strong className="govuk-tag govuk-tag--grey govuk-!-margin-left-2">Disabled</strong>
              )}
            </h3>
            <dl className="govuk-summary-list govuk-summary-list--no-border">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Organisation</dt>
                <dd className="govuk-summary-list__value">
                  {account.organisation} ({AGENCY_LABELS[account.agency]})
                </dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">May</dt>
                <dd className="govuk-summary-list__value">
                  {account.scopes.map((scope) => SERVICE_ACCOUNT_SCOPE_LABELS[scope]).join('; ')}
                </dd>
              </div>
            </dl>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Tokens of {account.name}</caption>
              <TableHead
                columns={['Token starts', 'Status', 'Expires', 'Last used', { label: 'Action', visuallyHidden: true }]}
              />
              <tbody className="govuk-table__body">
                {account.tokens.map((token) => (
                  <tr className="govuk-table__row" key={token.id}>
                    <td className="govuk-table__cell">
                      <code>{token.hint}…</code>
                    </td>
                    <td className="govuk-table__cell">{token.status}</td>
                    <td className="govuk-table__cell">
                      {token.expiresAt ? formatTimestamp(token.expiresAt) : 'Never'}
                    </td>
                    <td className="govuk-table__cell">
                      {token.lastUsedAt ? formatTimestamp(token.lastUsedAt) : 'Not yet'}
                    </td>
                    <td className="govuk-table__cell">
                      {token.status === 'active' && (
                        <button
                          type="button"
                          className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                          onClick={() =>
                            act(
                              () => api.serviceAccounts.revokeToken(account.id, token.id),
                              `Token ${token.hint}… of ${account.name} is revoked.`,
                            )
                          }
                        >
                          Revoke
                          <span className="govuk-visually-hidden">
                            {' '}
                            token {token.hint} of {account.name}
                          </span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {account.status === 'active' && (
              <div className="govuk-button-group">
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={async () => {
                    setProblem(undefined);
                    try {
                      const result = await withStepUp(() => api.serviceAccounts.issueToken(account.id, 365));
                      if (result) setIssued({ name: account.name, token: result.token });
                      load();
                    } catch (error) {
                      setProblem(errorMessage(error));
                    }
                  }}
                >
                  New token<span className="govuk-visually-hidden"> for {account.name}</span>
                </button>
                <button
                  type="button"
                  className="govuk-button govuk-button--warning"
                  onClick={() =>
                    act(
                      () => api.serviceAccounts.disable(account.id),
                      `${account.name} is disabled; its tokens are revoked.`,
                    )
                  }
                >
                  Disable<span className="govuk-visually-hidden"> {account.name}</span>
                </button>
              </div>
            )}
          </section>
        ))
      )}
      <CreateServiceAccountForm
        onCreated={(name, token) => {
          setIssued({ name, token });
          load();
        }}
      />
    </>
  );
}

function CreateServiceAccountForm({ onCreated }: { onCreated: (name: string, token: string) => void }) {
  const { withStepUp } = useStepUp();
  const [name, setName] = useState('');
  const [agency, setAgency] = useState<Agency>('childrens-social-care');
  const [organisation, setOrganisation] = useState('');
  const [scopes, setScopes] = useState<ServiceAccountScope[]>(['records:read']);
  const [expires, setExpires] = useState('365');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const days = expires.trim() === '' ? null : Number(expires);
    const body = validate(CreateServiceAccountRequestSchema, {
      name,
      agency,
      organisation,
      scopes,
      expiresInDays: days,
    });
    if (body === undefined) return;
    await send(async () => {
      const created = await withStepUp(() => api.serviceAccounts.create({ ...body, expiresInDays: days }));
      if (!created) return;
      setName('');
      setOrganisation('');
      onCreated(created.serviceAccount.name, created.token);
    });
  }

  const summary = toSummary(errors, Object.keys(FIELD_IDS), (path) => FIELD_IDS[path.split('.')[0] ?? ''], 'sa-name');
  return (
    <form onSubmit={handleSubmit} noValidate data-testid="create-service-account-form">
      <h2 className="govuk-heading-m">Create a service account</h2>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <TextField
        id="sa-name"
        name="name"
        label="Name"
        hint="The case system and who runs it, for example Testshire LCS"
        value={name}
        onChange={setName}
        error={errors.name}
      />
      <SelectField
        id="sa-agency"
        name="agency"
        label="Agency"
        value={agency}
        options={AGENCIES.map((value) => ({ value, text: AGENCY_LABELS[value] }))}
        onChange={setAgency}
        error={errors.agency}
      />
      <TextField
        id="sa-organisation"
        name="organisation"
        label="Organisation"
        hint="As on its people’s accounts, for example Testshire County Council. It reads the sealed records of meetings one of them is a member of."
        value={organisation}
        onChange={setOrganisation}
        error={errors.organisation}
      />
      <CheckboxesField
        id="sa-scopes"
        legend="What may it do?"
        values={scopes}
        options={SERVICE_ACCOUNT_SCOPES.map((value) => ({ value, text: SERVICE_ACCOUNT_SCOPE_LABELS[value] }))}
        onChange={setScopes}
        error={errors.scopes ?? errors['scopes.0']}
      />
      <TextField
        id="sa-expires"
        name="expiresInDays"
        label="Days until the token expires"
        hint="Up to 366. Leave empty for a token that does not expire (revoke it when no longer needed)."
        inputMode="numeric"
        widthClass="govuk-input--width-4"
        value={expires}
        onChange={setExpires}
        error={errors.expiresInDays}
      />
      <button type="submit" className="govuk-button" disabled={submitting}>
        Create service account
      </button>
    </form>
  );
}
