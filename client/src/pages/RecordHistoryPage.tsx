import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { RecordHistoryForm } from '../audit/RecordHistoryForm';
import { RecordHistoryView } from '../audit/RecordHistoryView';
import { useAuditMeetings } from '../audit/useAuditMeetings';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

/** The meetings list links here with the reference, sparing another (audited) read of every meeting. */
function referenceFromState(state: unknown): string | undefined {
  const reference = (state as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

/**
 * `/audit/meetings/:id/history`: a strategy discussion's record as it was at any
 * moment, each passage attributed to its author. Auditors only; the reason for
 * reading is asked for first and kept in the audit trail.
 */
export function RecordHistoryPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const passedReference = referenceFromState(location.state);
  const meetings = useAuditMeetings({ skip: passedReference !== undefined });
  const [record, setRecord] = useState<RecordHistoryResponse | null>(null);
  const [hasErrors, setHasErrors] = useState(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const reference =
    passedReference ??
    (meetings.status === 'loaded' ? meetings.meetings.find((m) => m.id === id)?.reference : undefined);
  const title = reference ? `Record of ${reference}` : 'Record of a strategy discussion';
  usePageTitle(title, hasErrors);

  useEffect(() => {
    if (record) resultHeading.current?.focus();
  }, [record]);

  return (
    <>
      <Link to="/audit" className="govuk-back-link">
        Back to the audit trail
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <PageHeading caption="Audit trail">{title}</PageHeading>
          <p className="govuk-body">
            The record is shown as it was at the time you choose, rebuilt from every stored change, with each passage
            attributed to the person who wrote it.
          </p>
          <RecordHistoryForm meetingId={id} onLoaded={setRecord} onErrorsChange={setHasErrors} />
        </div>
      </div>
      {record && (
        <section aria-labelledby="record-history-heading" className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-l rt-focus-target" id="record-history-heading" tabIndex={-1} ref={resultHeading}>
            The record
          </h2>
          <RecordHistoryView record={record} />
        </section>
      )}
    </>
  );
}
