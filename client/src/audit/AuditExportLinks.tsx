import { LIMITS } from '@roundtable/shared/constants';
import { auditExportUrl } from '../api/auditApi';
import { type AuditFilters, hasFilters, toQueryString } from './auditFilters';

/**
 * Downloads of every entry matching the current filters (not just this page),
 * oldest first. Plain links: the server answers with an attachment, and records
 * the export in the trail.
 *
 * Test hooks: `[data-testid=export-csv]`, `[data-testid=export-json]`.
 */
export function AuditExportLinks({ filters }: { filters: AuditFilters }) {
  const query = toQueryString(filters, { paging: false });
  return (
    <section aria-labelledby="export-heading">
      <h2 className="govuk-heading-m" id="export-heading">
        Export {hasFilters(filters) ? 'the matching entries' : 'the whole trail'}
      </h2>
      <p className="govuk-body">
        Every matching entry on every page, oldest first, with the hashes that chain them (at most{' '}
        {LIMITS.auditExportMaxRows.toLocaleString('en-GB')}). The JSON file also holds the latest signed checkpoint.
        Exports are recorded in the audit trail.
      </p>
      <div className="govuk-button-group">
        <a
          className="govuk-button govuk-button--secondary"
          href={auditExportUrl('csv', query)}
          draggable="false"
          data-testid="export-csv"
        >
          Download CSV
        </a>
        <a
          className="govuk-button govuk-button--secondary"
          href={auditExportUrl('json', query)}
          draggable="false"
          data-testid="export-json"
        >
          Download JSON
        </a>
      </div>
    </section>
  );
}
