// TEMPORARY (issue 17, children client helper): a read-only stand-in so the child's page
// builds. The plan client helper owns client/src/plans/ and replaces this file whole; keep the
// export name and props. The child's page expects this component to render the section with
// id "plan" and its own h2.
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { CP_CATEGORY_LABELS, type ChildProtectionPlan, type PlanAction } from '@roundtable/shared/pathway';
import { formatDate } from '../dates';

const ownerAgency = (agency: PlanAction['agency']) => (agency === 'family' ? 'Family' : AGENCY_LABELS[agency]);

/** The child protection plan's current version, read only. Test hook: `#plan`. */
export function ChildPlanSection({ childId, plan }: { childId: string; plan: ChildProtectionPlan | null }) {
  return (
    <section aria-labelledby="plan-heading" id="plan" data-child-id={childId} className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="plan-heading">
        Child protection plan
      </h2>
      {plan === null ? (
        <p className="govuk-body">There is no child protection plan you can see.</p>
      ) : (
        <>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Status</dt>
              <dd className="govuk-summary-list__value">{plan.status === 'active' ? 'Active' : 'Ended'}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Version</dt>
              <dd className="govuk-summary-list__value">{plan.current.version}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Categories</dt>
              <dd className="govuk-summary-list__value">
                {plan.latestCategories.map((category) => CP_CATEGORY_LABELS[category]).join(', ') || 'None'}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Contingency plan</dt>
              <dd className="govuk-summary-list__value rt-preserve-lines">
                {plan.current.content.contingency || 'None recorded'}
              </dd>
            </div>
          </dl>
          <h3 className="govuk-heading-s">What must change</h3>
          {plan.current.content.outcomes.length === 0 ? (
            <p className="govuk-body">No outcomes are recorded yet.</p>
          ) : (
            <ol className="govuk-list govuk-list--number">
              {plan.current.content.outcomes.map((outcome) => (
                <li key={outcome.id}>
                  <p className="govuk-body rt-preserve-lines govuk-!-margin-bottom-1">{outcome.text}</p>
                  <ul className="govuk-list govuk-list--bullet">
                    {outcome.actions.map((action) => (
                      <li key={action.id}>
                        {action.text} ({action.owner}, {ownerAgency(action.agency)}; due{' '}
                        <time dateTime={action.dueDate}>{formatDate(action.dueDate)}</time>)
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
