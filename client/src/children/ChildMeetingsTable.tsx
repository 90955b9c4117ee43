import { MEETING_TYPE_LABELS, type PathwayMeeting } from '@roundtable/shared/pathway';
import { Link } from 'react-router';
import { formatDateTime } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { MeetingStatusTag } from '../lifecycle/MeetingStatusTag';

/**
 * The meetings about the child the reader may see, most recent first. Test
 * hooks: `#child-meetings tr[data-meeting-id]`, the reference links to the room.
 */
export function ChildMeetingsTable({ meetings }: { meetings: readonly PathwayMeeting[] }) {
  if (meetings.length === 0) return <p className="govuk-body">There are no meetings you can see.</p>;
  const sorted = [...meetings].sort((a, b) => Date.parse(b.scheduledAt) - Date.parse(a.scheduledAt));
  return (
    <ScrollableTable label="Meetings, most recent first" stack>
      <table className="govuk-table" id="child-meetings">
        <caption className="govuk-table__caption govuk-visually-hidden">Meetings, most recent first</caption>
        <TableHead columns={['Reference', 'Meeting', 'Date and time', 'Status']} />
        <tbody className="govuk-table__body">
          {sorted.map((meeting) => (
            <tr className="govuk-table__row" key={meeting.id} data-meeting-id={meeting.id}>
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
                  {meeting.reference}
                </Link>
              </th>
              <td className="govuk-table__cell" data-label="Meeting">
                {MEETING_TYPE_LABELS[meeting.type]}
              </td>
              <td className="govuk-table__cell" data-label="Date and time">
                <time dateTime={meeting.scheduledAt}>{formatDateTime(meeting.scheduledAt)}</time>
              </td>
              <td className="govuk-table__cell" data-label="Status">
                <MeetingStatusTag status={meeting.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
