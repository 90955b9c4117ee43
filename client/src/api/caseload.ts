import type { CaseloadResponse } from '@roundtable/shared/pathway';
import { apiRequest } from './http';

/** The MACPT caseload: an LCPP's own children, or a team manager's team's. */
export const caseloadApi = {
  get: () => apiRequest<CaseloadResponse>('GET', '/api/caseload'),
};
