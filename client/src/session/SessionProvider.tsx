import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { UserResponse } from '@roundtable/shared/schemas';
import { api, setMfaEnrolmentRequiredHandler, setUnauthenticatedHandler } from '../api';
import { erasePendingEdits, setPendingEditsUser } from '../collab/pendingEdits';
import { StepUpProvider } from '../step-up/StepUpProvider';
import { SessionContext, type SessionState, type SessionValue } from './sessionContext';

/**
 * Knows who is signed in. Asks `GET /api/me` once at start; the session cookie
 * is httpOnly, so nothing about it is kept in the browser's storage.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api.auth.me().then(
      (me) => {
        if (!cancelled) setSession({ status: 'signed-in', me });
      },
      () => {
        if (cancelled) return;
        // 401 means "not signed in". Any other failure is treated the same way
        // so that the user can at least try to sign in again.
        setSession({ status: 'signed-out', reason: 'none' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setSession((current) => (current.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : current));
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  useEffect(() => {
    setMfaEnrolmentRequiredHandler(() => {
      setSession((current) => (current.status === 'signed-in' ? { ...current, mfaEnrolmentRequired: true } : current));
    });
    return () => setMfaEnrolmentRequiredHandler(null);
  }, []);

  // Someone whose role requires two-factor authentication, not yet set up, goes straight to
  // setting it up rather than after the first refused request.
  const signedInUserId = session.status === 'signed-in' ? session.me.id : null;
  // Only the signed-in user's unsent edits are kept on this device, and only theirs are restored.
  // (Set during render, so the room's first effect already sees it.)
  setPendingEditsUser(signedInUserId);
  useEffect(() => {
    if (!signedInUserId) return;
    api.auth.mfa.status().then(
      (status) => {
        if (status.enrolmentRequired) {
          setSession((current) =>
            current.status === 'signed-in' ? { ...current, mfaEnrolmentRequired: true } : current,
          );
        }
      },
      () => undefined,
    );
  }, [signedInUserId]);

  const mfaEnrolled = useCallback(
    () =>
      setSession((current) => (current.status === 'signed-in' ? { ...current, mfaEnrolmentRequired: false } : current)),
    [],
  );

  const signedIn = useCallback((me: UserResponse) => setSession({ status: 'signed-in', me }), []);

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      // Nothing of the meeting stays in this browser after sign-out, unsent edits included.
      await erasePendingEdits();
      setSession({ status: 'signed-out', reason: 'signed-out' });
    }
  }, []);

  const value = useMemo<SessionValue>(
    () => ({ session, signedIn, signOut, mfaEnrolled }),
    [session, signedIn, signOut, mfaEnrolled],
  );
  // Step-up re-authentication belongs to the session: one dialog for the whole app.
  return (
    <SessionContext.Provider value={value}>
      <StepUpProvider>{children}</StepUpProvider>
    </SessionContext.Provider>
  );
}
