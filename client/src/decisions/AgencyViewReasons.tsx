import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { AgencyViewResponse } from '@roundtable/shared/decisions';
import { Fragment } from 'react';
import { FamilyFacingMark } from '../need-to-know/familyFacingContext';
import { withheldNoticeOf } from '../need-to-know/withheld';

/**
 * Each agency's reasons, the key information it relied on and any conditions: what the decision-maker reads.
 * A view restricted from this reader shows only its notice; the chair marks views for the family version.
 */
export function AgencyViewReasons({ views }: { views: readonly AgencyViewResponse[] }) {
  if (views.length === 0) return null;
  return (
    <div className="govuk-!-margin-bottom-6" data-testid="view-reasons">
      <h4 className="govuk-heading-s">Reasons given</h4>
      {views.map((view) => {
        const notice = withheldNoticeOf(view);
        if (notice) {
          return (
            <div className="govuk-inset-text" key={view.id} data-agency={view.agency} data-withheld="true">
              <strong>{AGENCY_LABELS[view.agency]}</strong>: <span data-testid="withheld-notice">{notice}</span>
            </div>
          );
        }
        return (
          <Fragment key={view.id}>
            <dl className="govuk-summary-list govuk-!-margin-bottom-4" data-agency={view.agency}>
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
            <FamilyFacingMark item={{ type: 'view', id: view.id }} name={`${AGENCY_LABELS[view.agency]}’s view`} />
          </Fragment>
        );
      })}
    </div>
  );
}
