import type { MeetingPart } from '@roundtable/shared/pathway';
import { formatDateTime } from '../dates';

/**
 * Shown at the top of the room while a part of the conference is held
 * without the parents (DOMAIN-PATHWAY §1.7, §9.1 item 6), so nobody forgets
 * the family is out of the room, or that they must be asked back. Test hook:
 * `[data-testid=part-banner]`.
 */
export function PartBanner({ part }: { part: MeetingPart }) {
  return (
    <div
      className="govuk-notification-banner"
      role="region"
      aria-labelledby="part-banner-title"
      data-testid="part-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="part-banner-title">
          Parents not present
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          This part of the conference is being held without the parents
        </p>
        <p className="govuk-body">
          Since <time dateTime={part.startedAt}>{formatDateTime(part.startedAt)}</time>.{' '}
          <a className="govuk-notification-banner__link" href="#conference-parts">
            Why, and ending this part
          </a>
        </p>
      </div>
    </div>
  );
}
