import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { harmAssessmentLabel, type AgencyViewResponse, type DecisionResponse } from '@roundtable/shared/decisions';
import { formatDateTime } from '../dates';
import { optionLabel } from './decisionText';

function changes(decision: DecisionResponse, before: AgencyViewResponse, after: AgencyViewResponse): string[] {
  const list: string[] = [];
  if (before.harm !== after.harm)
    list.push(`significant harm from ${harmAssessmentLabel(before.harm)} to ${harmAssessmentLabel(after.harm)}`);
  if (before.recommendedOption !== after.recommendedOption)
    list.push(
      `recommended option from “${optionLabel(decision, before.recommendedOption)}” to “${optionLabel(decision, after.recommendedOption)}”`,
    );
  if (before.reasons !== after.reasons) list.push('reasons');
  if (before.keyInformation !== after.keyInformation) list.push('key information');
  if (before.conditions !== after.conditions) list.push('conditions');
  return list;
}

function describe(decision: DecisionResponse, view: AgencyViewResponse, before: AgencyViewResponse | undefined) {
  const agency = AGENCY_LABELS[view.agency];
  if (!before)
    return `${view.recordedBy.displayName} recorded ${agency}’s view: significant harm ${harmAssessmentLabel(view.harm)}, recommended “${optionLabel(decision, view.recommendedOption)}”.`;
  const changed = changes(decision, before, view);
  return changed.length === 0
    ? `${view.recordedBy.displayName} recorded ${agency}’s view again without changes.`
    : `${view.recordedBy.displayName} changed ${agency}’s view: ${changed.join('; ')}.`;
}

/** Every view recorded for a decision, oldest first, with what changed from one to the next. Test hook: `[data-testid=view-history]`. */
export function ViewHistory({ decision }: { decision: DecisionResponse }) {
  const { viewHistory } = decision;
  if (viewHistory.length === 0) return null;
  const byId = new Map(viewHistory.map((view) => [view.id, view]));
  return (
    <details className="govuk-details" data-testid="view-history">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">History of views ({viewHistory.length})</span>
      </summary>
      <div className="govuk-details__text">
        <ol className="govuk-list govuk-list--number">
          {viewHistory.map((view) => (
            <li key={view.id} data-view-id={view.id}>
              <time dateTime={view.recordedAt}>{formatDateTime(view.recordedAt)}</time>:{' '}
              {describe(decision, view, view.supersedesId ? byId.get(view.supersedesId) : undefined)}
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
}
