import { MEETING_STATUS_LABELS, type MeetingStatus } from '@roundtable/shared/lifecycle';

const CLASSES: Record<MeetingStatus, string> = {
  scheduled: 'govuk-tag--grey',
  live: 'govuk-tag--green',
  concluded: 'govuk-tag--blue',
};

/** A strategy discussion's status as a GOV.UK tag (text, never colour alone). Test hook: `[data-testid=meeting-status]`. */
export function MeetingStatusTag({ status }: { status: MeetingStatus }) {
  return (
    <strong className={`govuk-tag ${CLASSES[status]}`} data-testid="meeting-status" data-status={status}>
      {MEETING_STATUS_LABELS[status]}
    </strong>
  );
}
