import type {
  AcceptInvitationRequest,
  AcceptInvitationResponse,
  AccountInvitation,
  AccountInvitationList,
  InvitationPreview,
  InviteWithoutAccountRequest,
} from '@roundtable/shared/invitations';
import { apiRequest } from './http';

const invitationsPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/account-invitations`;

/**
 * Invitations for people without an account (docs/EMAIL.md): the chair's
 * invitations, and the accept page. The link's token is sent in the body only.
 */
export const invitationsApi = {
  list: (meetingId: string) => apiRequest<AccountInvitationList>('GET', invitationsPath(meetingId)),
  invite: (meetingId: string, body: InviteWithoutAccountRequest) =>
    apiRequest<AccountInvitation>('POST', invitationsPath(meetingId), body),
  revoke: (meetingId: string, invitationId: string) =>
    apiRequest<AccountInvitation>('POST', `${invitationsPath(meetingId)}/${encodeURIComponent(invitationId)}/revoke`),
  preview: (token: string) => apiRequest<InvitationPreview>('POST', '/api/invitations/preview', { token }),
  accept: (body: AcceptInvitationRequest) =>
    apiRequest<AcceptInvitationResponse>('POST', '/api/invitations/accept', body),
  acceptSignedIn: (token: string) =>
    apiRequest<AcceptInvitationResponse>('POST', '/api/invitations/accept-signed-in', { token }),
};
