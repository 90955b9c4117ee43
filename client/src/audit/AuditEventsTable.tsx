import type { AuditEventResponse } from '@roundtable/shared/audit';
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { Link } from 'react-router';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { AuditEventDetails } from './AuditEventDetails';
import { type AuditFilters, auditPath } from './auditFilters';
import { eventLabel } from './auditLabels';
import { formatAuditTime } from './auditTime';
import { OutcomeTag } from './OutcomeTag';

const HEADERS = ['Entry', 'Time', 'Event', 'Outcome', 'Who', 'Strategy discussion', 'Subject', 'Details'];

interface AuditEventsTableProps {
  events: readonly AuditEventResponse[];
  /** The current filters: the names and references in the table narrow them further. */
  filters: AuditFilters;
}

/**
 * One page of audit entries, newest first, as a GOV.UK table that scrolls
 * sideways on a narrow screen.
 *
 * Test hook: `#audit-events tr[data-seq][data-type][data-outcome]`.
 */
export function AuditEventsTable({ events, filters }: AuditEventsTableProps) {
  const narrowed = (change: Partial<AuditFilters>) => auditPath({ ...filters, ...change, before: '' });
  return (
    <ScrollableTable label="Audit entries">
      <table className="govuk-table govuk-table--small-text-until-tablet" id="audit-events">
        <caption className="govuk-table__caption govuk-table__caption--s">Newest first</caption>
        <TableHead columns={HEADERS} />
        <tbody className="govuk-table__body">
          {events.map((event) => (
            <tr
              className="govuk-table__row"
              key={event.seq}
              data-seq={event.seq}
              data-type={event.type}
              data-outcome={event.outcome}
            >
              <th scope="row" className="govuk-table__header">
                {event.seq}
              </th>
              <td className="govuk-table__cell">
                <time dateTime={event.occurredAt}>{formatAuditTime(event.occurredAt)}</time>
              </td>
              <td className="govuk-table__cell">
                {eventLabel(event.type)}
                <br />
                <span className="rt-event-code">{event.type}</span>
              </td>
              <td className="govuk-table__cell">
                <OutcomeTag outcome={event.outcome} />
              </td>
              <td className="govuk-table__cell">
                {event.actor ? (
                  <>
                    <Link
                      className="govuk-link"
                      to={narrowed({ userId: event.actor.userId })}
                      state={{ focusResults: true }}
                    >
                      {event.actor.displayName}
                      <span className="govuk-visually-hidden">: show only entries by or about them</span>
                    </Link>
                    <br />
                    <span className="rt-secondary-text">{AGENCY_LABELS[event.actor.agency]}</span>
                  </>
                ) : (
                  <span className="rt-secondary-text">Nobody signed in</span>
                )}
              </td>
              <td className="govuk-table__cell">
                {event.meetingId ? (
                  <Link
                    className="govuk-link"
                    to={narrowed({ meetingId: event.meetingId })}
                    state={{ focusResults: true }}
                  >
                    {event.meetingReference ?? event.meetingId}
                    <span className="govuk-visually-hidden">: show only entries about it</span>
                  </Link>
                ) : (
                  <span className="rt-secondary-text">None</span>
                )}
              </td>
              <td className="govuk-table__cell rt-break-anywhere">
                {event.subjectType ? (
                  <>
                    {event.subjectType}
                    {event.subjectId && (
                      <>
                        <br />
                        <span className="rt-event-code">{event.subjectId}</span>
                      </>
                    )}
                  </>
                ) : (
                  <span className="rt-secondary-text">None</span>
                )}
              </td>
              <td className="govuk-table__cell">
                <AuditEventDetails details={event.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
