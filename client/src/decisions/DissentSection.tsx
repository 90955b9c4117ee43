import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import { decisionInForce, viewDiffersFromDecision, type DecisionResponse } from '@roundtable/shared/decisions';
import { canActOnEscalation, canRecordDissent } from '@roundtable/shared/permissions';
import { useState } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';
import { DissentForm } from './DissentForm';
import { EscalationTrail } from './EscalationTrail';

interface DissentSectionProps {
  decision: DecisionResponse;
  role: MeetingRole;
  agency: Agency;
  send: SendChange;
}

/**
 * Dissent and escalation for a decided decision: every agency's dissent with
 * its trail, and the offer to dissent when the user's agency recommended
 * something the decision in force did not choose. Test hook: `[data-testid=dissents]`.
 */
export function DissentSection({ decision, role, agency, send }: DissentSectionProps) {
  const [dissenting, setDissenting] = useState(false);
  const inForce = decisionInForce(decision.laDecisions);
  if (!inForce) return null;
  const myView = decision.currentViews.find((view) => view.agency === agency);
  // One dissent per agency and decision; after a correction it is carried on through its escalation.
  const alreadyDissented = decision.dissents.some((d) => d.agency === agency);
  const mayDissent =
    canRecordDissent(role) && myView !== undefined && viewDiffersFromDecision(myView, inForce) && !alreadyDissented;
  if (decision.dissents.length === 0 && !mayDissent) return null;

  return (
    <div data-testid="dissents">
      <h4 className="govuk-heading-s">Dissent and escalation</h4>
      {decision.dissents.map((dissent) => (
        <EscalationTrail
          key={dissent.id}
          meetingId={decision.meetingId}
          dissent={dissent}
          canEscalate={canActOnEscalation(role, agency, dissent.agency)}
          send={send}
        />
      ))}
      {mayDissent &&
        (dissenting ? (
          <DissentForm decision={decision} agency={agency} send={send} onCancel={() => setDissenting(false)} />
        ) : (
          <>
            <p className="govuk-body">
              Your agency recommended a different option from the local authority’s decision. If it disagrees, record
              its dissent: it is minuted and escalated, never outvoted.
            </p>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setDissenting(true)}>
              Record dissent
            </button>
          </>
        ))}
    </div>
  );
}
