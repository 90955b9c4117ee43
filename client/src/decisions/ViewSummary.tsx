import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { HARM_ASSESSMENT_LABELS, type DecisionResponse } from '@roundtable/shared/decisions';
import { formatDateTime } from '../dates';
import { WarningText } from '../forms/WarningText';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { RestrictionTag } from '../room/RestrictionTag';
import { optionLabel } from './decisionText';

/**
 * The live summary of agencies' current views: who said what, by agency and by
 * option. It counts nothing; the local authority decides separately. Test hooks:
 * `[data-testid=view-summary]`, `tr[data-agency]` per agency, `tr[data-option]` per option,
 * `[data-testid=missing-views-warning]`.
 */
export function ViewSummary({ decision }: { decision: DecisionResponse }) {
  const { summary, currentViews } = decision;
  const missing = summary.missingMinimumAgencies.map((agency) => AGENCY_LABELS[agency]);
  return (
    <div data-testid="view-summary">
      {missing.length > 0 && (
        <WarningText testId="missing-views-warning">
          No view yet from {missing.join(', ')}. Children’s social care, police and health should each give a view; the
          local authority can still decide.
        </WarningText>
      )}
      {currentViews.length === 0 ? (
        <p className="govuk-body">No agency has recorded a view yet.</p>
      ) : (
        <ScrollableTable label="Agencies’ views">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Agencies’ views</caption>
            <TableHead
              columns={['Agency', 'Reasonable cause to suspect significant harm?', 'Recommended option', 'Recorded by']}
            />
            <tbody className="govuk-table__body">
              {summary.byAgency.map((row) => {
                const view = currentViews.find((v) => v.agency === row.agency);
                return (
                  <tr className="govuk-table__row" key={row.agency} data-agency={row.agency}>
                    <th scope="row" className="govuk-table__header">
                      {AGENCY_LABELS[row.agency]}
                      {view?.restriction && (
                        <>
                          {' '}
                          <RestrictionTag restriction={view.restriction} />
                        </>
                      )}
                    </th>
                    <td className="govuk-table__cell" data-field="harm">
                      {HARM_ASSESSMENT_LABELS[row.harm]}
                    </td>
                    <td className="govuk-table__cell" data-field="recommended-option">
                      {optionLabel(decision, row.recommendedOption)}
                    </td>
                    <td className="govuk-table__cell">
                      {view && (
                        <>
                          {view.recordedBy.displayName}
                          <br />
                          <time className="govuk-body-s" dateTime={view.recordedAt}>
                            {formatDateTime(view.recordedAt)}
                          </time>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollableTable>
      )}
      {currentViews.length > 0 && (
        <ScrollableTable label="Recommended options">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Recommended options</caption>
            <TableHead columns={['Option', 'Agencies recommending it']} />
            <tbody className="govuk-table__body">
              {summary.byOption.map((row) => (
                <tr className="govuk-table__row" key={row.option} data-option={row.option}>
                  <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                    {optionLabel(decision, row.option)}
                  </th>
                  <td className="govuk-table__cell">
                    {row.agencies.length === 0 ? 'None' : row.agencies.map((a) => AGENCY_LABELS[a]).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      )}
    </div>
  );
}
