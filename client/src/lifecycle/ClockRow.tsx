import type { Clock } from '@roundtable/shared/lifecycle';
import { formatDate } from '../dates';
import { ClockStatusTag } from './ClockStatusTag';

/** One clock as a GOV.UK summary list row: its status in words, when it is (or was) due, and what it runs from. */
export function ClockRow({
  clock,
}: {
  clock: Pick<Clock, 'label' | 'status' | 'dueDate' | 'basis'> & { key: string };
}) {
  return (
    <div className="govuk-summary-list__row" data-clock={clock.key}>
      <dt className="govuk-summary-list__key">{clock.label}</dt>
      <dd className="govuk-summary-list__value">
        <p className="govuk-body govuk-!-margin-bottom-1">
          <ClockStatusTag status={clock.status} />{' '}
          {clock.dueDate && (
            <>
              {clock.status === 'overdue' ? 'Was due' : 'Due'}{' '}
              <time dateTime={clock.dueDate}>{formatDate(clock.dueDate)}</time>
            </>
          )}
        </p>
        <p className="govuk-hint govuk-!-margin-bottom-0">{clock.basis}</p>
      </dd>
    </div>
  );
}
