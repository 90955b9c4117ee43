import { LIMITS } from '@roundtable/shared/constants';
import { api } from '../api';
import { StepUpLink } from '../step-up/StepUpLink';
import { type AuditFilters, hasFilters, toQueryString } from './auditFilters';

/**
 * Downloads of every entry matching the current filters (not just this page),
 * oldest first. Links: the server answers with an attachment, and records the
 * export in the trail; a stale session is asked to confirm it is them first.
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
        <StepUpLink
          className="govuk-button govuk-button--secondary"
          href={api.audit.exportUrl('csv', query)}
          draggable="false"
          data-testid="export-csv"
        >
          Download CSV
        </StepUpLink>
        <StepUpLink
          className="govuk-button govuk-button--secondary"
          href={api.audit.exportUrl('json', query)}
          draggable="false"
          data-testid="export-json"
        >
          Download JSON
        </StepUpLink>
      </div>
    </section>
  );
}
