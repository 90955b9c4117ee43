import type {
  AddMemberRequest,
  CreateMeetingRequest,
  LoginRequest,
  MeetingDetail,
  MeetingListResponse,
  UpdateMeetingRequest,
  UserResponse,
} from '@roundtable/shared/schemas';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MyActionsResponse } from '@roundtable/shared/actions';
import type { DecisionTemplatesResponse } from '@roundtable/shared/decisions';
import type { MfaChallengeResponse } from '@roundtable/shared/mfa';
import { apiRequest } from './http';

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`;

/** Typed calls to the Roundtable HTTP API (docs/API.md). Bodies are validated with the shared zod schemas before sending. */
export const roundtableApi = {
  login: (body: LoginRequest) => apiRequest<UserResponse | MfaChallengeResponse>('POST', '/api/auth/login', body),
  logout: () => apiRequest<void>('POST', '/api/auth/logout'),
  me: () => apiRequest<UserResponse>('GET', '/api/me'),

  listMeetings: () => apiRequest<MeetingListResponse>('GET', '/api/meetings'),
  createMeeting: (body: CreateMeetingRequest) => apiRequest<MeetingDetail>('POST', '/api/meetings', body),
  getMeeting: (meetingId: string) => apiRequest<MeetingDetail>('GET', meetingPath(meetingId)),
  updateMeeting: (meetingId: string, body: UpdateMeetingRequest) =>
    apiRequest<MeetingDetail>('PATCH', meetingPath(meetingId), body),

  addMember: (meetingId: string, body: AddMemberRequest) =>
    apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/members`, body),
  changeMemberRole: (meetingId: string, userId: string, role: MeetingRole) =>
    apiRequest<MeetingDetail>('PATCH', `${meetingPath(meetingId)}/members/${encodeURIComponent(userId)}`, { role }),
  removeMember: (meetingId: string, userId: string) =>
    apiRequest<MeetingDetail>('DELETE', `${meetingPath(meetingId)}/members/${encodeURIComponent(userId)}`),

  decisionTemplates: () => apiRequest<DecisionTemplatesResponse>('GET', '/api/decision-templates'),
  /** The signed-in user's open actions across their meetings, soonest due first. */
  myActions: () => apiRequest<MyActionsResponse>('GET', '/api/actions/mine'),
};
