import type { MyAction } from '@roundtable/shared/actions';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { MyActionsTable } from '../actions/MyActionsTable';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

type ListState =
  { status: 'loading' } | { status: 'loaded'; actions: MyAction[] } | { status: 'failed'; message: string };

/** `/actions`: "My actions", the signed-in user's open actions across all their strategy discussions. */
export function MyActionsPage() {
  const [list, setList] = useState<ListState>({ status: 'loading' });
  usePageTitle('My actions');

  useEffect(() => {
    let cancelled = false;
    api.actions.mine().then(
      (response) => {
        if (cancelled) return;
        // The server sends them soonest due first; keep that order whatever happens upstream.
        const actions = [...response.actions].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
        setList({ status: 'loaded', actions });
      },
      (error: unknown) => !cancelled && setList({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <>
      <PageHeading>My actions</PageHeading>
      {list.status === 'loading' && (
        <p className="govuk-body" role="status">
          Loading your actions…
        </p>
      )}
      {list.status === 'failed' && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">Your actions could not be loaded</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{list.message}</p>
          </div>
        </div>
      )}
      {list.status === 'loaded' && <MyActionsTable actions={list.actions} />}
    </>
  );
}
