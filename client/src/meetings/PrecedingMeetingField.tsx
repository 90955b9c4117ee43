import { MEETING_TYPE_LABELS } from '@roundtable/shared/pathway';
import type { MeetingSummary } from '@roundtable/shared/schemas';
import { formatDayOf } from '../dates';
import { ErrorMessage } from '../forms/ErrorMessage';
import { SelectField } from '../forms/SelectField';
import type { ConvenedFrom } from './useMeetingTypes';

export type MyMeetings =
  { status: 'loading' } | { status: 'loaded'; meetings: MeetingSummary[] } | { status: 'failed'; message: string };

interface PrecedingMeetingFieldProps {
  convenedFrom: Exclude<ConvenedFrom, 'nothing'>;
  /** The user's meetings that qualify, most recent first. */
  meetings: MyMeetings;
  value: string;
  onChange: (meetingId: string) => void;
  error?: string;
  /** Whether the new meeting must name one (an ICPC). */
  required: boolean;
}

const optionText = (meeting: MeetingSummary) =>
  `${meeting.reference}: ${MEETING_TYPE_LABELS[meeting.type]}, ${formatDayOf(meeting.scheduledAt)}${
    meeting.children.length > 0 ? ` (${meeting.children.map((child) => child.name).join(', ')})` : ''
  }`;

/** "The meeting it follows": a select of the user's own meetings that qualify. Test hook: `#precededByMeetingId`. */
export function PrecedingMeetingField({
  convenedFrom,
  meetings,
  value,
  onChange,
  error,
  required,
}: PrecedingMeetingFieldProps) {
  const kind =
    convenedFrom === 'strategy-discussion'
      ? 'concluded strategy discussions'
      : 'concluded conferences and core group meetings';
  if (meetings.status === 'loading')
    return (
      <p className="govuk-body" role="status">
        Loading your {kind}…
      </p>
    );
  if (meetings.status === 'failed')
    return (
      <div className="govuk-inset-text" id="precededByMeetingId" tabIndex={-1}>
        Your meetings could not be loaded, so you cannot choose the meeting this one follows: {meetings.message}
      </div>
    );
  if (meetings.meetings.length === 0)
    return (
      <div className="govuk-inset-text" id="precededByMeetingId" tabIndex={-1}>
        You are not a member of any {kind}, so there is no meeting to choose that this one follows.
        {error && <ErrorMessage id="precededByMeetingId-error" message={error} />}
      </div>
    );
  return (
    <SelectField
      id="precededByMeetingId"
      name="precededByMeetingId"
      label={required ? 'The meeting it follows' : 'The meeting it follows (optional)'}
      hint={
        convenedFrom === 'strategy-discussion'
          ? 'The strategy discussion that decided on section 47 enquiries. Its children are added below.'
          : 'The conference or core group meeting before this one. Its children are added below.'
      }
      value={value}
      options={[
        { value: '', text: 'Select a meeting' },
        ...meetings.meetings.map((meeting) => ({ value: meeting.id, text: optionText(meeting) })),
      ]}
      onChange={onChange}
      error={error}
      labelClass="govuk-label--s"
    />
  );
}
