import type { DashboardResponse } from '@roundtable/shared/dashboard';
import type {
  AddAddendumRequest,
  AddendaResponse,
  AddendumResponse,
  AttendanceRegister,
  ConcludeMeetingRequest,
  CreateReviewRequest,
  RecordApologyRequest,
  SetReviewDateRequest,
} from '@roundtable/shared/lifecycle';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { apiRequest } from './http';

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`;

/** The meeting lifecycle, addenda, attendance, review discussions and the dashboard (docs/API.md). */
export const lifecycleApi = {
  start: (meetingId: string) => apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/start`),
  conclude: (meetingId: string, body: ConcludeMeetingRequest) =>
    apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/conclude`, body),
  setReviewDate: (meetingId: string, body: SetReviewDateRequest) =>
    apiRequest<MeetingDetail>('PUT', `${meetingPath(meetingId)}/review-date`, body),
  createReview: (meetingId: string, body: CreateReviewRequest) =>
    apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/review`, body),

  addenda: (meetingId: string) => apiRequest<AddendaResponse>('GET', `${meetingPath(meetingId)}/addenda`),
  addAddendum: (meetingId: string, body: AddAddendumRequest) =>
    apiRequest<AddendumResponse>('POST', `${meetingPath(meetingId)}/addenda`, body),
  signOffAddendum: (meetingId: string, addendumId: string) =>
    apiRequest<AddendumResponse>(
      'POST',
      `${meetingPath(meetingId)}/addenda/${encodeURIComponent(addendumId)}/sign-off`,
    ),

  attendance: (meetingId: string) => apiRequest<AttendanceRegister>('GET', `${meetingPath(meetingId)}/attendance`),
  recordApology: (meetingId: string, body: RecordApologyRequest) =>
    apiRequest<AttendanceRegister>('POST', `${meetingPath(meetingId)}/apologies`, body),

  dashboard: () => apiRequest<DashboardResponse>('GET', '/api/dashboard'),
};
