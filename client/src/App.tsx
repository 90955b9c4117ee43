import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { MembersOnly } from './audit/MembersOnly';
import { CaseloadPage } from './caseload/CaseloadPage';
import { ChildPage } from './children/ChildPage';
import { RequireAuditor } from './audit/RequireAuditor';
import { Layout } from './layout/Layout';
import { AdminUsersPage } from './pages/AdminUsersPage';
import { AuditPage } from './pages/AuditPage';
import { DashboardPage } from './pages/DashboardPage';
import { FinalRecordPage } from './pages/FinalRecordPage';
import { MyActionsPage } from './pages/MyActionsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RecordHistoryPage } from './pages/RecordHistoryPage';
import { SignInPage } from './pages/SignInPage';
import { RequireSession } from './session/RequireSession';
import { SessionProvider } from './session/SessionProvider';
import { AccountSecurityPage } from './pages/AccountSecurityPage';
import { RecordLinkPage } from './circulation/RecordLinkPage';
import { FamilyApp } from './family/FamilyApp';
import { OutboxPage } from './mail/OutboxPage';
import { AcceptInvitationPage } from './invitations/AcceptInvitationPage';
import { ServiceAccountsPage } from './service-accounts/ServiceAccountsPage';
import { AdminJobsPage } from './notifications/AdminJobsPage';
import { NotificationPreferencesPage } from './notifications/NotificationPreferencesPage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { SubjectAccessPage, SubjectAccessRequestPage } from './subject-access/SubjectAccessPage';
import { WebhooksPage } from './webhooks/WebhooksPage';
import { RetentionPage } from './retention/RetentionPage';

// The meeting room brings TipTap and Yjs; other pages load without them.
const MeetingRoomPage = lazy(() =>
  import('./pages/MeetingRoomPage').then((module) => ({ default: module.MeetingRoomPage })),
);

/**
 * Routes: /sign-in, / (dashboard: my meetings by status and my open actions), /actions (my actions), /meetings/:id (meeting room),
 * /children/:childId (a child's record across meetings), /caseload (the LCPP's or team's children), and for
 * auditors /audit (the audit trail) and /audit/meetings/:id/history (a record as it was), and
 * /account/security (two-factor authentication) and /notifications (reminders; /notifications/preferences: which by
 * email) for everyone, /admin/jobs (the job queue) for administrators. Everything
 * but sign-in needs a session; auditors are sent from members' pages to /audit.
 */
export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Layout>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/family/*" element={<FamilyApp />} />
            <Route path="/record-link" element={<RecordLinkPage />} />
            <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
            <Route
              path="/"
              element={
                <RequireSession>
                  <MembersOnly>
                    <DashboardPage />
                  </MembersOnly>
                </RequireSession>
              }
            />
            <Route
              path="/actions"
              element={
                <RequireSession>
                  <MembersOnly>
                    <MyActionsPage />
                  </MembersOnly>
                </RequireSession>
              }
            />
            <Route
              path="/children/:childId"
              element={
                <RequireSession>
                  <MembersOnly>
                    <ChildPage />
                  </MembersOnly>
                </RequireSession>
              }
            />
            <Route
              path="/caseload"
              element={
                <RequireSession>
                  <MembersOnly>
                    <CaseloadPage />
                  </MembersOnly>
                </RequireSession>
              }
            />
            <Route
              path="/meetings/:id"
              element={
                <RequireSession>
                  <MembersOnly>
                    <Suspense
                      fallback={
                        <p className="govuk-body" role="status">
                          Loading…
                        </p>
                      }
                    >
                      <MeetingRoomPage />
                    </Suspense>
                  </MembersOnly>
                </RequireSession>
              }
            />
            <Route
              path="/audit"
              element={
                <RequireSession>
                  <RequireAuditor>
                    <AuditPage />
                  </RequireAuditor>
                </RequireSession>
              }
            />
            <Route
              path="/audit/meetings/:id/history"
              element={
                <RequireSession>
                  <RequireAuditor>
                    <RecordHistoryPage />
                  </RequireAuditor>
                </RequireSession>
              }
            />
            <Route
              path="/audit/meetings/:id/final-record"
              element={
                <RequireSession>
                  <RequireAuditor>
                    <FinalRecordPage />
                  </RequireAuditor>
                </RequireSession>
              }
            />
            <Route
              path="/account/security"
              element={
                <RequireSession>
                  <AccountSecurityPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/users"
              element={
                <RequireSession>
                  <AdminUsersPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/outbox"
              element={
                <RequireSession>
                  <OutboxPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/service-accounts"
              element={
                <RequireSession>
                  <ServiceAccountsPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/jobs"
              element={
                <RequireSession>
                  <AdminJobsPage />
                </RequireSession>
              }
            />
            <Route
              path="/notifications"
              element={
                <RequireSession>
                  <NotificationsPage />
                </RequireSession>
              }
            />
            <Route
              path="/notifications/preferences"
              element={
                <RequireSession>
                  <NotificationPreferencesPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/webhooks"
              element={
                <RequireSession>
                  <WebhooksPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/retention"
              element={
                <RequireSession>
                  <RetentionPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/subject-access"
              element={
                <RequireSession>
                  <SubjectAccessPage />
                </RequireSession>
              }
            />
            <Route
              path="/admin/subject-access/:id"
              element={
                <RequireSession>
                  <SubjectAccessRequestPage />
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
