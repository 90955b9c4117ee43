import { SealedRecordVersion } from './SealedRecordVersion';
import { useSealedRecords } from './useSealedRecords';

interface FinalRecordPanelProps {
  meetingId: string;
  /** Loads once the discussion has concluded. */
  concluded: boolean;
  /** Changes when a new version may have been sealed (`record:sealed` or a rejoin in the room, an addendum signed off). */
  refreshKey?: string;
  /** The panel's heading (an h2). */
  title?: string;
  /** A reviewer's reason for reading restricted versions (the audit pages); see SealedRecordVersion. */
  auditReason?: string;
}

/**
 * The sealed final record: every version, newest first, with download links
 * for the full record and the family version as PDF and HTML, and the SHA-256
 * of each file. Observers see the versions and hashes but no links (read only,
 * no export). Test hook: `#final-record`.
 */
export function FinalRecordPanel({
  meetingId,
  concluded,
  refreshKey,
  title = 'Final record',
  auditReason,
}: FinalRecordPanelProps) {
  const { records, problem } = useSealedRecords(meetingId, concluded, refreshKey);
  return (
    <section aria-labelledby="final-record-heading" id="final-record" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="final-record-heading">
        {title}
      </h2>
      {!concluded ? (
        <p className="govuk-body">The final record is sealed when the chair concludes the discussion.</p>
      ) : problem ? (
        <p className="govuk-error-message">{problem}</p>
      ) : records === null ? (
        <p className="govuk-body">Loading the final record…</p>
      ) : (
        <>
          <p className="govuk-body">
            The record was sealed when the discussion concluded, and again after each signed-off addendum. Earlier
            versions are kept. Each reader has their own version, without restricted information they may not see. The
            family version holds only what the chair marked for the family, without restricted information or the names
            of professionals. The SHA-256 of each file lets anyone check that a copy is unchanged.
          </p>
          {!records.canDownload && (
            <div className="govuk-inset-text">Observers can read the record but cannot download or export it.</div>
          )}
          {records.versions.length === 0 ? (
            <p className="govuk-body">
              {concluded
                ? 'The record is being sealed. It will be listed here in a moment.'
                : 'No version has been sealed yet. The record is sealed when the chair concludes the discussion.'}
            </p>
          ) : (
            records.versions.map((version) => (
              <SealedRecordVersion
                key={version.version}
                version={version}
                canDownload={records.canDownload}
                auditReason={auditReason}
              />
            ))
          )}
        </>
      )}
    </section>
  );
}
