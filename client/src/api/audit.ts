import type {
  AuditMeetingsResponse,
  AuditWitnessListResponse,
  AuditPageResponse,
  AuditVerificationResponse,
  RecordHistoryQuery,
  RecordHistoryResponse,
} from '@roundtable/shared/audit';
import { apiRequest } from './http';

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

/**
 * The auditor's workspace (docs/AUDIT.md, "The auditor API"). Auditors only; the
 * server records every call, so the pages call each one only when the user asks.
 */
export const auditApi = {
  /** A page of entries, newest first. `query` is an AuditQuery as a query string (without `?`). */
  events: (query: string) => apiRequest<AuditPageResponse>('GET', withQuery('/api/audit/events', query)),
  verification: () => apiRequest<AuditVerificationResponse>('GET', '/api/audit/verification'),
  meetings: () => apiRequest<AuditMeetingsResponse>('GET', '/api/audit/meetings'),
  /** Each partner's witness and the largest checkpoint it has cosigned. */
  witnesses: () => apiRequest<AuditWitnessListResponse>('GET', '/api/audit/witnesses'),
  /** The record as it was at `at` (default now); the reason is kept in the audit trail. */
  recordHistory: (meetingId: string, query: RecordHistoryQuery) => {
    const params = new URLSearchParams({ reason: query.reason });
    if (query.at) params.set('at', query.at);
    return apiRequest<RecordHistoryResponse>(
      'GET',
      withQuery(`/api/audit/meetings/${encodeURIComponent(meetingId)}/record-history`, params.toString()),
    );
  },

  /** The export for a query string (without `?`): a plain link, so the browser downloads the attachment. */
  exportUrl: (format: 'csv' | 'json', query: string) => withQuery(`/api/audit/events/export.${format}`, query),
  /** Where partners download the signed checkpoints and the key that checks them (docs/AUDIT.md). */
  checkpointsUrl: '/api/audit/checkpoints',
  publicKeyUrl: '/api/audit/public-key',
  /** Everything offline verification needs (`npm run audit:verify -- --export`); needs step-up. */
  bundleUrl: '/api/audit/export/bundle.tar.gz',
};
