import { AGENCIES, AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import { SAFETY_SCALE_MAX, type SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import { formatDateTime } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';

interface SafetyScoresTableProps {
  scores: SafetyPlanScoresResponse;
  /** Agencies of the meeting's members, so an agency that has not scored yet still gets a row. */
  agencies: readonly Agency[];
}

/**
 * Each agency's current scaling score, one row per agency, never averaged
 * (DOMAIN.md §5.1). Test hook: `[data-testid=safety-scores] tr[data-agency=<agency>]`.
 */
export function SafetyScoresTable({ scores, agencies }: SafetyScoresTableProps) {
  const shown = AGENCIES.filter(
    (agency) => agencies.includes(agency) || scores.current.some((s) => s.agency === agency),
  );
  return (
    <ScrollableTable label="Scaling scores by agency">
      <table className="govuk-table" data-testid="safety-scores">
        <caption className="govuk-table__caption govuk-table__caption--s">Scaling scores by agency</caption>
        <TableHead
          columns={['Agency', { label: `Score (0 to ${SAFETY_SCALE_MAX})`, numeric: true }, 'Note', 'Recorded']}
        />
        <tbody className="govuk-table__body">
          {shown.map((agency) => {
            const score = scores.current.find((s) => s.agency === agency);
            return (
              <tr className="govuk-table__row" key={agency} data-agency={agency}>
                <th scope="row" className="govuk-table__header">
                  {AGENCY_LABELS[agency]}
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric" data-testid="score">
                  {score ? score.score : 'Not scored'}
                </td>
                <td className="govuk-table__cell">{score?.note ?? ''}</td>
                <td className="govuk-table__cell">
                  {score && (
                    <>
                      {score.recordedBy.displayName},{' '}
                      <time dateTime={score.recordedAt}>{formatDateTime(score.recordedAt)}</time>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
