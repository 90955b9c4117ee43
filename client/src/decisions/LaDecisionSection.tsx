import { decisionInForce, type DecisionResponse } from '@roundtable/shared/decisions';
import { useEffect, useRef, useState } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';
import { LaDecisionEntry } from './LaDecisionEntry';
import { LaDecisionForm } from './LaDecisionForm';

interface LaDecisionSectionProps {
  decision: DecisionResponse;
  /** A chair from children's social care. */
  canDecide: boolean;
  send: SendChange;
}

/**
 * The local authority's decision: the form while views are closed, then the
 * entry in force with any corrections, oldest first. Test hook:
 * `[data-testid=la-decision]`.
 */
export function LaDecisionSection({ decision, canDecide, send }: LaDecisionSectionProps) {
  const [correcting, setCorrecting] = useState(false);
  const correctButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const inForce = decisionInForce(decision.laDecisions);

  useEffect(() => {
    if (correcting || !returnFocus.current) return;
    returnFocus.current = false;
    correctButton.current?.focus();
  }, [correcting]);
  const stopCorrecting = () => {
    returnFocus.current = true;
    setCorrecting(false);
  };

  if (!inForce) {
    if (decision.status === 'open') {
      return canDecide ? (
        <p className="govuk-body" data-testid="la-decision">
          Close the decision to further views before recording the local authority’s decision.
        </p>
      ) : null;
    }
    return (
      <div data-testid="la-decision">
        <h4 className="govuk-heading-s">The local authority’s decision</h4>
        {canDecide ? (
          <LaDecisionForm decision={decision} send={send} />
        ) : (
          <p className="govuk-body">Views are closed. The local authority has not recorded its decision yet.</p>
        )}
      </div>
    );
  }

  return (
    <div data-testid="la-decision">
      <h4 className="govuk-heading-s">The local authority’s decision</h4>
      {decision.laDecisions.map((entry) => (
        <LaDecisionEntry
          key={entry.id}
          decision={decision}
          entry={entry}
          inForce={entry.id === inForce.id}
          correctedBy={decision.laDecisions.find((later) => later.correctsId === entry.id)}
          corrected={
            entry.correctsId ? decision.laDecisions.find((earlier) => earlier.id === entry.correctsId) : undefined
          }
        />
      ))}
      {canDecide &&
        (correcting ? (
          <LaDecisionForm
            decision={decision}
            send={send}
            corrects={inForce}
            onDone={stopCorrecting}
            onCancel={stopCorrecting}
          />
        ) : (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            ref={correctButton}
            onClick={() => setCorrecting(true)}
          >
            Correct the decision
          </button>
        ))}
    </div>
  );
}
