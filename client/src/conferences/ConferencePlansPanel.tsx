import type { ChildProtectionPlan, ConferenceOutcomeResponse } from '@roundtable/shared/pathway';
import type { ChildResponse, MeetingDetail } from '@roundtable/shared/schemas';
import type { ReactNode } from 'react';
import { ChildPlanSection } from '../plans/ChildPlanSection';
import { planSectionId } from './OutcomesPanel';
import type { PlansByChild } from './useChildPlans';

interface ConferencePlansPanelProps {
  meeting: MeetingDetail;
  plans: PlansByChild | null;
  problem?: string;
  outcomes: readonly ConferenceOutcomeResponse[] | null;
  onPlanChange: (plan: ChildProtectionPlan) => void;
}

/**
 * Each child's child protection plan, reviewed and changed in this plan
 * meeting (DOMAIN-PATHWAY §2, §4): every version saved here records the
 * meeting. At an initial conference a child's plan exists once the chair has
 * recorded the decision "Child protection plan". Test hook: `#conference-plans`.
 */
export function ConferencePlansPanel({ meeting, plans, problem, outcomes, onPlanChange }: ConferencePlansPanelProps) {
  const canEdit = meeting.status === 'live' && meeting.myRole !== 'observer';
  const noPlan = (child: ChildResponse): ReactNode => {
    const decided = outcomes?.find((outcome) => outcome.childId === child.childId);
    if (meeting.type === 'icpc' && !decided)
      return (
        <p className="govuk-body">
          No plan yet. It starts when the chair records the decision “Child protection plan” for {child.name} in{' '}
          <a className="govuk-link" href="#conference-outcomes">
            Decision for each child
          </a>
          .
        </p>
      );
    if (decided?.outcome === 'no-plan')
      return <p className="govuk-body">The conference decided that {child.name} does not need a plan.</p>;
    return <p className="govuk-body">{child.name} has no child protection plan that you can see.</p>;
  };

  return (
    <div id="conference-plans">
      <p className="govuk-body">
        The plan is one document for each child, kept across the conferences and core group meetings. Changes made here
        are saved as a new version recorded with your name and this meeting{canEdit ? '' : ' (while it is live)'}.
      </p>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> The plans could not be loaded. {problem}
        </p>
      )}
      {plans === null && !problem && (
        <p className="govuk-body" role="status">
          Loading plans…
        </p>
      )}
      {plans !== null &&
        meeting.children.map((child) => (
          <ChildPlanSection
            key={child.childId}
            id={planSectionId(child.childId)}
            title={`Child protection plan: ${child.name}`}
            childId={child.childId}
            plan={plans.get(child.childId) ?? null}
            meetingId={meeting.id}
            canEdit={canEdit}
            emptyText={noPlan(child)}
            onPlanChange={onPlanChange}
          />
        ))}
    </div>
  );
}
