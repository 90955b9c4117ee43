import type {
  FamilyCodeRequest,
  FamilyCodeResponse,
  FamilyMemberListResponse,
  FamilyMemberResponse,
  FamilySessionResponse,
  FamilySignInRequest,
  InviteFamilyMemberRequest,
  OutboxPage,
} from '@roundtable/shared/family';
import { apiRequest } from './http';

const familyMembersPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/family-members`;

/**
 * Family members (docs/FAMILY.md): their sign-in with an emailed code and
 * their session (the `rt_family` cookie), and the chair's invitations.
 */
export const familyApi = {
  /** Emails a code if the address was invited; always the same answer. */
  requestCode: (body: FamilyCodeRequest) => apiRequest<FamilyCodeResponse>('POST', '/api/family/sign-in/code', body),
  signIn: (body: FamilySignInRequest) => apiRequest<FamilySessionResponse>('POST', '/api/family/sign-in', body),
  session: () => apiRequest<FamilySessionResponse>('GET', '/api/family/session'),
  signOut: () => apiRequest<void>('POST', '/api/family/sign-out'),
  /** A meeting's family members, as its professionals see them. */
  members: {
    list: (meetingId: string) => apiRequest<FamilyMemberListResponse>('GET', familyMembersPath(meetingId)),
    invite: (meetingId: string, body: InviteFamilyMemberRequest) =>
      apiRequest<FamilyMemberResponse>('POST', familyMembersPath(meetingId), body),
    revoke: (meetingId: string, participantId: string) =>
      apiRequest<void>('DELETE', `${familyMembersPath(meetingId)}/${encodeURIComponent(participantId)}`),
  },
};

/** The mail outbox (administrators only). */
export const outboxApi = {
  page: (page = 1) => apiRequest<OutboxPage>('GET', `/api/admin/outbox?page=${page}`),
};
