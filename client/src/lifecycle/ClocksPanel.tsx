import { canManageMeeting } from '@roundtable/shared/permissions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { ClockRow } from './ClockRow';
import { ReviewDateForm } from './ReviewDateForm';

/**
 * Statutory clocks under this partnership's rules (ICPC, record circulation,
 * review) as a GOV.UK summary list; overdue is said in words, not colour
 * alone. The chair sets the review date here. Test hook: `#clocks`, `[data-clock=<key>]`.
 */
export function ClocksPanel({
  meeting,
  onMeetingChange,
}: {
  meeting: MeetingDetail;
  onMeetingChange: (detail: MeetingDetail) => void;
}) {
  return (
    <section aria-labelledby="clocks-heading" id="clocks" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="clocks-heading">
        Timescales
      </h2>
      <dl className="govuk-summary-list">
        {meeting.clocks.map((clock) => (
          <ClockRow key={clock.key} clock={clock} />
        ))}
      </dl>
      {canManageMeeting(meeting.myRole) && <ReviewDateForm meeting={meeting} onMeetingChange={onMeetingChange} />}
    </section>
  );
}
