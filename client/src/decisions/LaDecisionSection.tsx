import { decisionInForce, type DecisionResponse } from '@roundtable/shared/decisions';
import { useEffect, useRef, useState } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';
import { FamilyFacingMark } from '../need-to-know/familyFacingContext';
import { LaDecisionEntry } from './LaDecisionEntry';
import { LaDecisionForm } from './LaDecisionForm';

interface LaDecisionSectionProps {
  decision: DecisionResponse;
  /** A chair from children's social care. */
  canDecide: boolean;
  send: SendChange;
}

/**
 * The local authority's decision: the form (once views are closed, or on
 * request while open), then every entry, oldest first, the one in force marked. Test hook:
 * `[data-testid=la-decision]`.
 */
export function LaDecisionSection({ decision, canDecide, send }: LaDecisionSectionProps) {
  const [correcting, setCorrecting] = useState(false);
  const [deciding, setDeciding] = useState(false);
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
    if (!canDecide) {
      return decision.status === 'closed' ? (
        <p className="govuk-body" data-testid="la-decision">
          Views are closed. The local authority has not recorded its decision yet.
        </p>
      ) : null;
    }
    // Normally the chair closes views first; deciding while open is allowed, and ends views too.
    if (decision.status === 'open' && !deciding) {
      return (
        <div data-testid="la-decision">
          <p className="govuk-body">
            Close views when every agency has given its view, then record the local authority’s decision.
          </p>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setDeciding(true)}>
            Record the decision without closing views first
          </button>
        </div>
      );
    }
    return (
      <div data-testid="la-decision">
        <h4 className="govuk-heading-s">The local authority’s decision</h4>
        {decision.status === 'open' && <p className="govuk-body">Recording the decision ends agencies’ views on it.</p>}
        <LaDecisionForm
          decision={decision}
          send={send}
          onCancel={decision.status === 'open' ? () => setDeciding(false) : undefined}
        />
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
      <FamilyFacingMark item={{ type: 'decision-reasons', id: decision.id }} name="the local authority’s reasons" />
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
