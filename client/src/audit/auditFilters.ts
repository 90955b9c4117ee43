/**
 * The auditor's filters live in the page's URL, under the same names as the
 * API's query (AuditQuerySchema), so a filtered view can be shared, bookmarked
 * and reached with the back button. The server validates them; the page only
 * carries them across.
 */
export interface AuditFilters {
  meetingId: string;
  userId: string;
  agency: string;
  types: string[];
  outcome: string;
  /** ISO 8601 instants, as in the URL. */
  from: string;
  to: string;
  before: string;
  limit: string;
}

/** The single-valued parameters, in the order they are written (`type` repeats and follows `agency`). */
const FILTER_KEYS = ['meetingId', 'userId', 'agency'] as const;
const RANGE_KEYS = ['outcome', 'from', 'to'] as const;
const PAGING_KEYS = ['limit', 'before'] as const;
const SINGLE_KEYS = [...FILTER_KEYS, ...RANGE_KEYS, ...PAGING_KEYS] as const;

export const EMPTY_FILTERS: AuditFilters = {
  meetingId: '',
  userId: '',
  agency: '',
  types: [],
  outcome: '',
  from: '',
  to: '',
  before: '',
  limit: '',
};

/** Reads the filters from a URL's search string. Parameters the API does not know are dropped. */
export function filtersFromSearch(search: string): AuditFilters {
  const params = new URLSearchParams(search);
  const filters: AuditFilters = { ...EMPTY_FILTERS, types: params.getAll('type').filter((t) => t !== '') };
  for (const key of SINGLE_KEYS) filters[key] = params.get(key)?.trim() ?? '';
  return filters;
}

/**
 * The query string (no `?`) for these filters; empty ones are left out.
 * `paging: false` leaves out `before` and `limit` (exports ignore them).
 */
export function toQueryString(filters: AuditFilters, { paging = true }: { paging?: boolean } = {}): string {
  const params = new URLSearchParams();
  const set = (key: (typeof SINGLE_KEYS)[number]) => {
    if (filters[key] !== '') params.set(key, filters[key]);
  };
  FILTER_KEYS.forEach(set);
  for (const type of filters.types) params.append('type', type);
  RANGE_KEYS.forEach(set);
  if (paging) PAGING_KEYS.forEach(set);
  return params.toString();
}

/** The /audit URL showing these filters. */
export function auditPath(filters: AuditFilters): string {
  const query = toQueryString(filters);
  return query ? `/audit?${query}` : '/audit';
}

/** True when any filter (not paging) is set. */
export function hasFilters(filters: AuditFilters): boolean {
  return toQueryString(filters, { paging: false }) !== '';
}
