import type { AddendumResponse } from '@roundtable/shared/lifecycle';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { formatDateTime } from '../dates';

/**
 * One addendum: attributed and dated, never an edit of the original; the
 * chair signs it off. Test hooks: `[data-addendum-id]`, `[data-signed-off]`.
 */
export function AddendumItem({
  addendum,
  canSignOff,
  onChange,
  sectionTitle,
}: {
  addendum: AddendumResponse;
  canSignOff: boolean;
  onChange: (addendum: AddendumResponse) => void;
  sectionTitle?: string;
}) {
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const signed = addendum.signedOffAt !== null;

  async function signOff() {
    setSending(true);
    setProblem(undefined);
    try {
      onChange(await api.meetings.addenda.signOff(addendum.meetingId, addendum.id));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="govuk-inset-text rt-addendum" data-addendum-id={addendum.id} data-signed-off={signed}>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        <strong className={`govuk-tag ${signed ? 'govuk-tag--green' : 'govuk-tag--yellow'}`}>
          {signed ? 'Signed off' : 'Awaiting sign-off'}
        </strong>{' '}
        Addendum{sectionTitle ? ` to “${sectionTitle}”` : ''} by {addendum.addedBy.displayName} (
        {AGENCY_LABELS[addendum.addedBy.agency]}),{' '}
        <time dateTime={addendum.addedAt}>{formatDateTime(addendum.addedAt)}</time>
      </p>
      <p className="govuk-body rt-preserve-lines govuk-!-margin-bottom-1">{addendum.text}</p>
      {signed && addendum.signedOffBy && addendum.signedOffAt && (
        <p className="govuk-body-s govuk-!-margin-bottom-0">
          Signed off by {addendum.signedOffBy.displayName},{' '}
          <time dateTime={addendum.signedOffAt}>{formatDateTime(addendum.signedOffAt)}</time>
        </p>
      )}
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      {!signed && canSignOff && (
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          disabled={sending}
          onClick={() => void signOff()}
        >
          Sign off<span className="govuk-visually-hidden"> the addendum by {addendum.addedBy.displayName}</span>
        </button>
      )}
    </div>
  );
}
