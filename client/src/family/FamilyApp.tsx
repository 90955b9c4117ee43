import type { FamilySessionResponse } from '@roundtable/shared/family';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { api } from '../api';
import { FamilyHome } from './home/FamilyHome';
import { FamilyRecordPage } from './record/FamilyRecordPage';
import { FamilySafetyPlanPage } from './safety-plan/FamilySafetyPlanPage';
import { FamilySessionContext, type FamilySessionState, useFamilySession } from './familySession';
import { FamilySignInPage } from './sign-in/FamilySignInPage';
import { FamilyPlanPage } from './plan/FamilyPlanPage';

/** Family pages need a family session; without one, the sign-in page. */
export function RequireFamilySession({ children }: { children: ReactNode }) {
  const { state } = useFamilySession();
  if (state.status === 'loading') {
    return (
      <p className="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (state.status === 'signed-out') return <Navigate to="/family/sign-in" replace />;
  return children;
}

/** Who is signed in, and the way out: on every family page, where a thumb reaches it. */
function FamilySignOutBar() {
  const { state, signOut } = useFamilySession();
  const [signingOut, setSigningOut] = useState(false);
  if (state.status !== 'signed-in') return null;
  return (
    <p className="govuk-body-s govuk-!-margin-bottom-4" data-testid="family-bar">
      Signed in as {state.session.member.displayName}.{' '}
      <button
        type="button"
        className="govuk-link rt-link-button"
        disabled={signingOut}
        onClick={() => {
          setSigningOut(true);
          void signOut().finally(() => setSigningOut(false));
        }}
      >
        Sign out
      </button>
    </p>
  );
}

/**
 * The family's part of Roundtable, under /family (docs/FAMILY.md): sign in
 * with the code we email, then the family's view of their one meeting. A
 * family member has no professional session; these pages use only the
 * family cookie and the /api/family routes.
 */
export function FamilyApp() {
  const [state, setState] = useState<FamilySessionState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    api.family.session().then(
      (session) => {
        if (!cancelled) setState({ status: 'signed-in', session });
      },
      () => {
        if (!cancelled) setState({ status: 'signed-out', reason: 'none' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signedIn = useCallback((session: FamilySessionResponse) => setState({ status: 'signed-in', session }), []);
  const signOut = useCallback(async () => {
    try {
      await api.family.signOut();
    } finally {
      setState({ status: 'signed-out', reason: 'signed-out' });
    }
  }, []);
  const value = useMemo(() => ({ state, signedIn, signOut }), [state, signedIn, signOut]);

  return (
    <FamilySessionContext.Provider value={value}>
      <FamilySignOutBar />
      <Routes>
        <Route path="sign-in" element={<FamilySignInPage />} />
        <Route
          index
          element={
            <RequireFamilySession>
              <FamilyHome />
            </RequireFamilySession>
          }
        />
        <Route
          path="safety-plan"
          element={
            <RequireFamilySession>
              <FamilySafetyPlanPage />
            </RequireFamilySession>
          }
        />
        <Route
          path="record"
          element={
            <RequireFamilySession>
              <FamilyRecordPage />
            </RequireFamilySession>
          }
        />
        <Route
          path="plan"
          element={
            <RequireFamilySession>
              <FamilyPlanPage />
            </RequireFamilySession>
          }
        />
        <Route path="*" element={<Navigate to="/family" replace />} />
      </Routes>
    </FamilySessionContext.Provider>
  );
}
