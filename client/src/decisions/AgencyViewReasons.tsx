import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { AgencyViewResponse } from '@roundtable/shared/decisions';

/** Each agency's reasons, the key information it relied on and any conditions: what the decision-maker reads. */
export function AgencyViewReasons({ views }: { views: readonly AgencyViewResponse[] }) {
  if (views.length === 0) return null;
  return (
    <div className="govuk-!-margin-bottom-6" data-testid="view-reasons">
      <h4 className="govuk-heading-s">Reasons given</h4>
      {views.map((view) => (
        <dl className="govuk-summary-list govuk-!-margin-bottom-4" key={view.id} data-agency={view.agency}>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">{AGENCY_LABELS[view.agency]}: reasons</dt>
            <dd className="govuk-summary-list__value rt-preserve-lines">{view.reasons}</dd>
          </div>
          {view.keyInformation && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Key information relied on</dt>
              <dd className="govuk-summary-list__value rt-preserve-lines">{view.keyInformation}</dd>
            </div>
          )}
          {view.conditions && (
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Conditions</dt>
              <dd className="govuk-summary-list__value rt-preserve-lines">{view.conditions}</dd>
            </div>
          )}
        </dl>
      ))}
    </div>
  );
}
