import type { AuditVerificationResponse } from '@roundtable/shared/audit';
import { problemSentence } from './auditLabels';
import { formatAuditTime } from './auditTime';

/** Problems listed after the first broken entry; the rest are counted. */
const MORE_PROBLEMS_SHOWN = 10;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * The verifier's report as a GOV.UK notification banner: success when the chain
 * and every checkpoint hold, error-styled (red, and titled so) naming the first
 * broken entry when they do not. `announce` when the user asked for this check.
 */
export function VerificationResult({ report, announce }: { report: AuditVerificationResponse; announce: boolean }) {
  const checkedAt = <time dateTime={report.verifiedAt}>{formatAuditTime(report.verifiedAt)}</time>;
  const counts = `${plural(report.entriesChecked, 'entry', 'entries')}, ${plural(report.checkpointsChecked, 'signed checkpoint', 'signed checkpoints')}`;
  const others = report.problems.filter((p) => !sameProblem(p, report.firstBroken));

  return (
    <div
      className={`govuk-notification-banner ${report.ok ? 'govuk-notification-banner--success' : 'rt-notification-banner--error'}`}
      role={announce || !report.ok ? 'alert' : 'region'}
      aria-labelledby="verification-result-title"
      data-testid="verification-result"
    >
      <div className="govuk-notification-banner__header">
        <h3 className="govuk-notification-banner__title" id="verification-result-title">
          {report.ok ? 'Verified' : 'Tampering found'}
        </h3>
      </div>
      <div className="govuk-notification-banner__content">
        {report.ok ? (
          <p className="govuk-notification-banner__heading">
            Audit trail verified — {counts}, checked at {checkedAt}
          </p>
        ) : (
          <>
            <p className="govuk-notification-banner__heading" data-testid="first-broken">
              {report.firstBroken ? problemSentence(report.firstBroken) : 'The audit trail does not verify.'}
            </p>
            <p className="govuk-body">
              {counts} checked at {checkedAt}. Entries from this one on cannot be trusted until the cause is found:
              report it to the service’s operator.
            </p>
            {others.length > 0 && (
              <>
                <p className="govuk-body">Other problems found:</p>
                <ul className="govuk-list govuk-list--bullet">
                  {others.slice(0, MORE_PROBLEMS_SHOWN).map((problem) => (
                    <li key={`${problem.seq}:${problem.kind}:${problem.message}`}>{problemSentence(problem)}</li>
                  ))}
                </ul>
                {others.length > MORE_PROBLEMS_SHOWN && (
                  <p className="govuk-body">
                    And {(others.length - MORE_PROBLEMS_SHOWN).toLocaleString('en-GB')} more.
                  </p>
                )}
              </>
            )}
          </>
        )}
        {report.notes.length > 0 && (
          <ul className="govuk-list govuk-list--bullet" data-testid="verification-notes">
            {report.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        <dl className="rt-key-values">
          <div>
            <dt>Head of the chain</dt>
            <dd>{report.head ? `entry ${report.head.seq}` : 'no entries yet'}</dd>
          </div>
          <div>
            <dt>Public key id</dt>
            <dd className="rt-fingerprint" data-testid="public-key-id">
              {report.publicKeyId}
            </dd>
          </div>
        </dl>
      </div>
    </div>
  );
}

function sameProblem(a: { seq: number; kind: string; message: string }, b: typeof a | null): boolean {
  return b !== null && a.seq === b.seq && a.kind === b.kind && a.message === b.message;
}
