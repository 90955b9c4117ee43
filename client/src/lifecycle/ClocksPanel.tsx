import { canManageMeeting } from '@roundtable/shared/permissions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { formatDate } from '../dates';
import { ClockStatusTag } from './ClockStatusTag';
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
          <div className="govuk-summary-list__row" key={clock.key} data-clock={clock.key}>
            <dt className="govuk-summary-list__key">{clock.label}</dt>
            <dd className="govuk-summary-list__value">
              <p className="govuk-body govuk-!-margin-bottom-1">
                <ClockStatusTag status={clock.status} />{' '}
                {clock.dueDate && (
                  <>
                    {clock.status === 'overdue' ? 'Was due' : 'Due'}{' '}
                    <time dateTime={clock.dueDate}>{formatDate(clock.dueDate)}</time>
                  </>
                )}
              </p>
              <p className="govuk-hint govuk-!-margin-bottom-0">{clock.basis}</p>
            </dd>
          </div>
        ))}
      </dl>
      {canManageMeeting(meeting.myRole) && <ReviewDateForm meeting={meeting} onMeetingChange={onMeetingChange} />}
    </section>
  );
}
