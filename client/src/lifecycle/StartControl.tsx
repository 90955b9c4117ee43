import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { api, errorMessage } from '../api';

/** The chair starts a scheduled discussion: attendance counts from now. Test hook: `#start-meeting`. */
export function StartControl({
  meeting,
  onStarted,
}: {
  meeting: MeetingDetail;
  onStarted: (d: MeetingDetail) => void;
}) {
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function start() {
    setSending(true);
    setProblem(undefined);
    try {
      onStarted(await api.meetings.start(meeting.id));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <div>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      <button type="button" className="govuk-button" id="start-meeting" disabled={sending} onClick={() => void start()}>
        Start the discussion
      </button>
    </div>
  );
}
