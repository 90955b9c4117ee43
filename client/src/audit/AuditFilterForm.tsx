import { AGENCIES, AGENCY_LABELS } from '@roundtable/shared/constants';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { formatDateTime, isoToLondonLocal, londonLocalToIso } from '../dates';
import type { FieldErrors } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import type { AuditFilters } from './auditFilters';
import { EventTypeCheckboxes } from './EventTypeCheckboxes';
import type { AuditMeeting } from './useAuditMeetings';

/** The id of the input each filter's errors link to. `before` has no input of its own. */
export const FILTER_FIELD_IDS: Record<string, string> = {
  meetingId: 'filter-meeting',
  userId: 'filter-user',
  agency: 'filter-agency',
  type: 'filter-type',
  outcome: 'filter-outcome',
  from: 'filter-from',
  to: 'filter-to',
  limit: 'filter-limit',
  before: 'filter-limit',
};
export const FILTER_ORDER = Object.keys(FILTER_FIELD_IDS);

/** The form's names for the API's parameters, which the server's messages start with. */
const FILTER_LABELS: Record<string, string> = {
  meetingId: 'Strategy discussion',
  userId: 'Person',
  agency: 'Agency',
  type: 'Event type',
  outcome: 'Outcome',
  from: 'From',
  to: 'To',
  limit: 'Entries per page',
  before: 'The page to start from',
};

/** The server's errors, each message starting with the field's label ("Person must be a user id"). */
export function labelFilterErrors(errors: FieldErrors): FieldErrors {
  const labelled: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const key = path.split('.')[0] ?? '';
    const label = FILTER_LABELS[key];
    labelled[path] = label && message.startsWith(`${key} `) ? `${label}${message.slice(key.length)}` : message;
  }
  return labelled;
}

const PAGE_SIZES = ['10', '25', '50', '100', '200'];

/** The error about a filter; `type.2` (one of several types) counts as `type`. */
export function filterError(errors: FieldErrors, key: string): string | undefined {
  return errors[key] ?? Object.entries(errors).find(([path]) => path.startsWith(`${key}.`))?.[1];
}

interface AuditFilterFormProps {
  /** The filters in the URL: the form starts from them. */
  filters: AuditFilters;
  /** Null while the meetings are loading (or if they could not be). */
  meetings: readonly AuditMeeting[] | null;
  errors: FieldErrors;
  onApply: (filters: AuditFilters) => void;
  /** Errors only the browser can spot (a date and time that is not real). */
  onInvalid: (errors: FieldErrors) => void;
}

/**
 * GOV.UK filter form. `method="get"`: applying it puts the filters in the page's
 * URL (shareable, back-button friendly) and starts again from the newest entry.
 *
 * Test hook: `#audit-filters`; inputs `#filter-meeting`, `#filter-user`, `#filter-agency`,
 * `#filter-type` (first checkbox), `#filter-outcome`, `#filter-from`, `#filter-to`, `#filter-limit`.
 */
export function AuditFilterForm({ filters, meetings, errors, onApply, onInvalid }: AuditFilterFormProps) {
  const [meetingId, setMeetingId] = useState(filters.meetingId);
  const [userId, setUserId] = useState(filters.userId);
  const [agency, setAgency] = useState(filters.agency);
  const [types, setTypes] = useState(filters.types);
  const [outcome, setOutcome] = useState(filters.outcome);
  const [from, setFrom] = useState(filters.from ? isoToLondonLocal(filters.from) : '');
  const [to, setTo] = useState(filters.to ? isoToLondonLocal(filters.to) : '');
  const [limit, setLimit] = useState(filters.limit === '50' ? '' : filters.limit);

  const meetingOptions = [
    { value: '', text: meetings === null ? 'Any meeting (loading the list…)' : 'Any meeting' },
    ...(meetings ?? []).map((m) => ({ value: m.id, text: `${m.reference} – ${formatDateTime(m.scheduledAt)}` })),
  ];
  if (meetingId !== '' && !meetingOptions.some((o) => o.value === meetingId)) {
    meetingOptions.push({ value: meetingId, text: `Meeting ${meetingId}` });
  }
  // '' is the server's default, 50; a size the URL asks for is offered too.
  const limitOptions = [...new Set([...PAGE_SIZES, limit === '' ? '50' : limit])]
    .sort((a, b) => Number(a) - Number(b))
    .map((size) => (size === '50' ? { value: '', text: '50 (default)' } : { value: size, text: size }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fromIso = from === '' ? '' : londonLocalToIso(from);
    const toIso = to === '' ? '' : londonLocalToIso(to);
    const invalid: FieldErrors = {};
    if (fromIso === null) invalid.from = 'From must be a real date and time';
    if (toIso === null) invalid.to = 'To must be a real date and time';
    if (fromIso === null || toIso === null) return onInvalid(invalid);
    onApply({ meetingId, userId: userId.trim(), agency, types, outcome, from: fromIso, to: toIso, before: '', limit });
  }

  return (
    <form id="audit-filters" method="get" action="/audit" noValidate onSubmit={handleSubmit}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <SelectField
            id="filter-meeting"
            name="meetingId"
            label="Strategy discussion"
            value={meetingId}
            options={meetingOptions}
            onChange={setMeetingId}
            error={filterError(errors, 'meetingId')}
          />
          <TextField
            id="filter-user"
            name="userId"
            label="Person (optional)"
            hint="Their user id. Select a name in the results to fill it in. Shows what they did and what was done to their account."
            value={userId}
            onChange={setUserId}
            error={filterError(errors, 'userId')}
            spellCheck={false}
            autoComplete="off"
          />
          <SelectField
            id="filter-agency"
            name="agency"
            label="Agency of the person who acted"
            value={agency}
            options={[
              { value: '', text: 'Any agency' },
              ...AGENCIES.map((a) => ({ value: a, text: AGENCY_LABELS[a] })),
            ]}
            onChange={setAgency}
            error={filterError(errors, 'agency')}
          />
        </div>
        <div className="govuk-grid-column-one-half">
          <RadiosField
            id="filter-outcome"
            legend="Outcome"
            value={outcome}
            options={[
              { value: '', text: 'Any' },
              { value: 'success', text: 'Success' },
              { value: 'refused', text: 'Refused' },
            ]}
            onChange={setOutcome}
            error={filterError(errors, 'outcome')}
            inline
            small
          />
          <TextField
            id="filter-from"
            name="from"
            type="datetime-local"
            label="From (UK time, optional)"
            hint="Entries at or after this time"
            value={from}
            onChange={setFrom}
            error={filterError(errors, 'from')}
          />
          <TextField
            id="filter-to"
            name="to"
            type="datetime-local"
            label="To (UK time, optional)"
            hint="Entries before this time"
            value={to}
            onChange={setTo}
            error={filterError(errors, 'to')}
          />
          <SelectField
            id="filter-limit"
            name="limit"
            label="Entries per page"
            value={limit}
            options={limitOptions}
            onChange={setLimit}
            error={filterError(errors, 'limit') ?? filterError(errors, 'before')}
          />
        </div>
      </div>
      <EventTypeCheckboxes id="filter-type" values={types} onChange={setTypes} error={filterError(errors, 'type')} />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Apply filters
        </button>
        <Link className="govuk-link" to="/audit" state={{ focusResults: true }}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
