import type { AdminUser } from '@roundtable/shared/admin';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import { PageHeading } from '../layout/PageHeading';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { usePageTitle } from '../layout/usePageTitle';
import { useMe } from '../session/useSession';
import { useStepUp } from '../step-up/useStepUp';
import { AdminCreateUserForm } from './AdminCreateUserForm';
import { OrganisationEditor } from '../people/OrganisationEditor';
import { organisationAndAgency } from '../people/organisation';
import { NoAccessPage } from './NoAccessPage';
import {
  ACTION_TEXT,
  type AccountAction,
  changePermission,
  isPermissionAction,
  isWarningAction,
  permissionActionsFor,
} from './accountActions';

function kindOf(user: AdminUser): string {
  if (user.isAdmin) return 'Administrator';
  if (user.isAuditor) return 'Safeguarding partner reviewer';
  return 'Practitioner';
}

/**
 * "Manage accounts" for administrators: every account, creating one,
 * disabling, enabling, ending sessions, and giving or taking away the
 * permission to chair and the team manager role.
 */
export function AdminUsersPage() {
  const me = useMe();
  return me.isAdmin ? <AdminUsers myId={me.id} /> : <NoAccessPage />;
}

function AdminUsers({ myId }: { myId: string }) {
  usePageTitle('Manage accounts');
  const { withStepUp } = useStepUp();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [pending, setPending] = useState<{ user: AdminUser; action: AccountAction } | null>(null);
  const [working, setWorking] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setUsers((await api.admin.users.list()).users);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (pending) confirmHeading.current?.focus();
  }, [pending]);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  async function confirm() {
    if (!pending) return;
    const { user, action } = pending;
    setWorking(true);
    setActionError(undefined);
    try {
      if (isPermissionAction(action)) {
        const changed = await changePermission(user, action);
        setPending(null);
        setNotice(changed);
        await load();
        return;
      }
      const result =
        action === 'enable'
          ? await api.admin.users.enable(user.id)
          : await withStepUp(() =>
              action === 'disable' ? api.admin.users.disable(user.id) : api.admin.users.endSessions(user.id),
            );
      setPending(null);
      setNotice(
        action === 'enable'
          ? `${user.displayName}’s account is enabled.`
          : `${action === 'disable' ? `${user.displayName}’s account is disabled. ` : ''}${result.sessionsEnded} session${
              result.sessionsEnded === 1 ? '' : 's'
            } of ${user.displayName} ended; their open connections were closed.`,
      );
      await load();
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setWorking(false);
    }
  }

  return (
    <>
      <PageHeading>Manage accounts</PageHeading>
      {notice && (
        <div
          className="govuk-notification-banner govuk-notification-banner--success"
          role="alert"
          aria-labelledby="admin-notice-title"
          tabIndex={-1}
          ref={noticeRef}
          data-testid="admin-notice"
        >
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="admin-notice-title">
              Success
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      )}

      {pending && (
        <section
          className="govuk-!-margin-bottom-8"
          aria-labelledby="confirm-heading"
          data-testid="confirm-account-action"
        >
          <h2 className="govuk-heading-m" id="confirm-heading" tabIndex={-1} ref={confirmHeading}>
            {ACTION_TEXT[pending.action].confirm(pending.user.displayName)}
          </h2>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {ACTION_TEXT[pending.action].warning}
            </strong>
          </div>
          {actionError && (
            <p className="govuk-error-message" role="alert">
              <span className="govuk-visually-hidden">Error:</span> {actionError}
            </p>
          )}
          <div className="govuk-button-group">
            <button
              type="button"
              className={`govuk-button${isWarningAction(pending.action) ? ' govuk-button--warning' : ''}`}
              onClick={() => void confirm()}
              disabled={working}
              aria-disabled={working || undefined}
            >
              Yes, {ACTION_TEXT[pending.action].button.toLowerCase()}
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => {
                setPending(null);
                setActionError(undefined);
              }}
            >
              Cancel
            </button>
          </div>
        </section>
      )}

      {loadError && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {loadError}
        </p>
      )}
      {users === null && !loadError && (
        <p className="govuk-body" role="status">
          Loading accounts…
        </p>
      )}
      {users && (
        <ScrollableTable label="Accounts">
          <table className="govuk-table" data-testid="accounts-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Accounts</caption>
            <TableHead
              columns={[
                'Name',
                'Agency',
                'Kind',
                'Convenes and chairs',
                'Team manager',
                'Status',
                { label: 'Sessions', numeric: true },
                { label: 'Actions', visuallyHidden: true },
              ]}
            />
            <tbody className="govuk-table__body">
              {users.map((user) => (
                <tr className="govuk-table__row" key={user.id} data-user-email={user.email}>
                  <th scope="row" className="govuk-table__header">
                    {user.displayName}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{user.email}</span>
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{user.jobTitle}</span>
                  </th>
                  <td className="govuk-table__cell" data-testid="organisation">
                    {organisationAndAgency(user)}
                    <OrganisationEditor
                      user={user}
                      onChanged={(changed) => {
                        setNotice(
                          changed.organisation
                            ? `${changed.displayName} now belongs to ${changed.organisation}.`
                            : `${changed.displayName} no longer has an organisation.`,
                        );
                        void load();
                      }}
                    />
                  </td>
                  <td className="govuk-table__cell">{kindOf(user)}</td>
                  <td className="govuk-table__cell" data-testid="can-chair">
                    {user.canChair ? 'Yes' : 'No'}
                  </td>
                  <td className="govuk-table__cell" data-testid="team-manager">
                    {user.teamManager ? 'Yes' : 'No'}
                  </td>
                  <td className="govuk-table__cell">
                    <strong
                      className={`govuk-tag ${user.status === 'active' ? 'govuk-tag--green' : 'govuk-tag--grey'}`}
                    >
                      {user.status === 'active' ? 'Active' : 'Disabled'}
                    </strong>
                  </td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{user.activeSessions}</td>
                  <td className="govuk-table__cell">
                    {user.id === myId ? (
                      <span className="govuk-body-s">This is you</span>
                    ) : (
                      <div className="govuk-button-group govuk-!-margin-bottom-0">
                        {[
                          ...(user.status === 'active'
                            ? (['disable', 'end-sessions'] as const)
                            : (['enable'] as const)),
                          ...permissionActionsFor(user),
                        ].map((action) => (
                          <button
                            key={action}
                            type="button"
                            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                            onClick={() => {
                              setNotice(undefined);
                              setActionError(undefined);
                              setPending({ user, action });
                            }}
                          >
                            {ACTION_TEXT[action].button}
                            <span className="govuk-visually-hidden"> for {user.displayName}</span>
                          </button>
                        ))}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      )}

      <h2 className="govuk-heading-m govuk-!-margin-top-6">Create an account</h2>
      <AdminCreateUserForm
        onCreated={(created) => {
          setNotice(`Account created for ${created.displayName} (${created.email}).`);
          void load();
        }}
      />
    </>
  );
}
