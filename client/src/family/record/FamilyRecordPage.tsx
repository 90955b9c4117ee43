import type { FamilyRecordVersions } from '@roundtable/shared/family-view';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api';
import { formatDateTime } from '../../dates';
import { usePageTitle } from '../../layout/usePageTitle';
import { familyViewApi } from '../home/familyViewApi';

const size = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-GB')} KB`;

/**
 * /family/record: the family version of the sealed record, each version as a
 * PDF and a web page; each download is recorded. Test hook:
 * `[data-testid=family-record]`.
 */
export function FamilyRecordPage() {
  usePageTitle('Your copy of the record');
  const [record, setRecord] = useState<FamilyRecordVersions | null>(null);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    familyViewApi.record().then(setRecord, (error: unknown) => setProblem(errorMessage(error)));
  }, []);
  return (
    <div data-testid="family-record">
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/family">
          Back to your meeting
        </Link>
      </p>
      <h1 className="govuk-heading-xl">Your copy of the record</h1>
      <p className="govuk-body">
        This is the family version of the record. It holds what the chair shared with the family. Some information is
        left out, for example information that could put someone at risk, and it says so at the top.
      </p>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      {record && record.versions.length === 0 && (
        <p className="govuk-body">The record is ready when the meeting has finished. Come back then.</p>
      )}
      {record?.versions.map((version) => (
        <section key={version.version} aria-labelledby={`record-version-${version.version}`}>
          <h2 className="govuk-heading-m" id={`record-version-${version.version}`}>
            Version {version.version}, {formatDateTime(version.sealedAt)}
          </h2>
          <ul className="govuk-list">
            {version.files.map((file) => (
              <li key={file.format}>
                <a className="govuk-link" href={file.href} download>
                  Download as {file.format === 'pdf' ? 'a PDF' : 'a web page'} ({size(file.bytes)})
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
