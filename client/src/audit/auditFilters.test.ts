import { describe, expect, it } from 'vitest';
import { auditPath, EMPTY_FILTERS, filtersFromSearch, hasFilters, toQueryString } from './auditFilters';

describe('audit filters in the URL', () => {
  it('reads the filters, repeated types included, and trims them', () => {
    const filters = filtersFromSearch('?agency=police&type=sign-in&type=record-viewed&from=%202026-03-01T00:00:00Z%20');
    expect(filters).toEqual({
      ...EMPTY_FILTERS,
      agency: 'police',
      types: ['sign-in', 'record-viewed'],
      from: '2026-03-01T00:00:00Z',
    });
  });

  it('drops parameters the API does not know, and empty types', () => {
    expect(filtersFromSearch('utm_source=mail&type=&debug=1')).toEqual(EMPTY_FILTERS);
  });

  it('writes the query in a stable order, leaving empty filters out', () => {
    const filters = { ...EMPTY_FILTERS, to: '2026-03-02T00:00:00Z', types: ['sign-in'], meetingId: 'm1', limit: '20' };
    expect(toQueryString(filters)).toBe('meetingId=m1&type=sign-in&to=2026-03-02T00%3A00%3A00Z&limit=20');
  });

  it('leaves paging out of an export', () => {
    const filters = { ...EMPTY_FILTERS, agency: 'health', before: '120', limit: '20' };
    expect(toQueryString(filters, { paging: false })).toBe('agency=health');
  });

  it('survives a round trip through the URL', () => {
    const filters = { ...EMPTY_FILTERS, userId: 'u1', types: ['a', 'b'], outcome: 'refused', before: '99' };
    expect(filtersFromSearch(toQueryString(filters))).toEqual(filters);
  });

  it('links to /audit with the filters, or to /audit alone', () => {
    expect(auditPath({ ...EMPTY_FILTERS, agency: 'police' })).toBe('/audit?agency=police');
    expect(auditPath(EMPTY_FILTERS)).toBe('/audit');
  });

  it('does not count paging as a filter', () => {
    expect(hasFilters({ ...EMPTY_FILTERS, before: '10' })).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, outcome: 'refused' })).toBe(true);
  });
});
