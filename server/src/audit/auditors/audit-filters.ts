import type { AuditQuerySchema } from '@roundtable/shared/audit';
import type { z } from 'zod';
import type { AuditDetails } from '../trail/audit-chain';

/** The auditor's filters after validation by AuditQuerySchema. */
export type AuditFilters = z.output<typeof AuditQuerySchema>;

/** A parameterised WHERE clause over `audit_events e`. */
export interface WhereClause {
  sql: string;
  params: unknown[];
}

/**
 * The WHERE clause of the filters. `userId` matches entries by the person
 * (actor) or about them (a `user` subject, e.g. a failed sign-in against
 * their account or their being added to a meeting). The time range is
 * half-open: `from` inclusive, `to` exclusive. `before` (the keyset cursor)
 * applies only when `paged`; exports take every matching entry.
 */
export function whereClause(filters: AuditFilters, paged: boolean): WhereClause {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.meetingId) conditions.push(`e.meeting_id = ${param(filters.meetingId)}`);
  if (filters.userId) {
    const id = param(filters.userId);
    conditions.push(`(e.actor_user_id = ${id} OR (e.subject_type = 'user' AND e.subject_id = ${id}::text))`);
  }
  if (filters.agency) conditions.push(`e.actor_agency = ${param(filters.agency)}`);
  if (filters.type) conditions.push(`e.type = ANY(${param(filters.type)}::text[])`);
  if (filters.outcome) conditions.push(`e.outcome = ${param(filters.outcome)}`);
  if (filters.from) conditions.push(`e.occurred_at >= ${param(filters.from)}::timestamptz`);
  if (filters.to) conditions.push(`e.occurred_at < ${param(filters.to)}::timestamptz`);
  if (paged && filters.before) conditions.push(`e.seq < ${param(filters.before)}`);
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/**
 * The filters as recorded in the auditor's own audit entry: ids, codes and
 * times only, never free text (the schema admits none). Exports leave out
 * the page cursor and size, which they ignore.
 */
export function filtersForRecord(filters: AuditFilters, paged: boolean): AuditDetails {
  const { before, limit, ...rest } = filters;
  const recorded: AuditDetails = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) recorded[key] = value;
  if (paged) {
    recorded.limit = limit;
    if (before !== undefined) recorded.before = before;
  }
  return recorded;
}
