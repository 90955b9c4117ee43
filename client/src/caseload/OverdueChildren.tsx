import type { DashboardOverdueChild } from '@roundtable/shared/dashboard';
import { Link } from 'react-router';
import { WarningText } from '../forms/WarningText';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { OverdueClockItem } from './OverdueClockItem';

const CAPTION = 'Children with overdue timescales';

/**
 * The dashboard's children (those the reader sees in full) whose pathway
 * timescales are overdue, each linked to their page. Nothing when there are
 * none. Test hooks: `#overdue-children`, `tr[data-child-id]`, `[data-overdue-clock=<key>]`.
 */
export function OverdueChildren({ entries }: { entries: readonly DashboardOverdueChild[] }) {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="overdue-children-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="overdue-children-heading">
        {CAPTION}
      </h2>
      <WarningText testId="overdue-children-warning">
        {entries.length === 1 ? '1 child has' : `${entries.length} children have`} a timescale past its due date.
      </WarningText>
      <ScrollableTable label={CAPTION} stack>
        <table className="govuk-table" id="overdue-children">
          <caption className="govuk-table__caption govuk-visually-hidden">{CAPTION}</caption>
          <TableHead columns={['Child', 'Overdue']} />
          <tbody className="govuk-table__body">
            {entries.map(({ child, overdueClocks }) => (
              <tr className="govuk-table__row" key={child.id} data-child-id={child.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/children/${child.id}`}>
                    {child.name}
                  </Link>
                  {child.caseSystemId && (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
                      Case-system ID {child.caseSystemId}
                    </span>
                  )}
                </th>
                <td className="govuk-table__cell" data-label="Overdue">
                  <ul className="govuk-list govuk-!-margin-bottom-0">
                    {overdueClocks.map((clock) => (
                      <OverdueClockItem key={clock.key} clock={clock} />
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollableTable>
    </section>
  );
}
