import type { PathwayClock } from '@roundtable/shared/pathway';
import { formatDate } from '../dates';
import { ClockStatusTag } from '../lifecycle/ClockStatusTag';
import { sortClocks } from './pathwayClocks';

/**
 * The child's pathway clocks (ICPC, core groups, review conferences) as a
 * GOV.UK summary list, overdue first; overdue is said in words, not colour
 * alone. Test hooks: `#pathway-clocks`, `[data-clock=<key>]`.
 */
export function PathwayClocksPanel({ clocks }: { clocks: readonly PathwayClock[] }) {
  return (
    <section aria-labelledby="pathway-clocks-heading" id="pathway-clocks" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="pathway-clocks-heading">
        Timescales
      </h2>
      {clocks.length === 0 ? (
        <p className="govuk-body">No timescales are running for this child.</p>
      ) : (
        <dl className="govuk-summary-list">
          {sortClocks(clocks).map((clock) => (
            <div className="govuk-summary-list__row" key={clock.key} data-clock={clock.key}>
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
          ))}
        </dl>
      )}
    </section>
  );
}
