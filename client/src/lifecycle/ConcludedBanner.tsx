import type { MeetingDetail } from '@roundtable/shared/schemas';
import { formatDateTime } from '../dates';

/**
 * After conclusion: the record and safety plan are read-only for everyone;
 * corrections are addenda. A GOV.UK notification banner (role region, titled).
 */
export function ConcludedBanner({ meeting }: { meeting: MeetingDetail }) {
  if (meeting.status !== 'concluded' || !meeting.concludedAt) return null;
  return (
    <div
      className="govuk-notification-banner"
      role="region"
      aria-labelledby="concluded-banner-title"
      data-testid="concluded-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="concluded-banner-title">
          Concluded
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          This strategy discussion concluded on{' '}
          <time dateTime={meeting.concludedAt}>{formatDateTime(meeting.concludedAt)}</time>. The record and the safety
          plan are read-only.
        </p>
        <p className="govuk-body">
          To correct or add to the record,{' '}
          <a className="govuk-notification-banner__link" href="#addenda">
            add an addendum
          </a>
          . The action log stays open for follow-up.
        </p>
      </div>
    </div>
  );
}
