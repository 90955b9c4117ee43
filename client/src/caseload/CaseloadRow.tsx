import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { CP_CATEGORY_LABELS, MEETING_TYPE_LABELS, type CaseloadEntry } from '@roundtable/shared/pathway';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../dates';
import { PathwayStageTag } from '../children/PathwayStageTag';
import { overdueCount } from './caseloadOrder';
import { OverdueClockItem } from './OverdueClockItem';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One child on the caseload. Test hooks: `tr[data-child-id]` with `data-overdue`, `[data-overdue-clock=<key>]`. */
export function CaseloadRow({ entry, showLcpp }: { entry: CaseloadEntry; showLcpp: boolean }) {
  const { child, nextMeeting, nextClock } = entry;
  const disputes = entry.openDissent + entry.openEscalations;
  return (
    <tr className="govuk-table__row" data-child-id={child.id} data-overdue={overdueCount(entry) > 0}>
      <th scope="row" className="govuk-table__header">
        <Link className="govuk-link" to={`/children/${child.id}`}>
          {child.name}
        </Link>
        <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
          {child.dateOfBirth ? `Born ${formatDate(child.dateOfBirth)}` : 'Date of birth not recorded'}
          {child.caseSystemId && `, case-system ID ${child.caseSystemId}`}
        </span>
        {showLcpp && (
          <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
            {entry.lcpp ? `LCPP: ${entry.lcpp.displayName}, ${AGENCY_LABELS[entry.lcpp.agency]}` : 'No LCPP named'}
          </span>
        )}
      </th>
      <td className="govuk-table__cell" data-label="Stage">
        <PathwayStageTag stage={entry.stage} />
      </td>
      <td className="govuk-table__cell" data-label="Categories">
        {entry.categories.length > 0
          ? entry.categories.map((category) => CP_CATEGORY_LABELS[category]).join(', ')
          : 'None'}
      </td>
      <td className="govuk-table__cell" data-label="Next meeting">
        {nextMeeting ? (
          <>
            <Link className="govuk-link" to={`/meetings/${nextMeeting.id}`}>
              {nextMeeting.reference}
            </Link>
            <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0">
              {MEETING_TYPE_LABELS[nextMeeting.type]},{' '}
              <time dateTime={nextMeeting.scheduledAt}>{formatDateTime(nextMeeting.scheduledAt)}</time>
            </span>
          </>
        ) : (
          'None scheduled'
        )}
      </td>
      <td className="govuk-table__cell" data-label="Timescales">
        {entry.overdueClocks.length > 0 ? (
          <ul className="govuk-list govuk-!-margin-bottom-0">
            {entry.overdueClocks.map((clock) => (
              <OverdueClockItem key={clock.key} clock={clock} />
            ))}
          </ul>
        ) : nextClock?.dueDate ? (
          <>
            None overdue.{' '}
            <span className="rt-presence__detail govuk-body-s govuk-!-margin-bottom-0">
              Next: {nextClock.label}, due <time dateTime={nextClock.dueDate}>{formatDate(nextClock.dueDate)}</time>
            </span>
          </>
        ) : (
          'None overdue'
        )}
      </td>
      <td className="govuk-table__cell" data-label="Actions">
        {entry.openActions === 0 ? 'None open' : `${entry.openActions} open`}
        {entry.overdueActions > 0 && (
          <>
            {' '}
            <strong className="govuk-tag govuk-tag--red">{entry.overdueActions} overdue</strong>
          </>
        )}
      </td>
      <td className="govuk-table__cell" data-label="Dissent and escalations">
        {disputes === 0
          ? 'None open'
          : [
              entry.openDissent > 0 && plural(entry.openDissent, 'open dissent', 'open dissents'),
              entry.openEscalations > 0 && plural(entry.openEscalations, 'open escalation', 'open escalations'),
            ]
              .filter(Boolean)
              .join(', ')}
      </td>
    </tr>
  );
}
