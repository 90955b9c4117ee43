import { AGENCY_LABELS } from '@roundtable/shared/constants';
import { harmAssessmentLabel, type DecisionResponse, type LaDecisionResponse } from '@roundtable/shared/decisions';
import { formatDateTime } from '../dates';
import { optionLabel, personText, protectiveActionLabel } from './decisionText';

interface LaDecisionEntryProps {
  decision: DecisionResponse;
  entry: LaDecisionResponse;
  inForce: boolean;
  /** The later entry that corrects this one, if any. */
  correctedBy?: LaDecisionResponse;
  /** The entry this one corrects, if any. */
  corrected?: LaDecisionResponse;
}

/**
 * One recorded local authority decision: what was decided and why, who
 * recorded it and when, a short fingerprint of the record at that moment, and
 * the agency views it was based on. Test hook: `[data-la-decision-id]` with
 * `data-in-force`.
 */
export function LaDecisionEntry({ decision, entry, inForce, correctedBy, corrected }: LaDecisionEntryProps) {
  const basis = entry.basisViewIds
    .map((id) => decision.viewHistory.find((view) => view.id === id))
    .filter((view) => view !== undefined);
  return (
    <div className="rt-la-decision" data-la-decision-id={entry.id} data-in-force={inForce}>
      <p className="govuk-body govuk-!-margin-bottom-2">
        {inForce ? (
          <strong className="govuk-tag govuk-tag--green">In force</strong>
        ) : (
          <strong className="govuk-tag govuk-tag--grey">Corrected</strong>
        )}{' '}
        {correctedBy && `Corrected on ${formatDateTime(correctedBy.recordedAt)}; kept on the record.`}
      </p>
      <dl className="govuk-summary-list">
        {corrected && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Correction of</dt>
            <dd className="govuk-summary-list__value">
              The decision recorded on {formatDateTime(corrected.recordedAt)}
              <p className="govuk-body rt-preserve-lines govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                <strong>Reason for the correction:</strong> {entry.correctionReason}
              </p>
            </dd>
          </div>
        )}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Decision</dt>
          <dd className="govuk-summary-list__value" data-field="chosen-options">
            <ul className="govuk-list govuk-!-margin-bottom-0">
              {entry.chosenOptions.map((key) => (
                <li key={key}>{optionLabel(decision, key)}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Reasons</dt>
          <dd className="govuk-summary-list__value rt-preserve-lines">{entry.reasons}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Immediate protective action</dt>
          <dd className="govuk-summary-list__value">
            {entry.protectiveActions.length === 0 && !entry.protectiveActionDetails && 'None recorded'}
            {entry.protectiveActions.length > 0 && (
              <ul className="govuk-list govuk-!-margin-bottom-0">
                {entry.protectiveActions.map((key) => (
                  <li key={key}>{protectiveActionLabel(decision, key)}</li>
                ))}
              </ul>
            )}
            {entry.protectiveActionDetails && (
              <p className="govuk-body rt-preserve-lines">{entry.protectiveActionDetails}</p>
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Recorded by</dt>
          <dd className="govuk-summary-list__value">
            {personText(entry.recordedBy)} on{' '}
            <time dateTime={entry.recordedAt}>{formatDateTime(entry.recordedAt)}</time>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Record fingerprint</dt>
          <dd className="govuk-summary-list__value">
            <code className="rt-fingerprint" title={entry.recordStateSha256}>
              {entry.recordStateSha256.slice(0, 12)}
            </code>
            <span className="govuk-body-s rt-presence__detail">
              The first 12 characters of the SHA-256 of the record when the decision was made.
            </span>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Based on the views of</dt>
          <dd className="govuk-summary-list__value">
            {basis.length === 0 ? (
              'No agency had given a view'
            ) : (
              <ul className="govuk-list govuk-!-margin-bottom-0">
                {basis.map((view) => (
                  <li key={view.id}>
                    {AGENCY_LABELS[view.agency]}: significant harm {harmAssessmentLabel(view.harm)}, recommended “
                    {optionLabel(decision, view.recommendedOption)}” ({view.recordedBy.displayName},{' '}
                    {formatDateTime(view.recordedAt)})
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </div>
  );
}
