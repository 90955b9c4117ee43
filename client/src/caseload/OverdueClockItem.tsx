import type { PathwayClock } from '@roundtable/shared/pathway';
import { formatDate } from '../dates';

/** One overdue pathway clock as a list item: a red tag, what it is, and when it was due. Test hook: `[data-overdue-clock=<key>]`. */
export function OverdueClockItem({ clock }: { clock: PathwayClock }) {
  return (
    <li data-overdue-clock={clock.key}>
      <strong className="govuk-tag govuk-tag--red">Overdue</strong> {clock.label}
      {clock.dueDate && (
        <>
          , was due <time dateTime={clock.dueDate}>{formatDate(clock.dueDate)}</time>
        </>
      )}
    </li>
  );
}
