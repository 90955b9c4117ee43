import { LIMITS } from '@roundtable/shared/constants';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { TextareaField } from '../forms/TextareaField';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { FinalRecordPanel } from '../records/FinalRecordPanel';

/** The meetings list links here with the reference, sparing another (audited) read of every meeting. */
function referenceFromState(state: unknown): string | undefined {
  const reference = (state as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' ? reference : undefined;
}

/**
 * `/audit/meetings/:id/final-record`: a strategy discussion's sealed record for
 * safeguarding partner reviewers — every version with its files and SHA-256.
 * Each download is recorded in the audit trail.
 */
export function FinalRecordPage() {
  const { id = '' } = useParams();
  const reference = referenceFromState(useLocation().state);
  const title = reference ? `Final record of ${reference}` : 'Final record of a strategy discussion';
  usePageTitle(title);
  const [reason, setReason] = useState('');
  return (
    <>
      <Link to="/audit" className="govuk-back-link">
        Back to the audit trail
      </Link>
      <PageHeading caption="Audit trail">{title}</PageHeading>
      <p className="govuk-body">Every download is recorded in the audit trail with the file’s SHA-256.</p>
      <TextareaField
        id="final-record-reason"
        name="reason"
        label="Why do you need to read the restricted information in this record?"
        labelClass="govuk-label--s"
        hint={`Needed for the complete record and each agency’s version; kept in the audit trail with the download. The version without restricted information and the family version need none. At most ${LIMITS.auditReasonMaxLength} characters.`}
        value={reason}
        onChange={setReason}
        rows={3}
      />
      <FinalRecordPanel meetingId={id} concluded title="Sealed versions" auditReason={reason} />
    </>
  );
}
