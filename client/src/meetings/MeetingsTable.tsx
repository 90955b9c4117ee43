import { MEETING_FORMAT_LABELS } from '@roundtable/shared/constants';
import { MEETING_TYPE_LABELS } from '@roundtable/shared/pathway';
import type { MeetingSummary } from '@roundtable/shared/schemas';
import { Link } from 'react-router';
import { formatDateTime } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { RoleTag } from './RoleTag';

/**
 * The user's strategy discussions. Test hooks: `#meetings-table`, one
 * `tr[data-meeting-id]` per meeting, whose first cell links to `/meetings/<id>`.
 */
export function MeetingsTable({
  meetings,
  caption = 'Your strategy discussions',
  id = 'meetings-table',
  empty = 'You are not a member of any strategy discussions yet.',
}: {
  meetings: readonly MeetingSummary[];
  caption?: string;
  id?: string;
  empty?: string;
}) {
  if (meetings.length === 0) {
    return <p className="govuk-body">{empty}</p>;
  }
  return (
    <ScrollableTable label={caption}>
      <table className="govuk-table" id={id}>
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <TableHead columns={['Reference', 'Meeting', 'Children', 'Date and time', 'Format', 'Your role']} />
        <tbody className="govuk-table__body">
          {meetings.map((meeting) => (
            <tr className="govuk-table__row" key={meeting.id} data-meeting-id={meeting.id}>
              <th scope="row" className="govuk-table__header">
                <Link className="govuk-link" to={`/meetings/${meeting.id}`}>
                  {meeting.reference}
                </Link>
              </th>
              <td className="govuk-table__cell">{MEETING_TYPE_LABELS[meeting.type]}</td>
              <td className="govuk-table__cell">
                {meeting.children.length === 0
                  ? 'None recorded'
                  : meeting.children.map((child) => child.name).join(', ')}
              </td>
              <td className="govuk-table__cell">
                <time dateTime={meeting.scheduledAt}>{formatDateTime(meeting.scheduledAt)}</time>
              </td>
              <td className="govuk-table__cell">{MEETING_FORMAT_LABELS[meeting.format]}</td>
              <td className="govuk-table__cell">
                <RoleTag role={meeting.myRole} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
