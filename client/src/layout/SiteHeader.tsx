import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { NotificationsLink } from '../notifications/NotificationsLink';
import { useSession } from '../session/useSession';

const MEMBER_NAVIGATION = [
  { to: '/', text: 'My meetings' },
  { to: '/actions', text: 'My actions' },
  { to: '/caseload', text: 'Caseload' },
] as const;

/** Auditors belong to no meeting: their one place is the audit trail. */
const AUDITOR_NAVIGATION = [{ to: '/audit', text: 'Audit trail' }] as const;

/** Administrators also manage accounts. */
const ADMIN_NAVIGATION = [
  ...MEMBER_NAVIGATION,
  { to: '/admin/users', text: 'Manage accounts' },
  { to: '/admin/outbox', text: 'Email outbox' },
  { to: '/admin/service-accounts', text: 'Service accounts' },
  { to: '/admin/jobs', text: 'Job queue' },
  { to: '/admin/webhooks', text: 'Webhooks' },
  { to: '/admin/retention', text: 'Retention' },
  { to: '/admin/subject-access', text: 'Subject access' },
] as const;

const navigationFor = (me: { isAuditor: boolean; isAdmin: boolean }) =>
  me.isAuditor ? AUDITOR_NAVIGATION : me.isAdmin ? ADMIN_NAVIGATION : MEMBER_NAVIGATION;

/**
 * Service header. Roundtable is not on GOV.UK, so it uses the generic header
 * with the service name as text (no crown) and the service navigation below.
 */
export function SiteHeader() {
  const { session, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const me = session.status === 'signed-in' ? session.me : null;

  async function handleSignOut() {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
      void navigate('/sign-in', { replace: true });
    }
  }

  return (
    <header className="govuk-template__header">
      <div className="govuk-generic-header">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link to="/" className="govuk-generic-header__homepage-link">
              Roundtable
            </Link>
          </div>
        </div>
      </div>
      {me && (
        <section aria-label="Service information" className="govuk-service-navigation">
          <div className="govuk-width-container rt-service-navigation__row">
            <div className="govuk-service-navigation__container">
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {navigationFor(me).map(({ to, text }) => {
                    // A page within a section (a record's history within the audit trail) keeps it active.
                    const current = location.pathname === to;
                    const active = current || (to !== '/' && location.pathname.startsWith(`${to}/`));
                    return (
                      <li
                        key={to}
                        className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                      >
                        <Link
                          className="govuk-service-navigation__link"
                          to={to}
                          aria-current={current ? 'page' : active ? 'true' : undefined}
                        >
                          {active ? (
                            <strong className="govuk-service-navigation__active-fallback">{text}</strong>
                          ) : (
                            text
                          )}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            </div>
            <div className="rt-service-navigation__account" data-testid="signed-in-user">
              <span>
                Signed in as <strong>{me.displayName}</strong>, {AGENCY_LABELS[me.agency]}
              </span>
              {!me.isAuditor && <NotificationsLink />}
              <Link className="govuk-link" to="/account/security">
                Account security
              </Link>
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => void handleSignOut()}
                disabled={signingOut}
                aria-disabled={signingOut || undefined}
              >
                Sign out
              </button>
            </div>
          </div>
        </section>
      )}
    </header>
  );
}
