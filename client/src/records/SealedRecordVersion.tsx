import {
  holdsRestrictedContent,
  SEALED_RECORD_FORMAT_LABELS,
  type SealedRecordFile,
  type SealedRecordVersion as Version,
} from '@roundtable/shared/sealed-records';
import { formatDateTime } from '../dates';
import { StepUpLink } from '../step-up/StepUpLink';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';

function sizeLabel(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * One sealed version: why and when it was sealed, then each file (full record
 * and family version, PDF and HTML) with its download link and SHA-256.
 * Links are left out when the reader may not export (observers).
 */
export function SealedRecordVersion({
  version,
  canDownload,
  auditReason,
}: {
  version: Version;
  canDownload: boolean;
  /**
   * Set (possibly empty) for a safeguarding partner reviewer: a version that may hold restricted
   * information downloads only with their reason, which goes with the link and into the audit trail.
   */
  auditReason?: string;
}) {
  const why =
    version.reason === 'concluded' ? 'Sealed when the discussion concluded' : 'Sealed after an addendum was signed off';
  const caption = `Version ${version.version} files`;
  return (
    <div className="govuk-!-margin-bottom-6" data-version={version.version}>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1">Version {version.version}</h3>
      <p className="govuk-body govuk-!-margin-bottom-2">
        {why}, {formatDateTime(version.sealedAt)}.
      </p>
      <ScrollableTable label={caption}>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">{caption}</caption>
          <TableHead columns={['File', canDownload && 'Download', 'SHA-256']} />
          <tbody className="govuk-table__body">
            {version.files.map((file) => {
              const name = `${file.label} (${SEALED_RECORD_FORMAT_LABELS[file.format]})`;
              return (
                <tr className="govuk-table__row" key={`${file.variant}.${file.format}`}>
                  <th scope="row" className="govuk-table__header">
                    {name}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                      {sizeLabel(file.bytes)}
                    </span>
                  </th>
                  {canDownload && (
                    <td className="govuk-table__cell">
                      <DownloadLink file={file} version={version.version} auditReason={auditReason} />
                    </td>
                  )}
                  <td className="govuk-table__cell rt-break-anywhere">
                    <code>{file.sha256}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollableTable>
    </div>
  );
}

/** A file's download link; for a reviewer, a restricted version's link only once they have given a reason. */
function DownloadLink({
  file,
  version,
  auditReason,
}: {
  file: SealedRecordFile;
  version: number;
  auditReason: string | undefined;
}) {
  const justified = auditReason !== undefined && holdsRestrictedContent(file.variant);
  const reason = auditReason?.trim() ?? '';
  if (justified && reason === '') {
    return <span className="govuk-body-s">Give your reason above to download this version</span>;
  }
  const href = justified ? `${file.href}?reason=${encodeURIComponent(reason)}` : file.href;
  return (
    <StepUpLink className="govuk-link" href={href} download>
      Download {SEALED_RECORD_FORMAT_LABELS[file.format]}
      <span className="govuk-visually-hidden">
        {' '}
        of the {file.label.toLowerCase()}, version {version}
      </span>
    </StepUpLink>
  );
}
