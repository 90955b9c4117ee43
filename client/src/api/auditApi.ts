import type {
  AuditMeetingsResponse,
  AuditPageResponse,
  AuditVerificationResponse,
  RecordHistoryResponse,
} from '@roundtable/shared/audit';
import { apiRequest } from './http';

/** Where partners download the signed checkpoints and the key that checks them (docs/AUDIT.md). */
export const AUDIT_CHECKPOINTS_URL = '/api/audit/checkpoints';
export const AUDIT_PUBLIC_KEY_URL = '/api/audit/public-key';

/** The export for a query string (without `?`): a plain link, so the browser downloads the attachment. */
export function auditExportUrl(format: 'csv' | 'json', query: string): string {
  return `/api/audit/events/export.${format}${query ? `?${query}` : ''}`;
}

/**
 * The auditor's workspace (docs/AUDIT.md, "The auditor API"). Auditors only; the
 * server records every call, so the pages call each one only when the user asks.
 */
export const auditApi = {
  /** A page of entries, newest first. `query` is an AuditQuery as a query string (without `?`). */
  events: (query: string) => apiRequest<AuditPageResponse>('GET', `/api/audit/events${query ? `?${query}` : ''}`),
  verification: () => apiRequest<AuditVerificationResponse>('GET', '/api/audit/verification'),
  meetings: () => apiRequest<AuditMeetingsResponse>('GET', '/api/audit/meetings'),
  /** The record as it was at `at` (default now); the reason is kept in the audit trail. */
  recordHistory: (meetingId: string, query: { reason: string; at?: string }) => {
    const params = new URLSearchParams({ reason: query.reason });
    if (query.at) params.set('at', query.at);
    return apiRequest<RecordHistoryResponse>(
      'GET',
      `/api/audit/meetings/${encodeURIComponent(meetingId)}/record-history?${params.toString()}`,
    );
  },
};
