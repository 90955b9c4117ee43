import {
  SAFETY_SCALE_ANCHORS,
  SAFETY_SCALE_MAX,
  SAFETY_SCALE_MIN,
  type SafetyPlanScoresResponse,
} from '@roundtable/shared/safety-plan';
import { canScoreSafetyPlan, isRecordFinal } from '@roundtable/shared/permissions';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import { SafetyScoreForm } from './SafetyScoreForm';
import { SafetyScoreHistory } from './SafetyScoreHistory';
import { SafetyScoresTable } from './SafetyScoresTable';

/** Other agencies' scores arrive by polling while the page is visible. */
const REFRESH_MS = 15_000;

/**
 * The scaling question: each agency's 0–10 score recorded separately, never
 * averaged (DOMAIN.md §5.1), with the history of changes. Test hook: `#safety-scores`.
 */
export function SafetyScores({ meeting, me }: { meeting: MeetingDetail; me: UserResponse }) {
  const [scores, setScores] = useState<SafetyPlanScoresResponse | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setScores(await api.meetings.safetyScores.list(meeting.id));
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, [meeting.id]);

  useEffect(() => {
    void load();
    const refresh = () => {
      if (document.visibilityState === 'visible') void load();
    };
    const timer = window.setInterval(refresh, REFRESH_MS);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [load]);

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
      {loadError && (
        <p className="govuk-error-message" data-testid="safety-scores-error">
          <span className="govuk-visually-hidden">Error:</span> {loadError}
        </p>
      )}
      {scores ? (
        <>
          <SafetyScoresTable scores={scores} agencies={agencies} />
          <SafetyScoreHistory history={scores.history} />
          {canScore && (
            <SafetyScoreForm meetingId={meeting.id} agency={me.agency} scores={scores} onRecorded={setScores} />
          )}
        </>
      ) : (
        !loadError && <p className="govuk-body">Loading the scores…</p>
      )}
    </div>
  );
}
