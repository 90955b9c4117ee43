import type { CaseloadResponse } from '@roundtable/shared/pathway';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { PageHeading } from '../layout/PageHeading';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { usePageTitle } from '../layout/usePageTitle';
import { overdueCount, sortCaseload } from './caseloadOrder';
import { CaseloadRow } from './CaseloadRow';

type State =
  { status: 'loading' } | { status: 'loaded'; caseload: CaseloadResponse } | { status: 'failed'; message: string };

const HEADINGS: Record<CaseloadResponse['scope'], string> = { lcpp: 'My caseload', team: 'My team’s caseload' };
const COLUMNS = ['Child', 'Stage', 'Categories', 'Next meeting', 'Timescales', 'Actions', 'Dissent and escalations'];

/**
 * `/caseload`: the children an LCPP leads, or (for a team manager) every
 * child their team leads: stage, next meeting, overdue timescales, open
 * actions and open dissent (issue 17 item 5). Test hooks: `#caseload`,
 * `tr[data-child-id]`, `[data-testid=caseload-empty]`.
 */
export function CaseloadPage() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const heading = state.status === 'loaded' ? HEADINGS[state.caseload.scope] : 'Caseload';
  usePageTitle(heading);

  useEffect(() => {
    let cancelled = false;
    api.caseload.get().then(
      (caseload) => !cancelled && setState({ status: 'loaded', caseload }),
      (error: unknown) => !cancelled && setState({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <>
      <PageHeading>{heading}</PageHeading>
      {state.status === 'loading' && (
        <p className="govuk-body" role="status">
          Loading the caseload…
        </p>
      )}
      {state.status === 'failed' && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">The caseload could not be loaded</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{state.message}</p>
          </div>
        </div>
      )}
      {state.status === 'loaded' && <CaseloadTable caseload={state.caseload} />}
    </>
  );
}

function CaseloadTable({ caseload }: { caseload: CaseloadResponse }) {
  const { scope, entries } = caseload;
  if (entries.length === 0)
    return (
      <p className="govuk-body" data-testid="caseload-empty">
        {scope === 'lcpp'
          ? 'You are not the lead child protection practitioner for any child yet. A child appears here when a chair or a team manager names you as their lead child protection practitioner.'
          : 'No child has a lead child protection practitioner in your team yet.'}
      </p>
    );
  const withOverdue = entries.filter((entry) => overdueCount(entry) > 0).length;
  const caption = scope === 'lcpp' ? 'Children you lead' : 'Children your team leads';
  return (
    <>
      <p className="govuk-body" data-testid="caseload-summary">
        {entries.length === 1 ? '1 child' : `${entries.length} children`}.{' '}
        {withOverdue === 0
          ? 'Nothing is overdue.'
          : `${withOverdue === 1 ? '1 child has' : `${withOverdue} children have`} something overdue, shown first.`}
      </p>
      <h2 className="govuk-heading-m">{caption}</h2>
      <ScrollableTable label={caption} stack>
        <table className="govuk-table" id="caseload">
          <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
          <TableHead columns={COLUMNS} />
          <tbody className="govuk-table__body">
            {sortCaseload(entries).map((entry) => (
              <CaseloadRow key={entry.child.id} entry={entry} showLcpp={scope === 'team'} />
            ))}
          </tbody>
        </table>
      </ScrollableTable>
    </>
  );
}
