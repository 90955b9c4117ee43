import { formatTimestamp } from '@roundtable/shared/dates';
import { JOB_STATES, type JobQueueOverviewResponse } from '@roundtable/shared/notifications';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { ProblemSummary, SuccessBanner } from '../layout/Banners';
import { PageHeading } from '../layout/PageHeading';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { usePageTitle } from '../layout/usePageTitle';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';

const STATE_LABELS: Record<(typeof JOB_STATES)[number], string> = {
  created: 'Waiting',
  retry: 'To retry',
  active: 'Running',
  completed: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** Administrators only: the job queue (reminders, deliveries) by state, recent failures, and "run now". */
export function AdminJobsPage() {
  const me = useMe();
  return me.isAdmin ? <Jobs /> : <NoAccessPage />;
}

function Jobs() {
  usePageTitle('Job queue');
  const [data, setData] = useState<JobQueueOverviewResponse | null>(null);
  const [problem, setProblem] = useState<string>();
  const [ran, setRan] = useState<string>();

  const load = useCallback(() => {
    api.jobs.overview().then(setData, (error: unknown) => setProblem(errorMessage(error)));
  }, []);
  useEffect(load, [load]);

  async function run(name: string) {
    setProblem(undefined);
    setRan(undefined);
    try {
      const { queued } = await api.jobs.run(name);
      setRan(queued ? `${name} will run in a moment` : `${name} is already waiting to run`);
      load();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <>
      {ran && <SuccessBanner id="job-queued">{ran}</SuccessBanner>}
      {problem && <ProblemSummary problem={problem} testId="jobs-problem" />}
      <PageHeading>Job queue</PageHeading>
      <p className="govuk-body">
        Scheduled work (reminders, deliveries) runs on a queue in the database: each job once across every server,
        retried with a growing delay when it fails.
      </p>
      {data === null ? (
        !problem && (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )
      ) : (
        <>
          <ScrollableTable label="Jobs by state">
            <table className="govuk-table" data-testid="job-queues">
              <caption className="govuk-table__caption govuk-table__caption--m">Jobs by state</caption>
              <TableHead
                columns={['Job', ...JOB_STATES.map((state) => ({ label: STATE_LABELS[state], numeric: true }))]}
              />
              <tbody className="govuk-table__body">
                {data.queues.map((queue) => (
                  <tr key={queue.name} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {queue.name}
                    </th>
                    {JOB_STATES.map((state) => (
                      <td key={state} className="govuk-table__cell govuk-table__cell--numeric">
                        {queue.counts[state] ?? 0}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollableTable>
          {data.runnable.length > 0 && (
            <>
              <h2 className="govuk-heading-m">Run now</h2>
              <div className="govuk-button-group">
                {data.runnable.map((name) => (
                  <button
                    key={name}
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    onClick={() => void run(name)}
                  >
                    Run {name} now
                  </button>
                ))}
              </div>
            </>
          )}
          <h2 className="govuk-heading-m">Recent failures</h2>
          {data.recentFailures.length === 0 ? (
            <p className="govuk-body">No job has failed for good.</p>
          ) : (
            <ul className="govuk-list" data-testid="job-failures">
              {data.recentFailures.map((f) => (
                <li key={f.id} className="govuk-!-margin-bottom-3">
                  <strong>{f.name}</strong>, {formatTimestamp(f.failedAt)}, after {f.retryCount}{' '}
                  {f.retryCount === 1 ? 'retry' : 'retries'}: {f.error ?? 'no message'}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
