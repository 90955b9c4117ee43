import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './useSession';

/** The account security page (two-factor authentication). */
const ACCOUNT_SECURITY_PATH = '/account/security';

/** Renders its children only for a signed-in user; otherwise sends them to /sign-in and back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();

  if (session.status === 'loading') {
    return (
      <p className="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (session.status === 'signed-out') {
    const returnTo = `${location.pathname}${location.search}`;
    return <Navigate to="/sign-in" replace state={{ returnTo }} />;
  }
  // Held at two-factor setup until it is done (the server refuses everything else meanwhile).
  if (session.mfaEnrolmentRequired && location.pathname !== ACCOUNT_SECURITY_PATH) {
    return <Navigate to={ACCOUNT_SECURITY_PATH} replace />;
  }
  return <>{children}</>;
}
