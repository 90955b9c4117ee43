import { MEETING_TYPE_LABELS, type PlanVersion } from '@roundtable/shared/pathway';
import { formatDateTime } from '../dates';
import { personWithAgency } from './planLabels';

/** "Version 3, changed by Sam Chair (Children's social care) on …, in meeting CG-2026-0004". */
export function PlanVersionLine({ version }: { version: PlanVersion }) {
  return (
    <>
      Version {version.version}, changed by {personWithAgency(version.changedBy)} on{' '}
      <time dateTime={version.changedAt}>{formatDateTime(version.changedAt)}</time>
      {version.meeting && (
        <>
          , in meeting {version.meeting.reference}
          <span className="govuk-visually-hidden"> ({MEETING_TYPE_LABELS[version.meeting.type]})</span>
        </>
      )}
    </>
  );
}
