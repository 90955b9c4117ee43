import { AGENCY_LABELS, MEETING_ROLE_LABELS } from '@roundtable/shared/constants';
import type { AttendanceRegister } from '@roundtable/shared/lifecycle';
import { isRecordFinal } from '@roundtable/shared/permissions';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { formatDateTime } from '../dates';
import { WarningText } from '../forms/WarningText';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { organisationAndAgency } from '../people/organisation';
import { ApologyForm } from './ApologyForm';

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return 'under a minute';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours && `${hours} h`, rest && `${rest} min`].filter(Boolean).join(' ');
}

interface AttendancePanelProps {
  meeting: MeetingDetail;
  me: UserResponse;
  /** Live from the `/meetings` channel (null until the room is joined): who joins and leaves, apologies. */
  register: AttendanceRegister | null;
  /** The register as our own apology answered it. */
  onRecorded: (register: AttendanceRegister) => void;
}

/**
 * The attendance register (DOMAIN.md §3.5 item 1) built from presence while
 * the discussion is live: attendees, invitees who did not attend with their
 * apologies, and the minimum-agency warning. Nothing polls: the register
 * comes with the room's state on every (re)join and each change is broadcast.
 * Test hooks: `#attendance`, `tr[data-attendee]`, `li[data-absent]`.
 */
export function AttendancePanel({ meeting, me, register, onRecorded }: AttendancePanelProps) {
  const missing = register?.missingMinimumAgencies.map((a) => AGENCY_LABELS[a]) ?? [];
  return (
    <section aria-labelledby="attendance-heading" id="attendance" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="attendance-heading">
        Attendance
      </h2>
      {register === null && <p className="govuk-body">Loading the register…</p>}
      {register && (
        <>
          {register.countedFrom === null && (
            <p className="govuk-body">Attendance is counted from when the chair starts the discussion.</p>
          )}
          {register.countedFrom !== null && missing.length > 0 && (
            <WarningText testId="attendance-missing-agencies">
              Nobody from {missing.join(', ')} attended. A strategy discussion should include children’s social care,
              police and health.
            </WarningText>
          )}
          {register.attendees.length > 0 && (
            <ScrollableTable label="Attendees">
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Attended</caption>
                <TableHead columns={['Name', 'Agency', 'Role', 'First joined', 'Last left', 'Time present']} />
                <tbody className="govuk-table__body">
                  {register.attendees.map((a) => (
                    <tr className="govuk-table__row" key={a.userId} data-attendee={a.userId}>
                      <th scope="row" className="govuk-table__header">
                        {a.displayName}
                        <span className="govuk-hint govuk-!-margin-bottom-0">{a.jobTitle}</span>
                      </th>
                      <td className="govuk-table__cell">{organisationAndAgency(a)}</td>
                      <td className="govuk-table__cell">
                        {a.role ? MEETING_ROLE_LABELS[a.role] : 'No longer a member'}
                      </td>
                      <td className="govuk-table__cell">
                        <time dateTime={a.firstJoinedAt}>{formatDateTime(a.firstJoinedAt)}</time>
                      </td>
                      <td className="govuk-table__cell">
                        {a.lastLeftAt ? (
                          <time dateTime={a.lastLeftAt}>{formatDateTime(a.lastLeftAt)}</time>
                        ) : (
                          'Still here'
                        )}
                      </td>
                      <td className="govuk-table__cell">{duration(a.totalSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollableTable>
          )}
          <h3 className="govuk-heading-s">{register.countedFrom ? 'Did not attend' : 'Invited'}</h3>
          {register.absent.length === 0 ? (
            <p className="govuk-body">Everyone invited attended.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet">
              {register.absent.map((a) => (
                <li key={a.userId} data-absent={a.userId}>
                  {a.displayName}, {organisationAndAgency(a)} ({MEETING_ROLE_LABELS[a.role]})
                  {a.apology ? (
                    <>
                      : apologies, “<span className="rt-preserve-lines">{a.apology.reason}</span>” (recorded by{' '}
                      {a.apology.recordedBy.displayName})
                    </>
                  ) : (
                    ': no apologies'
                  )}
                </li>
              ))}
            </ul>
          )}
          {!isRecordFinal(meeting.status) && <ApologyForm meeting={meeting} me={me} onRecorded={onRecorded} />}
        </>
      )}
    </section>
  );
}
