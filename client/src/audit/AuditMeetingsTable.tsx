import { MEETING_FORMAT_LABELS, type MeetingFormat } from '@roundtable/shared/constants';
import { Link } from 'react-router';
import { formatDateTime } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { auditPath, EMPTY_FILTERS } from './auditFilters';
import type { AuditMeeting } from './useAuditMeetings';

const formatLabel = (format: string) => MEETING_FORMAT_LABELS[format as MeetingFormat] ?? format;

/**
 * Every strategy discussion, metadata only (never its reason or the children's
 * names), with links to its entries, to its record's history and to its sealed final record.
 *
 * Test hook: `#audit-meetings tr[data-meeting-id]`.
 */
export function AuditMeetingsTable({ meetings }: { meetings: readonly AuditMeeting[] }) {
  if (meetings.length === 0) return <p className="govuk-body">No strategy discussions have been created yet.</p>;
  return (
    <ScrollableTable label="Strategy discussions">
      <table className="govuk-table govuk-table--small-text-until-tablet" id="audit-meetings">
        <caption className="govuk-table__caption govuk-table__caption--s">
          Metadata only: reasons and children’s names are not shown
        </caption>
        <TableHead
          columns={[
            'Reference',
            'Scheduled for',
            'Format',
            { label: 'Members', numeric: true },
            { label: 'Children', numeric: true },
            { label: 'Audit entries', numeric: true },
            { label: 'Links', visuallyHidden: true },
          ]}
        />
        <tbody className="govuk-table__body">
          {meetings.map((meeting) => (
            <tr className="govuk-table__row" key={meeting.id} data-meeting-id={meeting.id}>
              <th scope="row" className="govuk-table__header">
                {meeting.reference}
              </th>
              <td className="govuk-table__cell">
                <time dateTime={meeting.scheduledAt}>{formatDateTime(meeting.scheduledAt)}</time>
              </td>
              <td className="govuk-table__cell">{formatLabel(meeting.format)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{meeting.memberCount}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{meeting.childCount}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{meeting.eventCount}</td>
              <td className="govuk-table__cell">
                <ul className="govuk-list govuk-!-margin-bottom-0">
                  <li>
                    <Link
                      className="govuk-link"
                      to={auditPath({ ...EMPTY_FILTERS, meetingId: meeting.id })}
                      state={{ focusResults: true }}
                      data-testid="meeting-entries"
                    >
                      Show entries<span className="govuk-visually-hidden"> for {meeting.reference}</span>
                    </Link>
                  </li>
                  <li>
                    <Link
                      className="govuk-link"
                      to={`/audit/meetings/${meeting.id}/history`}
                      state={{ reference: meeting.reference }}
                      data-testid="meeting-history"
                    >
                      Read the record<span className="govuk-visually-hidden"> of {meeting.reference}</span>
                    </Link>
                  </li>
                  <li>
                    <Link
                      className="govuk-link"
                      to={`/audit/meetings/${meeting.id}/final-record`}
                      state={{ reference: meeting.reference }}
                      data-testid="meeting-final-record"
                    >
                      Final record<span className="govuk-visually-hidden"> of {meeting.reference}</span>
                    </Link>
                  </li>
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
