import { ACTION_STATUS_LABELS, type ActionStatus } from '@roundtable/shared/actions';

const STATUS_CLASS: Record<ActionStatus, string> = {
  open: 'govuk-tag--blue',
  done: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
};

/** An action's status as a GOV.UK tag. */
export function ActionStatusTag({ status }: { status: ActionStatus }) {
  return (
    <strong className={`govuk-tag ${STATUS_CLASS[status]}`} data-action-status={status}>
      {ACTION_STATUS_LABELS[status]}
    </strong>
  );
}

/** An open action past its due time: a red tag whose text says so (never colour alone). Test hook: `[data-testid=overdue-tag]`. */
export function OverdueTag() {
  return (
    <strong className="govuk-tag govuk-tag--red" data-testid="overdue-tag">
      Overdue
    </strong>
  );
}
