import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { AuditEventsTable } from '../audit/AuditEventsTable';
import { AuditExportLinks } from '../audit/AuditExportLinks';
import { AuditFilterForm, FILTER_FIELD_IDS, FILTER_ORDER, labelFilterErrors } from '../audit/AuditFilterForm';
import { auditPath, filtersFromSearch, hasFilters, toQueryString, type AuditFilters } from '../audit/auditFilters';
import { AuditMeetingsTable } from '../audit/AuditMeetingsTable';
import { AuditPagination } from '../audit/AuditPagination';
import { useAuditEvents } from '../audit/useAuditEvents';
import { useAuditMeetings } from '../audit/useAuditMeetings';
import { VerificationPanel } from '../audit/VerificationPanel';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

/** Set on links and submissions within /audit: the new page of results takes focus once shown. */
interface AuditLocationState {
  focusResults?: boolean;
}

/**
 * `/audit`, the auditor's workspace (safeguarding partner reviewers only): is the
 * trail intact, its entries filtered by the URL's query, exports of them, and the
 * strategy discussions (metadata only). Every read here is itself audited.
 */
export function AuditPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const filters = filtersFromSearch(location.search);
  const [attempt, setAttempt] = useState(0);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const bumpAttempt = useCallback(() => setAttempt((n) => n + 1), []);
  const events = useAuditEvents(toQueryString(filters), bumpAttempt);
  const meetings = useAuditMeetings();
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<string | null>(null);

  const serverErrors = events.status === 'invalid' ? labelFilterErrors(events.errors) : {};
  const errors = clientErrors ?? serverErrors;
  const summary = toSummary(
    errors,
    FILTER_ORDER,
    (path) => FILTER_FIELD_IDS[path.split('.')[0] ?? ''],
    'filter-meeting',
  );
  const generalError =
    events.status === 'invalid' && Object.keys(events.errors).length === 0 && !clientErrors
      ? events.message
      : undefined;
  usePageTitle('Audit trail', summary.length > 0 || generalError !== undefined);

  useEffect(() => {
    const wanted = (location.state as AuditLocationState | null)?.focusResults === true;
    if (!wanted || events.status === 'loading' || events.status === 'invalid') return;
    if (focusedFor.current === location.key) return;
    focusedFor.current = location.key;
    resultsHeading.current?.focus();
  }, [location.key, location.state, events.status]);

  function apply(next: AuditFilters) {
    setClientErrors(null);
    void navigate(auditPath(next), { state: { focusResults: true } satisfies AuditLocationState });
  }

  function invalid(found: FieldErrors) {
    setClientErrors(found);
    bumpAttempt();
  }

  return (
    <>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <PageHeading caption="Safeguarding partnership review">Audit trail</PageHeading>
      <p className="govuk-body-l">
        Who did what to strategy discussion records, and when, including what was refused. Your own reading of the trail
        is recorded in it too.
      </p>

      <VerificationPanel />

      <section aria-labelledby="filters-heading" className="govuk-!-margin-top-6">
        <h2 className="govuk-heading-m" id="filters-heading">
          Filter the entries
        </h2>
        <AuditFilterForm
          key={location.search}
          filters={filters}
          meetings={meetings.status === 'loaded' ? meetings.meetings : null}
          errors={errors}
          onApply={apply}
          onInvalid={invalid}
        />
      </section>

      <section aria-labelledby="entries-heading">
        <h2 className="govuk-heading-m rt-focus-target" id="entries-heading" tabIndex={-1} ref={resultsHeading}>
          {hasFilters(filters) ? 'Matching entries' : 'All entries'}
        </h2>
        <div role="status" className="govuk-body" data-testid="audit-events-status">
          {events.status === 'loading' && 'Loading entries…'}
          {events.status === 'loaded' && describePage(events.page.events.length, filters)}
          {events.status === 'invalid' && 'Correct the filters to see entries.'}
        </div>
        {events.status === 'failed' && (
          <div className="govuk-error-summary" role="alert">
            <h3 className="govuk-error-summary__title">The entries could not be loaded</h3>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{events.message}</p>
            </div>
          </div>
        )}
        {events.status === 'loaded' && events.page.events.length > 0 && (
          <>
            <AuditEventsTable events={events.page.events} filters={filters} />
            <AuditPagination filters={filters} nextBefore={events.page.nextBefore} />
          </>
        )}
      </section>

      <AuditExportLinks filters={filters} />

      <section aria-labelledby="meetings-heading" className="govuk-!-margin-top-6">
        <h2 className="govuk-heading-m" id="meetings-heading">
          Strategy discussions
        </h2>
        {meetings.status === 'loading' && (
          <p className="govuk-body" role="status">
            Loading strategy discussions…
          </p>
        )}
        {meetings.status === 'failed' && (
          <p className="govuk-body govuk-error-message" role="alert">
            The strategy discussions could not be loaded: {meetings.message}
          </p>
        )}
        {meetings.status === 'loaded' && <AuditMeetingsTable meetings={meetings.meetings} />}
      </section>
    </>
  );
}

function describePage(count: number, filters: AuditFilters): string {
  if (count === 0) return filters.before ? 'No older entries match.' : 'No entries match.';
  const entries = `${count} ${count === 1 ? 'entry' : 'entries'}`;
  return filters.before
    ? `Showing ${entries} before entry ${filters.before}, newest first.`
    : `Showing the newest ${entries}.`;
}
