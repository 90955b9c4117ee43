import type { MeetingRole } from '@roundtable/shared/constants';
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
import type { RecordSafetyScoreRequest, SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import type {
  AddMemberRequest,
  CreateMeetingRequest,
  MeetingDetail,
  MeetingListResponse,
  UpdateMeetingRequest,
  UpdateMemberRequest,
} from '@roundtable/shared/schemas';
import type { SealedRecordListResponse } from '@roundtable/shared/sealed-records';
import { apiRequest } from './http';

const meetingPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}`;
const memberPath = (meetingId: string, userId: string) =>
  `${meetingPath(meetingId)}/members/${encodeURIComponent(userId)}`;

/**
 * Strategy discussions and what hangs off them over HTTP: membership, the
 * lifecycle (start, conclude, review), addenda, attendance, the safety plan's
 * scores and the sealed records. Decisions and actions change over socket.io
 * (meeting-events/), the record's text over the Yjs endpoint (collab/).
 */
export const meetingsApi = {
  /** The signed-in user's meetings. */
  list: () => apiRequest<MeetingListResponse>('GET', '/api/meetings'),
  get: (meetingId: string) => apiRequest<MeetingDetail>('GET', meetingPath(meetingId)),
  create: (body: CreateMeetingRequest) => apiRequest<MeetingDetail>('POST', '/api/meetings', body),
  update: (meetingId: string, body: UpdateMeetingRequest) =>
    apiRequest<MeetingDetail>('PATCH', meetingPath(meetingId), body),

  members: {
    add: (meetingId: string, body: AddMemberRequest) =>
      apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/members`, body),
    changeRole: (meetingId: string, userId: string, role: MeetingRole) =>
      apiRequest<MeetingDetail>('PATCH', memberPath(meetingId, userId), { role } satisfies UpdateMemberRequest),
    remove: (meetingId: string, userId: string) => apiRequest<MeetingDetail>('DELETE', memberPath(meetingId, userId)),
  },

  start: (meetingId: string) => apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/start`),
  conclude: (meetingId: string, body: ConcludeMeetingRequest) =>
    apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/conclude`, body),
  setReviewDate: (meetingId: string, body: SetReviewDateRequest) =>
    apiRequest<MeetingDetail>('PUT', `${meetingPath(meetingId)}/review-date`, body),
  /** The review discussion of a concluded one. */
  createReview: (meetingId: string, body: CreateReviewRequest) =>
    apiRequest<MeetingDetail>('POST', `${meetingPath(meetingId)}/review`, body),

  addenda: {
    list: (meetingId: string) => apiRequest<AddendaResponse>('GET', `${meetingPath(meetingId)}/addenda`),
    add: (meetingId: string, body: AddAddendumRequest) =>
      apiRequest<AddendumResponse>('POST', `${meetingPath(meetingId)}/addenda`, body),
    signOff: (meetingId: string, addendumId: string) =>
      apiRequest<AddendumResponse>(
        'POST',
        `${meetingPath(meetingId)}/addenda/${encodeURIComponent(addendumId)}/sign-off`,
      ),
  },

  attendance: {
    get: (meetingId: string) => apiRequest<AttendanceRegister>('GET', `${meetingPath(meetingId)}/attendance`),
    recordApology: (meetingId: string, body: RecordApologyRequest) =>
      apiRequest<AttendanceRegister>('POST', `${meetingPath(meetingId)}/apologies`, body),
  },

  /** The safety plan's scaling scores (the plan's text is a live document, not an API call). */
  safetyScores: {
    list: (meetingId: string) =>
      apiRequest<SafetyPlanScoresResponse>('GET', `${meetingPath(meetingId)}/safety-plan/scores`),
    /** Records the signed-in user's agency's score; the agency comes from the account. */
    record: (meetingId: string, body: RecordSafetyScoreRequest) =>
      apiRequest<SafetyPlanScoresResponse>('PUT', `${meetingPath(meetingId)}/safety-plan/scores`, body),
  },

  /**
   * The sealed record of a concluded discussion (docs/SEALED-RECORDS.md). The
   * files themselves are plain links (`file.href`), so the browser downloads the
   * attachment; the server audits each download.
   */
  sealedRecords: {
    /** Every sealed version, newest first, with each file's SHA-256. */
    list: (meetingId: string) => apiRequest<SealedRecordListResponse>('GET', `${meetingPath(meetingId)}/records`),
  },
};
