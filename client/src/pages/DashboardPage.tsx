import type { DashboardResponse } from '@roundtable/shared/dashboard';
import { canConveneMeeting } from '@roundtable/shared/permissions';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../api';
import { MyActionsTable } from '../actions/MyActionsTable';
import { OverdueChildren } from '../caseload/OverdueChildren';
import { WarningText } from '../forms/WarningText';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { CreateMeetingForm } from '../meetings/CreateMeetingForm';
import { MeetingsTable } from '../meetings/MeetingsTable';
import { useMe } from '../session/useSession';

type State =
  { status: 'loading' } | { status: 'loaded'; dashboard: DashboardResponse } | { status: 'failed'; message: string };

/**
 * The home page: the children I see in full whose pathway timescales are
 * overdue (only when there are some), my strategy discussions grouped as
 * live, scheduled and concluded, my open actions with the overdue ones
 * marked, and (for accounts an administrator allows to convene and chair)
 * the form to convene a discussion; others are told why it is not there. Test hooks:
 * `#meetings-table tr[data-meeting-id]` (every group), `#meetings-live`,
 * `#meetings-scheduled`, `#meetings-concluded`, `#my-actions`, `#overdue-children`.
 */
export function DashboardPage() {
  const me = useMe();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [formHasErrors, setFormHasErrors] = useState(false);
  usePageTitle('My meetings', formHasErrors);
  // The account's permission to convene and chair, set by an administrator; the server enforces the same rule.
  const canCreate = canConveneMeeting(me);

  useEffect(() => {
    let cancelled = false;
    api.dashboard.get().then(
      (dashboard) => !cancelled && setState({ status: 'loaded', dashboard }),
      (error: unknown) => !cancelled && setState({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <>
      <PageHeading>My meetings</PageHeading>
      {state.status === 'loading' && (
        <p className="govuk-body" role="status">
          Loading your strategy discussions…
        </p>
      )}
      {state.status === 'failed' && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">Your meetings could not be loaded</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{state.message}</p>
          </div>
        </div>
      )}
      {state.status === 'loaded' && <DashboardContent dashboard={state.dashboard} />}

      {canCreate && (
        <section className="govuk-!-margin-top-8" aria-labelledby="create-heading">
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h2 className="govuk-heading-m" id="create-heading">
                Create a meeting
              </h2>
              <p className="govuk-body">You will be the chair. You can invite members from other agencies next.</p>
              <CreateMeetingForm onErrorsChange={setFormHasErrors} />
            </div>
          </div>
        </section>
      )}
      {!canCreate && (
        <section className="govuk-!-margin-top-8" aria-labelledby="convene-heading" data-testid="cannot-convene">
          <h2 className="govuk-heading-m" id="convene-heading">
            Convening a strategy discussion
          </h2>
          <p className="govuk-inset-text">
            Your account cannot convene or chair strategy discussions. Team managers and child protection chairs convene
            them. If you need to, ask an administrator to give your account permission to convene and chair.
          </p>
        </section>
      )}
    </>
  );
}

function DashboardContent({ dashboard }: { dashboard: DashboardResponse }) {
  const { live, scheduled, concluded } = dashboard.meetings;
  const none = live.length + scheduled.length + concluded.length === 0;
  return (
    <>
      {dashboard.overdueActionCount > 0 && (
        <WarningText testId="overdue-actions-warning">
          You have {dashboard.overdueActionCount} overdue {dashboard.overdueActionCount === 1 ? 'action' : 'actions'}.{' '}
          <a className="govuk-link" href="#my-actions">
            See your open actions
          </a>
          .
        </WarningText>
      )}
      <OverdueChildren entries={dashboard.overdueChildren} />
      <div id="meetings-table">
        {none ? (
          <p className="govuk-body">You are not a member of any strategy discussions yet.</p>
        ) : (
          <>
            {live.length > 0 && <MeetingsTable meetings={live} caption="Live now" id="meetings-live" />}
            <MeetingsTable
              meetings={scheduled}
              caption="Scheduled"
              id="meetings-scheduled"
              empty="You have no scheduled strategy discussions."
            />
            {concluded.length > 0 && (
              <MeetingsTable meetings={concluded} caption="Concluded, most recent first" id="meetings-concluded" />
            )}
          </>
        )}
      </div>
      <h2 className="govuk-heading-m govuk-!-margin-top-6">Your open actions</h2>
      <MyActionsTable actions={dashboard.actions} />
      <p className="govuk-body">
        <Link className="govuk-link" to="/actions">
          All your open actions
        </Link>
      </p>
      <h2 className="govuk-heading-m govuk-!-margin-top-6">Children you lead</h2>
      <p className="govuk-body">
        <Link className="govuk-link" to="/caseload" data-testid="caseload-link">
          Your caseload
        </Link>{' '}
        shows each child you are the lead child protection practitioner for (or your team leads): their stage, next
        meeting and anything overdue.
      </p>
    </>
  );
}
