import {
  CONFERENCE_OUTCOME_LABELS,
  ESCALATION_ROUTE_LABELS,
  STEP_DOWN_LABELS,
  type ConferenceOutcomeResponse,
} from '@roundtable/shared/pathway';
import type { ReactNode } from 'react';
import { formatDateTime } from '../dates';
import { categoryList, personWithAgency } from '../plans/planLabels';

/** A recorded decision for one child, read only: it is signed by the chair who recorded it. */
export function OutcomeSummary({ outcome, planHref }: { outcome: ConferenceOutcomeResponse; planHref?: string }) {
  const row = (key: string, value: ReactNode) => (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{key}</dt>
      <dd className="govuk-summary-list__value">{value}</dd>
    </div>
  );
  return (
    <dl className="govuk-summary-list" data-testid="recorded-outcome" data-outcome={outcome.outcome}>
      {row('Decision', CONFERENCE_OUTCOME_LABELS[outcome.outcome])}
      {outcome.categories.length > 0 &&
        row(outcome.categories.length === 1 ? 'Category' : 'Categories', categoryList(outcome.categories))}
      {outcome.stepDown && row('Steps down to', STEP_DOWN_LABELS[outcome.stepDown])}
      {outcome.route && row('Escalated to', ESCALATION_ROUTE_LABELS[outcome.route])}
      {row('Reasons', <span className="rt-preserve-lines">{outcome.reasons}</span>)}
      {row(
        'Recorded by',
        <>
          {personWithAgency(outcome.recordedBy)} on{' '}
          <time dateTime={outcome.recordedAt}>{formatDateTime(outcome.recordedAt)}</time>
        </>,
      )}
      {outcome.planId &&
        planHref &&
        row(
          'Plan',
          <a href={planHref} className="govuk-link">
            See the child protection plan
          </a>,
        )}
    </dl>
  );
}
