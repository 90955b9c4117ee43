import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { SafetyScoreResponse } from '@roundtable/shared/safety-plan';
import { formatDateTime } from '../dates';

function describe(score: SafetyScoreResponse): string {
  const agency = AGENCY_LABELS[score.agency];
  const by = score.recordedBy.displayName;
  return score.previousScore === null
    ? `${by} recorded ${agency}’s score: ${score.score}.`
    : `${by} changed ${agency}’s score from ${score.previousScore} to ${score.score}.`;
}

/** Every score recorded, newest first: who, when, from and to. Test hook: `[data-testid=safety-score-history]`. */
export function SafetyScoreHistory({ history }: { history: readonly SafetyScoreResponse[] }) {
  if (history.length === 0) return null;
  return (
    <details className="govuk-details" data-testid="safety-score-history">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">History of scores ({history.length})</span>
      </summary>
      <div className="govuk-details__text">
        <ol className="govuk-list govuk-list--bullet">
          {history.map((score) => (
            <li key={score.id}>
              <time dateTime={score.recordedAt}>{formatDateTime(score.recordedAt)}</time>: {describe(score)}
              {score.note && <> Note: {score.note}</>}
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
}
