import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './layout/Layout';
import { MyActionsPage } from './pages/MyActionsPage';
import { MyMeetingsPage } from './pages/MyMeetingsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';
import { RequireSession } from './session/RequireSession';
import { SessionProvider } from './session/SessionProvider';

// The meeting room brings TipTap and Yjs; other pages load without them.
const MeetingRoomPage = lazy(() =>
  import('./pages/MeetingRoomPage').then((module) => ({ default: module.MeetingRoomPage })),
);

/** Routes: /sign-in, / (my meetings), /actions (my actions), /meetings/:id (meeting room). Everything but sign-in needs a session. */
export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Layout>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route
              path="/"
              element={
                <RequireSession>
                  <MyMeetingsPage />
                </RequireSession>
              }
            />
            <Route
              path="/actions"
              element={
                <RequireSession>
                  <MyActionsPage />
                </RequireSession>
              }
            />
            <Route
              path="/meetings/:id"
              element={
                <RequireSession>
                  <Suspense
                    fallback={
                      <p className="govuk-body" role="status">
                        Loading…
                      </p>
                    }
                  >
                    <MeetingRoomPage />
                  </Suspense>
                </RequireSession>
              }
            />
            <Route
              path="*"
              element={
                <RequireSession>
                  <NotFoundPage />
                </RequireSession>
              }
            />
          </Routes>
        </Layout>
      </SessionProvider>
    </BrowserRouter>
  );
}
