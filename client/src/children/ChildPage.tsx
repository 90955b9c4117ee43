import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { ChildRecord } from '@roundtable/shared/pathway';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { ChildPlanSection } from '../plans/ChildPlanSection';
import { ChildIdentity } from './ChildIdentity';
import { ChildMeetingsTable } from './ChildMeetingsTable';
import { ChronologyTable } from './ChronologyTable';
import { HouseholdSection } from './HouseholdSection';
import { PathwayClocksPanel } from './PathwayClocksPanel';
import { useChildRecord } from './useChildRecord';

const CONTENTS = [
  { href: '#identity', text: 'Identity' },
  { href: '#household', text: 'Household and siblings' },
  { href: '#agencies', text: 'Agencies involved' },
  { href: '#meetings', text: 'Meetings' },
  { href: '#pathway-clocks', text: 'Timescales' },
  { href: '#plan', text: 'Child protection plan' },
  { href: '#chronology-section', text: 'Chronology' },
];

/**
 * `/children/:childId`: one child's record across meetings (issue 17 item 1).
 * The server cuts it to the reader's need-to-know (`scope`); the page says so
 * when it is cut. Identity, household and LCPP can be changed from here by
 * readers who see the whole record; the server decides and explains a refusal.
 */
export function ChildPage() {
  const { childId = '' } = useParams();
  const { state, reload } = useChildRecord(childId);
  const [formHasErrors, setFormHasErrors] = useState(false);
  usePageTitle(
    state.status === 'loaded' ? state.record.child.name : state.status === 'not-found' ? 'Child not found' : 'Child',
    formHasErrors,
  );

  if (state.status === 'not-found')
    return (
      <>
        <PageHeading>Child not found</PageHeading>
        <p className="govuk-body">
          There is no child with this address, or you are not a member of any meeting about them.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to your meetings
          </Link>
        </p>
      </>
    );

  if (state.status !== 'loaded')
    return (
      <>
        <PageHeading caption="Child">
          {state.status === 'loading' ? 'Loading the child’s record…' : 'Child'}
        </PageHeading>
        {state.status === 'failed' && (
          <div className="govuk-error-summary" role="alert">
            <h2 className="govuk-error-summary__title">The child’s record could not be loaded</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{state.message}</p>
            </div>
          </div>
        )}
      </>
    );

  return <ChildRecordView record={state.record} reload={reload} onErrorsChange={setFormHasErrors} />;
}

function ChildRecordView({
  record,
  reload,
  onErrorsChange,
}: {
  record: ChildRecord;
  reload: () => Promise<void>;
  onErrorsChange: (hasErrors: boolean) => void;
}) {
  // Only readers of the whole record (the LCPP, a chair, a team manager) may change it; the server still decides.
  const canChange = record.scope === 'all';
  return (
    <>
      <PageHeading caption="Child">{record.child.name}</PageHeading>
      {record.scope === 'own-meetings' && (
        <div className="govuk-inset-text" data-testid="own-meetings-scope">
          You see only the meetings you are a member of. The child’s lead child protection practitioner and the chairs
          of their meetings see the whole record.
        </div>
      )}
      <nav className="rt-contents" aria-labelledby="contents-heading">
        <h2 className="govuk-heading-s govuk-!-margin-bottom-1" id="contents-heading">
          Contents
        </h2>
        <ul className="govuk-list">
          {CONTENTS.map((item) => (
            <li key={item.href}>
              <a className="govuk-link" href={item.href}>
                {item.text}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="identity-heading" id="identity">
        <h2 className="govuk-heading-m" id="identity-heading">
          Identity
        </h2>
        <ChildIdentity record={record} canChange={canChange} onChanged={reload} onErrorsChange={onErrorsChange} />
      </section>

      <HouseholdSection record={record} canChange={canChange} onChanged={reload} onErrorsChange={onErrorsChange} />

      <section aria-labelledby="agencies-heading" id="agencies" className="govuk-!-margin-top-8">
        <h2 className="govuk-heading-m" id="agencies-heading">
          Agencies involved
        </h2>
        {record.agencies.length === 0 ? (
          <p className="govuk-body">No agencies are recorded yet.</p>
        ) : (
          <ul className="govuk-list govuk-list--bullet" data-testid="agencies">
            {record.agencies.map((agency) => (
              <li key={agency}>{AGENCY_LABELS[agency]}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="meetings-heading" id="meetings" className="govuk-!-margin-top-8">
        <h2 className="govuk-heading-m" id="meetings-heading">
          Meetings
        </h2>
        <ChildMeetingsTable meetings={record.meetings} />
      </section>

      <PathwayClocksPanel clocks={record.clocks} />

      <ChildPlanSection childId={record.child.id} plan={record.plan} />

      <ChronologyTable entries={record.chronology} childId={record.child.id} />
    </>
  );
}
