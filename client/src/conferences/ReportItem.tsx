import type { AgencyReport } from '@roundtable/shared/pathway';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../dates';
import { ReportSharingForm } from './ReportSharingForm';

interface ReportItemProps {
  report: AgencyReport;
  /** The report's agency decides whether the parents see it. */
  canChangeSharing: boolean;
  onChanged: (report: AgencyReport) => void;
}

/** One agency report: who sent it and when, whether the parents see it (and why not), and its text on request. */
export function ReportItem({ report, canChangeSharing, onChanged }: ReportItemProps) {
  const [changing, setChanging] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (changing || !returnFocus.current) return;
    returnFocus.current = false;
    changeButton.current?.focus();
  }, [changing]);
  const stop = () => {
    returnFocus.current = true;
    setChanging(false);
  };

  return (
    <div className="govuk-!-margin-bottom-6" data-report-id={report.id}>
      <h5 className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">
        Report by {report.author.displayName}
      </h5>
      <p className="govuk-body govuk-!-margin-bottom-2">
        {report.sharedWithParents ? (
          <strong className="govuk-tag govuk-tag--green" data-testid="report-sharing">
            Shared with the parents
          </strong>
        ) : (
          <strong className="govuk-tag govuk-tag--orange" data-testid="report-sharing">
            Not shared with the parents
          </strong>
        )}
      </p>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        Sent <time dateTime={report.submittedAt}>{formatDateTime(report.submittedAt)}</time>.
        {report.sharedWithParents && report.sharedAt && (
          <>
            {' '}
            Shared with the parents
            {report.sharedBy && <> by {report.sharedBy.displayName}</>} on{' '}
            <time dateTime={report.sharedAt}>{formatDateTime(report.sharedAt)}</time>.
          </>
        )}
      </p>
      {!report.sharedWithParents && report.notSharedReason && (
        <p className="govuk-body-s rt-preserve-lines">
          <span className="govuk-!-font-weight-bold">Why the parents cannot see it:</span> {report.notSharedReason}
        </p>
      )}
      <details className="govuk-details govuk-!-margin-bottom-2">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">
            Read the report<span className="govuk-visually-hidden"> by {report.author.displayName}</span>
          </span>
        </summary>
        <div className="govuk-details__text rt-preserve-lines">{report.text}</div>
      </details>
      {canChangeSharing &&
        (changing ? (
          <ReportSharingForm
            report={report}
            onSaved={(saved) => {
              onChanged(saved);
              stop();
            }}
            onCancel={stop}
          />
        ) : (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            ref={changeButton}
            onClick={() => setChanging(true)}
          >
            Change whether the parents can see it
            <span className="govuk-visually-hidden"> (report by {report.author.displayName})</span>
          </button>
        ))}
    </div>
  );
}
