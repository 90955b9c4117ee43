import type { DecisionResponse } from '@roundtable/shared/decisions';
import { CANNOT_CONVENE, canConveneMeeting, canManageMeeting } from '@roundtable/shared/permissions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../dates';
import { useMe } from '../session/useSession';
import { ConcludedBanner } from './ConcludedBanner';
import { ConcludeForm } from './ConcludeForm';
import { CreateReviewForm } from './CreateReviewForm';
import { LinkedMeetings } from './LinkedMeetings';
import { MeetingStatusTag } from './MeetingStatusTag';
import { StartControl } from './StartControl';

interface LifecycleBarProps {
  meeting: MeetingDetail;
  decisions: readonly DecisionResponse[];
  onMeetingChange: (detail: MeetingDetail) => void;
}

/**
 * The top of the room: the discussion's status, the concluded banner, links
 * to linked discussions, and the chair's Start, Conclude and Review controls
 * (the server decides; these only offer what applies now). A chair whose
 * account may not convene and chair (an administrator's permission) is told
 * why instead.
 */
export function LifecycleBar({ meeting, decisions, onMeetingChange }: LifecycleBarProps) {
  const me = useMe();
  const chairRole = canManageMeeting(meeting.myRole);
  const chair = chairRole && canConveneMeeting(me);
  const [open, setOpen] = useState<'conclude' | 'review' | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const close = () => {
    returnFocus.current = true;
    setOpen(null);
  };
  useEffect(() => {
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    opener.current?.focus();
  }, [open]);
  useEffect(() => setOpen(null), [meeting.status]);

  return (
    <div className="govuk-!-margin-bottom-6" data-testid="lifecycle">
      <p className="govuk-body">
        <MeetingStatusTag status={meeting.status} />
        {meeting.startedAt && meeting.status === 'live' && (
          <>
            {' '}
            Started <time dateTime={meeting.startedAt}>{formatDateTime(meeting.startedAt)}</time>
          </>
        )}
      </p>
      <ConcludedBanner meeting={meeting} />
      <LinkedMeetings meeting={meeting} />
      {chairRole && !chair && (
        <p className="govuk-inset-text" data-testid="cannot-chair">
          {CANNOT_CONVENE}. Until then you cannot start or conclude this discussion.
        </p>
      )}
      {chair && meeting.status === 'scheduled' && <StartControl meeting={meeting} onStarted={onMeetingChange} />}
      {chair && meeting.status === 'live' && open !== 'conclude' && (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          id="open-conclude"
          ref={opener}
          onClick={() => setOpen('conclude')}
        >
          Conclude the discussion
        </button>
      )}
      {chair && meeting.status === 'live' && open === 'conclude' && (
        <ConcludeForm meeting={meeting} decisions={decisions} onConcluded={onMeetingChange} onCancel={close} />
      )}
      {chair && meeting.status === 'concluded' && open !== 'review' && (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          id="open-review"
          ref={opener}
          onClick={() => setOpen('review')}
        >
          Convene a review discussion
        </button>
      )}
      {chair && meeting.status === 'concluded' && open === 'review' && (
        <CreateReviewForm meeting={meeting} onCancel={close} />
      )}
    </div>
  );
}
