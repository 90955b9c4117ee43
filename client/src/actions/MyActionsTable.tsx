import { isOverdue, type MyAction } from '@roundtable/shared/actions';
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { Link } from 'react-router';
import { formatDateTime } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { OverdueTag } from './ActionTags';
import { useNow } from './useNow';

/**
 * The signed-in user's open actions across their meetings, soonest due first.
 * Test hooks: `#my-actions`, `tr[data-action-id]` with `data-overdue`.
 */
export function MyActionsTable({ actions }: { actions: readonly MyAction[] }) {
  const now = useNow();
  if (actions.length === 0) return <p className="govuk-body">You have no open actions.</p>;
  return (
    <ScrollableTable label="Your open actions">
      <table className="govuk-table" id="my-actions">
        <caption className="govuk-table__caption govuk-table__caption--m">Your open actions, soonest due first</caption>
        <TableHead columns={['Due', 'Action', 'Strategy discussion', 'For agency']} />
        <tbody className="govuk-table__body">
          {actions.map((action) => {
            const overdue = isOverdue(action, now);
            return (
              <tr
                className={`govuk-table__row${overdue ? ' rt-action--overdue' : ''}`}
                key={action.id}
                data-action-id={action.id}
                data-overdue={overdue}
              >
                <td className="govuk-table__cell">
                  <time dateTime={action.dueAt}>{formatDateTime(action.dueAt)}</time>
                  {overdue && (
                    <>
                      <br />
                      <OverdueTag />
                    </>
                  )}
                </td>
                <td className="govuk-table__cell rt-preserve-lines">{action.description}</td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/meetings/${action.meetingId}#actions`}>
                    {action.meetingReference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{AGENCY_LABELS[action.ownerAgency]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
