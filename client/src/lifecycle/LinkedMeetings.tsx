import type { MeetingLink } from '@roundtable/shared/lifecycle';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { Link } from 'react-router';
import { formatDateTime } from '../dates';
import { MeetingStatusTag } from './MeetingStatusTag';

function LinkItem({ link }: { link: MeetingLink }) {
  return (
    <>
      <Link className="govuk-link" to={`/meetings/${link.id}`}>
        {link.reference}
      </Link>{' '}
      (<time dateTime={link.scheduledAt}>{formatDateTime(link.scheduledAt)}</time>){' '}
      <MeetingStatusTag status={link.status} />
    </>
  );
}

/** Links between a strategy discussion and its review discussions (DOMAIN.md §3.4). Test hook: `[data-testid=linked-meetings]`. */
export function LinkedMeetings({ meeting }: { meeting: MeetingDetail }) {
  if (!meeting.reviewOf && meeting.reviews.length === 0) return null;
  return (
    <div className="govuk-inset-text" data-testid="linked-meetings">
      {meeting.reviewOf && (
        <p className="govuk-body" data-testid="review-of">
          This is a review of <LinkItem link={meeting.reviewOf} />
        </p>
      )}
      {meeting.reviews.length > 0 && (
        <>
          <p className="govuk-body govuk-!-margin-bottom-1">Review discussions of this one:</p>
          <ul className="govuk-list" data-testid="reviews">
            {meeting.reviews.map((review) => (
              <li key={review.id}>
                <LinkItem link={review} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
