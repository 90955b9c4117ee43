import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useMe } from '../session/useSession';

/**
 * Pages about the user's own meetings and actions. Auditors belong to no meeting
 * and never see meeting rooms: they land on the audit trail instead.
 * Only inside <RequireSession>.
 */
export function MembersOnly({ children }: { children: ReactNode }) {
  const me = useMe();
  return me.isAuditor ? <Navigate to="/audit" replace /> : <>{children}</>;
}
