import type {
  LegalHold,
  LegalHoldListResponse,
  LiftLegalHoldRequest,
  PlaceLegalHoldRequest,
  RetentionStatusResponse,
  RunRetentionResponse,
} from '@roundtable/shared/retention';
import { apiRequest } from './http';

/** Retention status, destruction runs and legal holds (administrators only; the server refuses anyone else). */
export const retentionApi = {
  status: () => apiRequest<RetentionStatusResponse>('GET', '/api/admin/retention'),
  /** Needs step-up. */
  run: () => apiRequest<RunRetentionResponse>('POST', '/api/admin/retention/run'),
  holds: () => apiRequest<LegalHoldListResponse>('GET', '/api/admin/legal-holds'),
  /** Needs step-up. */
  placeHold: (body: PlaceLegalHoldRequest) => apiRequest<LegalHold>('POST', '/api/admin/legal-holds', body),
  /** Needs step-up. */
  liftHold: (id: string, body: LiftLegalHoldRequest) =>
    apiRequest<LegalHold>('POST', `/api/admin/legal-holds/${encodeURIComponent(id)}/lift`, body),
};
