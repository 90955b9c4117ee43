import type { DecisionResponse } from '@roundtable/shared/decisions';
import { useState } from 'react';
import { errorMessage } from '../api';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';

/**
 * The chair stops further views so the local authority can decide. Asks once
 * for confirmation, and warns when a minimum agency has not given a view (a
 * warning, never a block).
 */
export function CloseViewsControl({ decision, send }: { decision: DecisionResponse; send: SendChange }) {
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const missing = decision.summary.missingMinimumAgencies.length > 0;

  async function close() {
    setSending(true);
    setProblem(undefined);
    try {
      unwrapAck(await send('decision:close', { meetingId: decision.meetingId, decisionId: decision.id }));
    } catch (error) {
      setProblem(errorMessage(error));
      setConfirming(false);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="govuk-!-margin-bottom-6" data-testid="close-views">
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      {confirming ? (
        <div className="rt-confirm">
          <p className="govuk-body">
            Close this decision to further views?{missing && ' Not every minimum agency has given a view.'} Agencies
            will no longer be able to record or change their views.
          </p>
          <div className="govuk-button-group govuk-!-margin-bottom-0">
            <button type="button" className="govuk-button" disabled={sending} onClick={() => void close()}>
              Yes, close views
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setConfirming(true)}>
          Close views
        </button>
      )}
    </div>
  );
}
