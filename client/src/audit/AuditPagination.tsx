import { Link } from 'react-router';
import { type AuditFilters, auditPath } from './auditFilters';

const arrow = (direction: 'prev' | 'next') => (
  <svg
    className={`govuk-pagination__icon govuk-pagination__icon--${direction}`}
    xmlns="http://www.w3.org/2000/svg"
    height="13"
    width="15"
    aria-hidden="true"
    focusable="false"
    viewBox="0 0 15 13"
  >
    <path
      d={
        direction === 'prev'
          ? 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z'
          : 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z'
      }
    />
  </svg>
);

interface AuditPaginationProps {
  filters: AuditFilters;
  /** The server's cursor for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/**
 * GOV.UK pagination (block style) over keyset pages: "Older entries" continues
 * after the last entry shown; "Newest entries" goes back to the start, since
 * entries keep arriving at the newest end.
 *
 * Test hooks: `[data-testid=older-entries]`, `[data-testid=newest-entries]`.
 */
export function AuditPagination({ filters, nextBefore }: AuditPaginationProps) {
  const onFirstPage = filters.before === '';
  if (onFirstPage && nextBefore === null) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of audit entries">
      {!onFirstPage && (
        <div className="govuk-pagination__prev">
          <Link
            className="govuk-link govuk-pagination__link"
            to={auditPath({ ...filters, before: '' })}
            state={{ focusResults: true }}
            rel="prev"
            data-testid="newest-entries"
          >
            {arrow('prev')}
            <span className="govuk-pagination__link-title govuk-pagination__link-title--decorated">Newest entries</span>
          </Link>
        </div>
      )}
      {nextBefore !== null && (
        <div className="govuk-pagination__next">
          <Link
            className="govuk-link govuk-pagination__link"
            to={auditPath({ ...filters, before: String(nextBefore) })}
            state={{ focusResults: true }}
            rel="next"
            data-testid="older-entries"
          >
            {arrow('next')}
            <span className="govuk-pagination__link-title govuk-pagination__link-title--decorated">Older entries</span>
          </Link>
        </div>
      )}
    </nav>
  );
}
