import type { AdminUser, AdminUserChangeResponse, AdminUserListResponse } from '@roundtable/shared/admin';
import type { CreateUserRequest } from '@roundtable/shared/schemas';
import { apiRequest } from './http';

const userPath = (userId: string) => `/api/admin/users/${encodeURIComponent(userId)}`;

/** User administration (administrators only; the server refuses anyone else). */
export const adminApi = {
  listUsers: () => apiRequest<AdminUserListResponse>('GET', '/api/admin/users'),
  createUser: (body: CreateUserRequest) => apiRequest<AdminUser>('POST', '/api/admin/users', body),
  disableUser: (userId: string) => apiRequest<AdminUserChangeResponse>('POST', `${userPath(userId)}/disable`),
  enableUser: (userId: string) => apiRequest<AdminUserChangeResponse>('POST', `${userPath(userId)}/enable`),
  endSessions: (userId: string) => apiRequest<AdminUserChangeResponse>('POST', `${userPath(userId)}/end-sessions`),
};
