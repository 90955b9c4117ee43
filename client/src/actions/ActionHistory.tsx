import { ACTION_STATUS_LABELS, type ActionChangeResponse, type ActionResponse } from '@roundtable/shared/actions';
import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { formatDateTime } from '../dates';
import { decisionName } from '../decisions/decisionText';

const FIELD_NAMES: Record<ActionChangeResponse['changes'][number]['field'], string> = {
  description: 'what needs to be done',
  ownerUserId: 'owner',
  ownerAgency: 'owner’s agency',
  dueAt: 'due',
  childId: 'child',
  decisionId: 'decision',
  status: 'status',
};

interface ActionHistoryProps {
  action: ActionResponse;
  meeting: MeetingDetail;
  decisions: readonly DecisionResponse[];
}

/** Every change to an action, oldest first: who changed what from → to, and when. */
export function ActionHistory({ action, meeting, decisions }: ActionHistoryProps) {
  if (action.history.length === 0) return null;

  function valueText(field: keyof typeof FIELD_NAMES, value: string | null): string {
    if (value === null || value === '') return 'none';
    switch (field) {
      case 'ownerUserId':
        return meeting.members.find((m) => m.userId === value)?.displayName ?? 'a former member';
      case 'ownerAgency':
        return AGENCY_LABELS[value as Agency] ?? value;
      case 'dueAt':
        return formatDateTime(value);
      case 'childId':
        return meeting.children.find((c) => c.id === value)?.name ?? 'a child no longer listed';
      case 'decisionId': {
        const decision = decisions.find((d) => d.id === value);
        return decision ? decisionName(decision, meeting.children) : 'a decision';
      }
      case 'status':
        return ACTION_STATUS_LABELS[value as keyof typeof ACTION_STATUS_LABELS] ?? value;
      case 'description':
        return `“${value}”`;
    }
  }

  function describe(change: ActionChangeResponse): string {
    const who = change.changedBy.displayName;
    if (change.kind === 'created') return `${who} added the action`;
    const parts = change.changes.map(
      (c) => `${FIELD_NAMES[c.field]} from ${valueText(c.field, c.from)} to ${valueText(c.field, c.to)}`,
    );
    return `${who} changed ${parts.join('; ') || 'the action'}${change.note ? `. Note: ${change.note}` : ''}`;
  }

  return (
    <details className="govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0" data-testid="action-history">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          History<span className="govuk-visually-hidden"> of this action</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        <ol className="govuk-list govuk-list--number govuk-body-s">
          {action.history.map((change) => (
            <li key={change.id}>
              <time dateTime={change.changedAt}>{formatDateTime(change.changedAt)}</time>: {describe(change)}
            </li>
          ))}
        </ol>
      </div>
    </details>
  );
}
