import { AGENCY_LABELS, type Agency, type MeetingRole } from '@roundtable/shared/constants';
import { decisionInForce, dissentPartsOf, type DecisionResponse } from '@roundtable/shared/decisions';
import { canActOnEscalation, canAgencyDissent, canRecordDissent } from '@roundtable/shared/permissions';
import { Fragment, useState } from 'react';
import { FamilyFacingMark } from '../need-to-know/familyFacingContext';
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
 * its trail, and the offer to dissent to anyone who speaks for an agency
 * other than children's social care (which decided), with or without a view,
 * while some part of the decision is left that the agency has not dissented
 * from. Test hook: `[data-testid=dissents]`.
 */
export function DissentSection({ decision, role, agency, send }: DissentSectionProps) {
  const [dissenting, setDissenting] = useState(false);
  const inForce = decisionInForce(decision.laDecisions);
  if (!inForce) return null;
  // One dissent per agency, decision and part; after a correction it is carried on through its escalation.
  const parts = dissentPartsOf(decision, inForce).filter(
    (part) => !decision.dissents.some((d) => d.agency === agency && d.part === part),
  );
  const mayDissent = canRecordDissent(role) && canAgencyDissent(agency) && parts.length > 0;
  if (decision.dissents.length === 0 && !mayDissent) return null;

  return (
    <div data-testid="dissents">
      <h4 className="govuk-heading-s">Dissent and escalation</h4>
      {decision.dissents.map((dissent) => (
        <Fragment key={dissent.id}>
          <EscalationTrail
            meetingId={decision.meetingId}
            dissent={dissent}
            canEscalate={canActOnEscalation(role, agency, dissent.agency)}
            send={send}
          />
          <FamilyFacingMark
            item={{ type: 'dissent', id: dissent.id }}
            name={`${AGENCY_LABELS[dissent.agency]}’s dissent`}
          />
        </Fragment>
      ))}
      {mayDissent &&
        (dissenting ? (
          <DissentForm
            decision={decision}
            agency={agency}
            parts={parts}
            send={send}
            onCancel={() => setDissenting(false)}
          />
        ) : (
          <>
            <p className="govuk-body">
              If your agency disagrees with any part of the local authority’s decision, record its dissent: it is
              minuted and escalated, never outvoted.
            </p>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setDissenting(true)}>
              Record dissent
            </button>
          </>
        ))}
    </div>
  );
}
