import type { MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { canOpenOrCloseDecision } from '@roundtable/shared/permissions';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import type { SendChange } from '../meeting-events/sendTypes';
import { FamilyVersionHint } from '../need-to-know/FamilyFacingToggle';
import { DecisionCard } from './DecisionCard';
import { OpenDecisionForm } from './OpenDecisionForm';
import { useDecisionTemplates } from './useDecisionTemplates';

interface DecisionPanelProps {
  meeting: MeetingDetail;
  me: UserResponse;
  role: MeetingRole;
  decisions: readonly DecisionResponse[];
  /** The join state has arrived (before that, "no decisions" would be a guess). */
  loaded: boolean;
  send: SendChange;
}

/**
 * Decisions and agencies' views (DOMAIN.md §3.6–3.7, §4). Each agency gives
 * its view; the local authority decides in a separate entry; dissent is
 * recorded and escalated. Never a majority vote. Test hook:
 * `[data-testid=decision-panel]`.
 */
export function DecisionPanel({ meeting, me, role, decisions, loaded, send }: DecisionPanelProps) {
  const chair = canOpenOrCloseDecision(role);
  const templates = useDecisionTemplates(chair);
  const [opening, setOpening] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (opening || !returnFocus.current) return;
    returnFocus.current = false;
    openButton.current?.focus();
  }, [opening]);
  const stopOpening = () => {
    returnFocus.current = true;
    setOpening(false);
  };

  return (
    <section
      aria-labelledby="decisions-heading"
      id="decisions"
      data-testid="decision-panel"
      className="govuk-!-margin-top-6"
    >
      <h2 className="govuk-heading-l" id="decisions-heading">
        Decisions and agency views
      </h2>
      <p className="govuk-body">
        Each agency records its own view. The local authority then records its decision as a separate entry, with
        reasons. It is not a vote: an agency that disagrees records its dissent, which is escalated.
      </p>
      {role === 'observer' && (
        <div className="govuk-inset-text">You are observing: you can see decisions and views but not change them.</div>
      )}
      {chair && decisions.length > 0 && <FamilyVersionHint />}
      {!loaded && (
        <p className="govuk-body" role="status">
          Loading decisions…
        </p>
      )}
      {loaded && decisions.length === 0 && <p className="govuk-body">No decision has been opened yet.</p>}
      {decisions.map((decision) => (
        <DecisionCard
          key={decision.id}
          decision={decision}
          role={role}
          agency={me.agency}
          meetingChildren={meeting.children}
          myUserId={me.id}
          send={send}
        />
      ))}
      {chair &&
        (opening ? (
          <OpenDecisionForm
            meetingId={meeting.id}
            meetingChildren={meeting.children}
            templates={templates}
            send={send}
            onDone={stopOpening}
            onCancel={stopOpening}
          />
        ) : (
          <button type="button" className="govuk-button" ref={openButton} onClick={() => setOpening(true)}>
            Open a decision
          </button>
        ))}
    </section>
  );
}
