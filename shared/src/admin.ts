import { z } from 'zod';
import { LIMITS } from './constants';
import { UserResponseSchema } from './schemas';

/**
 * User administration (GET/POST /api/admin/users and the actions on one user).
 * Administrators only. Accounts are created with CreateUserRequestSchema.
 */

export const ADMIN_USER_STATUSES = ['active', 'disabled'] as const;
export type AdminUserStatus = (typeof ADMIN_USER_STATUSES)[number];

/** One account as an administrator sees it: who, what kind, whether it can sign in, how many live sessions. */
export const AdminUserSchema = UserResponseSchema.extend({
  status: z.enum(ADMIN_USER_STATUSES),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  /** Sessions not revoked and not yet past their absolute expiry. */
  activeSessions: z.number().int().min(0),
  /** A team manager: sees the caseload of every child whose LCPP is in their organisation (never an auditor). */
  teamManager: z.boolean(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const AdminUserListResponseSchema = z.object({ users: z.array(AdminUserSchema) });
export type AdminUserListResponse = z.infer<typeof AdminUserListResponseSchema>;

/** The answer to disable / enable / end-sessions: the account after the change and how many sessions ended. */
export const AdminUserChangeResponseSchema = z.object({
  user: AdminUserSchema,
  sessionsEnded: z.number().int().min(0),
});
export type AdminUserChangeResponse = z.infer<typeof AdminUserChangeResponseSchema>;

/** POST /api/admin/users/:id/chair-permission: whether the account may convene and chair strategy discussions. */
export const SetChairPermissionRequestSchema = z.strictObject({
  canChair: z.boolean({ error: 'canChair must be true or false' }),
});
export type SetChairPermissionRequest = z.infer<typeof SetChairPermissionRequestSchema>;

/** POST /api/admin/users/:id/team-manager: whether the account is a team manager (its team's caseload). */
export const SetTeamManagerRequestSchema = z.strictObject({
  teamManager: z.boolean({ error: 'teamManager must be true or false' }),
});
export type SetTeamManagerRequest = z.infer<typeof SetTeamManagerRequestSchema>;

/** POST /api/admin/users/:id/organisation: the organisation within the agency the account belongs to (null: none). */
export const SetOrganisationRequestSchema = z.strictObject({
  organisation: z
    .string({ error: 'Organisation must be text' })
    .trim()
    .max(LIMITS.organisationMaxLength, `Organisation must be ${LIMITS.organisationMaxLength} characters or fewer`)
    .nullable()
    .transform((v) => (v === null || v === '' ? null : v)),
});
export type SetOrganisationRequest = z.infer<typeof SetOrganisationRequestSchema>;
