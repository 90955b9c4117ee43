import {
  SAFETY_SCALE_ANCHORS,
  SAFETY_SCALE_MAX,
  SAFETY_SCALE_MIN,
  type SafetyPlanScoresResponse,
} from '@roundtable/shared/safety-plan';
import { canScoreSafetyPlan, isRecordFinal } from '@roundtable/shared/permissions';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { SafetyScoreForm } from './SafetyScoreForm';
import { SafetyScoreHistory } from './SafetyScoreHistory';
import { SafetyScoresTable } from './SafetyScoresTable';

interface SafetyScoresProps {
  meeting: MeetingDetail;
  me: UserResponse;
  /** Live from the `/meetings` channel (null until the room is joined): others' scores arrive as they are recorded. */
  scores: SafetyPlanScoresResponse | null;
  /** Our own score, as the server answered it. */
  onRecorded: (scores: SafetyPlanScoresResponse) => void;
}

/**
 * The scaling question: each agency's 0–10 score recorded separately, never
 * averaged (DOMAIN.md §5.1), with the history of changes. Nothing polls:
 * scores come with the room's state on every (re)join and each new one is
 * broadcast. Test hook: `#safety-scores`.
 */
export function SafetyScores({ meeting, me, scores, onRecorded }: SafetyScoresProps) {
  const agencies = meeting.members.map((m) => m.agency);
  const canScore = canScoreSafetyPlan(meeting.myRole) && !isRecordFinal(meeting.status);
  return (
    <div id="safety-scores" className="govuk-!-margin-top-6">
      <h3 className="govuk-heading-s">Scaling</h3>
      <p className="govuk-body">
        On a scale of {SAFETY_SCALE_MIN} to {SAFETY_SCALE_MAX}, where {SAFETY_SCALE_MAX} means{' '}
        {SAFETY_SCALE_ANCHORS.max} and {SAFETY_SCALE_MIN} means {SAFETY_SCALE_ANCHORS.min}, where is each agency now?
        Each agency’s number is kept separately.
      </p>
      {scores ? (
        <>
          <SafetyScoresTable scores={scores} agencies={agencies} />
          <SafetyScoreHistory history={scores.history} />
          {canScore && (
            <SafetyScoreForm meetingId={meeting.id} agency={me.agency} scores={scores} onRecorded={onRecorded} />
          )}
        </>
      ) : (
        <p className="govuk-body">Loading the scores…</p>
      )}
    </div>
  );
}
