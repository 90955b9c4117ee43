import type { MeetingSummary } from '@roundtable/shared/schemas';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/ApiError';
import { roundtableApi } from '../api/roundtableApi';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { CreateMeetingForm } from '../meetings/CreateMeetingForm';
import { MeetingsTable } from '../meetings/MeetingsTable';
import { useMe } from '../session/useSession';

type ListState =
  { status: 'loading' } | { status: 'loaded'; meetings: MeetingSummary[] } | { status: 'failed'; message: string };

/** "My meetings": the strategy discussions the user belongs to, and (for children's social care) a form to create one. */
export function MyMeetingsPage() {
  const me = useMe();
  const [list, setList] = useState<ListState>({ status: 'loading' });
  const [formHasErrors, setFormHasErrors] = useState(false);
  usePageTitle('My meetings', formHasErrors);
  // Children's social care convenes strategy discussions (DOMAIN.md §3.1); the server enforces this too.
  const canCreate = me.agency === 'childrens-social-care' || me.isAdmin;

  useEffect(() => {
    let cancelled = false;
    roundtableApi.listMeetings().then(
      (response) => !cancelled && setList({ status: 'loaded', meetings: response.meetings }),
      (error: unknown) => !cancelled && setList({ status: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <>
      <PageHeading>My meetings</PageHeading>
      {list.status === 'loading' && (
        <p className="govuk-body" role="status">
          Loading your strategy discussions…
        </p>
      )}
      {list.status === 'failed' && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">Your meetings could not be loaded</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{list.message}</p>
          </div>
        </div>
      )}
      {list.status === 'loaded' && <MeetingsTable meetings={list.meetings} />}

      {canCreate && (
        <section className="govuk-!-margin-top-8" aria-labelledby="create-heading">
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">
              <h2 className="govuk-heading-m" id="create-heading">
                Create a strategy discussion
              </h2>
              <p className="govuk-body">You will be the chair. You can invite members from other agencies next.</p>
              <CreateMeetingForm onErrorsChange={setFormHasErrors} />
            </div>
          </div>
        </section>
      )}
    </>
  );
}
