import type {
  FamilyAttendanceList,
  FamilyMeetingResponse,
  FamilyRecordVersions,
  FamilySafetyPlanResponse,
  FamilyView,
  FamilyViewsResponse,
  SafetyPlanSignature,
  SafetyPlanSignaturesResponse,
  SetFamilyAttendanceRequest,
  SignSafetyPlanRequest,
  SubmitFamilyViewRequest,
} from '@roundtable/shared/family-view';
import type { MeetingPartsResponse } from '@roundtable/shared/pathway';
import { apiRequest } from '../../api/http';

/** The family view's calls (docs/FAMILY.md "The family view"): the family's own, then the professionals'. */
export const familyViewApi = {
  meeting: () => apiRequest<FamilyMeetingResponse>('GET', '/api/family/meeting'),
  addView: (body: SubmitFamilyViewRequest) => apiRequest<FamilyView>('POST', '/api/family/views', body),
  safetyPlan: () => apiRequest<FamilySafetyPlanResponse>('GET', '/api/family/safety-plan'),
  sign: (body: SignSafetyPlanRequest) =>
    apiRequest<SafetyPlanSignature>('POST', '/api/family/safety-plan/signatures', body),
  record: () => apiRequest<FamilyRecordVersions>('GET', '/api/family/record'),
};

export const familyParticipationApi = {
  views: (meetingId: string) => apiRequest<FamilyViewsResponse>('GET', `/api/meetings/${meetingId}/family-views`),
  attendance: (meetingId: string) =>
    apiRequest<FamilyAttendanceList>('GET', `/api/meetings/${meetingId}/family-attendance`),
  setAttendance: (meetingId: string, participantId: string, body: SetFamilyAttendanceRequest) =>
    apiRequest<FamilyAttendanceList>('PUT', `/api/meetings/${meetingId}/family-attendance/${participantId}`, body),
  signatures: (meetingId: string) =>
    apiRequest<SafetyPlanSignaturesResponse>('GET', `/api/meetings/${meetingId}/safety-plan/signatures`),
  parts: (meetingId: string) => apiRequest<MeetingPartsResponse>('GET', `/api/meetings/${meetingId}/parts`),
};
