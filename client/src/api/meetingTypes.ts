import type { MeetingTypesResponse } from '@roundtable/shared/pathway';
import { apiRequest } from './http';

/** The meeting types as this deployment runs them (a deployment may rename them). */
export const meetingTypesApi = {
  list: () => apiRequest<MeetingTypesResponse>('GET', '/api/meeting-types'),
};
