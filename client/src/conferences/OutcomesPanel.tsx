import { MEETING_TYPE_LABELS, type ConferenceOutcomeResponse } from '@roundtable/shared/pathway';
import type { ChildResponse, MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef } from 'react';
import { OutcomeForm } from './OutcomeForm';
import { OutcomeSummary } from './OutcomeSummary';
import type { PlansByChild } from './useChildPlans';

interface OutcomesPanelProps {
  meeting: MeetingDetail;
  outcomes: readonly ConferenceOutcomeResponse[] | null;
  problem?: string;
  plans: PlansByChild | null;
  /** The chair recorded a decision: show it at once, then read again what it changed (the plan). */
  onRecorded: (outcome: ConferenceOutcomeResponse) => void;
}

/** Where a child's plan is in the room ("Child protection plan" tab). */
export const planSectionId = (childId: string) => `plan-${childId}`;

/**
 * The conference's decision for each child (DOMAIN-PATHWAY §1.5, §3): the
 * chair records it; agencies give their recommendations as their views on
 * the conference decision in "Decisions and agency views", and dissent there.
 * Test hooks: `#conference-outcomes`, `[data-outcome-child=<child record id>]`.
 */
export function OutcomesPanel({ meeting, outcomes, problem, plans, onRecorded }: OutcomesPanelProps) {
  const chairRecords = meeting.myRole === 'chair' && meeting.status === 'live';
  // Once a decision is recorded its form goes: focus moves to the child's heading, above the recorded decision.
  const focusChild = useRef<string | null>(null);
  const headings = useRef(new Map<string, HTMLHeadingElement>());
  useEffect(() => {
    if (!focusChild.current) return;
    headings.current.get(focusChild.current)?.focus();
    focusChild.current = null;
  }, [outcomes]);

  const outcomeOf = (child: ChildResponse) => outcomes?.find((o) => o.childId === child.childId);
  return (
    <section aria-labelledby="conference-outcomes-heading" id="conference-outcomes">
      <h2 className="govuk-heading-l" id="conference-outcomes-heading">
        Decision for each child
      </h2>
      <p className="govuk-body">
        The {MEETING_TYPE_LABELS[meeting.type].toLowerCase()} decides for each child, and the chair records the decision
        with the reasons. It is not a vote.
      </p>
      <div className="govuk-inset-text">
        Agencies give their recommendations as their views on the conference decision in{' '}
        <a href="#decisions" className="govuk-link">
          Decisions and agency views
        </a>
        . An agency that disagrees with the decision records its dissent there.
      </div>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> The decisions could not be loaded. {problem}
        </p>
      )}
      {outcomes === null && !problem && (
        <p className="govuk-body" role="status">
          Loading decisions…
        </p>
      )}
      {outcomes !== null &&
        meeting.children.map((child) => {
          const recorded = outcomeOf(child);
          const headingId = `outcome-${child.childId}-heading`;
          return (
            <div key={child.childId} data-outcome-child={child.childId} className="govuk-!-margin-bottom-8">
              <h3
                className="govuk-heading-m rt-focus-target"
                id={headingId}
                tabIndex={-1}
                ref={(el) => {
                  if (el) headings.current.set(child.childId, el);
                  else headings.current.delete(child.childId);
                }}
              >
                {child.name}
              </h3>
              {recorded ? (
                <OutcomeSummary outcome={recorded} planHref={`#${planSectionId(child.childId)}`} />
              ) : chairRecords ? (
                <OutcomeForm
                  meeting={meeting}
                  child={child}
                  currentCategories={plans?.get(child.childId)?.latestCategories}
                  onRecorded={(outcome) => {
                    focusChild.current = child.childId;
                    onRecorded(outcome);
                  }}
                />
              ) : (
                <p className="govuk-body">
                  {meeting.status === 'concluded'
                    ? 'No decision was recorded for this child.'
                    : 'No decision recorded yet. The chair records it during the conference.'}
                </p>
              )}
            </div>
          );
        })}
    </section>
  );
}
