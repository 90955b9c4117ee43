import { useContext } from 'react';
import type { UserResponse } from '@roundtable/shared/schemas';
import { SessionContext, type SessionValue } from './sessionContext';

/** The current session and the actions that change it. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in user. Only for pages rendered inside <RequireSession>. */
export function useMe(): UserResponse {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useMe must be used inside <RequireSession>');
  return session.me;
}
