import type { ReactNode } from 'react';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';

/**
 * The auditor's workspace, for safeguarding partner reviewers only. Anyone else
 * sees "You do not have access" and nothing is fetched (the server refuses them too).
 * Only inside <RequireSession>.
 */
export function RequireAuditor({ children }: { children: ReactNode }) {
  const me = useMe();
  return me.isAuditor ? <>{children}</> : <NoAccessPage />;
}
