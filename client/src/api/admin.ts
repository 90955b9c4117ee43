import type { AdminUser, AdminUserChangeResponse, AdminUserListResponse } from '@roundtable/shared/admin';
import type { CreateUserRequest } from '@roundtable/shared/schemas';
import { apiRequest } from './http';

const userPath = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}`;

/** User administration (administrators only; the server refuses anyone else). */
export const adminApi = {
  users: {
    list: () => apiRequest<AdminUserListResponse>('GET', '/api/admin/users'),
    create: (body: CreateUserRequest) => apiRequest<AdminUser>('POST', '/api/admin/users', body),
    disable: (userId: string) => apiRequest<AdminUserChangeResponse>('POST', `${userPath(userId)}/disable`),
    enable: (userId: string) => apiRequest<AdminUserChangeResponse>('POST', `${userPath(userId)}/enable`),
    /** Gives or takes away the permission to convene and chair strategy discussions. */
    setChairPermission: (userId: string, canChair: boolean) =>
      apiRequest<AdminUser>('POST', `${userPath(userId)}/chair-permission`, { canChair }),
    /** Makes the account a team manager (its team's caseload), or stops it being one. */
    setTeamManager: (userId: string, teamManager: boolean) =>
      apiRequest<AdminUser>('POST', `${userPath(userId)}/team-manager`, { teamManager }),
    /** Sets (or, with null, clears) the organisation within its agency the account belongs to. */
    setOrganisation: (userId: string, organisation: string | null) =>
      apiRequest<AdminUser>('POST', `${userPath(userId)}/organisation`, { organisation }),
    /** Signs the user out everywhere. */
    endSessions: (userId: string) => apiRequest<AdminUserChangeResponse>('POST', `${userPath(userId)}/end-sessions`),
  },
};
