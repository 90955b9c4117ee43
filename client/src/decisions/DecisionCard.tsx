import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import { canOpenOrCloseDecision, canRecordLaDecision, canRecordView } from '@roundtable/shared/permissions';
import type { ChildResponse } from '@roundtable/shared/schemas';
import { formatDateTime } from '../dates';
import type { SendChange } from '../meeting-events/sendTypes';
import { AgencyViewReasons } from './AgencyViewReasons';
import { CloseViewsControl } from './CloseViewsControl';
import { DecisionStatusTag } from './DecisionStatusTag';
import { childNames, personText } from './decisionText';
import { DissentSection } from './DissentSection';
import { LaDecisionSection } from './LaDecisionSection';
import { RecordViewForm } from './RecordViewForm';
import { ViewFlags } from './ViewFlags';
import { ViewHistory } from './ViewHistory';
import { ViewSummary } from './ViewSummary';

interface DecisionCardProps {
  decision: DecisionResponse;
  role: MeetingRole;
  agency: Agency;
  meetingChildren: readonly ChildResponse[];
  /** The signed-in user, for the views they recorded (and may flag). */
  myUserId: string;
  send: SendChange;
}

/**
 * One decision: its question and children, the live summary of views, the
 * user's agency view form while open, the chair's controls, the local
 * authority's decision and any dissent. Test hook: `[data-decision-id]` with
 * `data-status`.
 */
export function DecisionCard({ decision, role, agency, meetingChildren, myUserId, send }: DecisionCardProps) {
  const headingId = `decision-${decision.id}-heading`;
  return (
    <section
      className="rt-decision"
      aria-labelledby={headingId}
      data-decision-id={decision.id}
      data-status={decision.status}
    >
      <h3 className="govuk-heading-m govuk-!-margin-bottom-2" id={headingId}>
        {decision.title}: {childNames(meetingChildren, decision.childIds)}
      </h3>
      <p className="govuk-body">
        <DecisionStatusTag status={decision.status} />
      </p>
      <p className="govuk-body-l rt-preserve-lines" data-testid="decision-question">
        {decision.question}
      </p>
      <p className="govuk-body-s">
        Opened by {personText(decision.openedBy)} on{' '}
        <time dateTime={decision.openedAt}>{formatDateTime(decision.openedAt)}</time>
        {decision.closedBy && decision.closedAt && (
          <>
            . Views closed by {personText(decision.closedBy)} on{' '}
            <time dateTime={decision.closedAt}>{formatDateTime(decision.closedAt)}</time>
          </>
        )}
      </p>
      <ViewSummary decision={decision} />
      <AgencyViewReasons views={decision.currentViews} />
      <ViewHistory decision={decision} />
      <ViewFlags decision={decision} role={role} myUserId={myUserId} myAgency={agency} send={send} />
      {decision.status === 'open' && canRecordView(role) && (
        <RecordViewForm decision={decision} agency={agency} send={send} />
      )}
      {decision.status === 'open' && role === 'minute-taker' && (
        <p className="govuk-inset-text">As minute taker you can see agencies’ views but cannot record one.</p>
      )}
      {decision.status === 'open' && canOpenOrCloseDecision(role) && (
        <CloseViewsControl decision={decision} send={send} />
      )}
      <LaDecisionSection decision={decision} canDecide={canRecordLaDecision(role, agency)} send={send} />
      <DissentSection decision={decision} role={role} agency={agency} send={send} />
    </section>
  );
}
