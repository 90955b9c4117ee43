import type { PathwayClock } from '@roundtable/shared/pathway';
import { ClockRow } from '../lifecycle/ClockRow';
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
            <ClockRow key={clock.key} clock={clock} />
          ))}
        </dl>
      )}
    </section>
  );
}
