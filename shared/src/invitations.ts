import { z } from 'zod';
import { LIMITS } from './constants';
import { AgencySchema, EmailSchema, NewPasswordSchema } from './schemas';

/**
 * Invitations by email (docs/EMAIL.md): a calendar invitation (ICS) to every
 * professional added to a meeting, and an invitation for someone without an
 * account, bound to their email address, used once, expiring.
 */

/** How long an invitation for someone without an account lasts. */
export const ACCOUNT_INVITATION_DAYS = 7;

/** Roles someone without an account can be invited with: a new account cannot chair (administrators allow that). */
export const ACCOUNT_INVITATION_ROLES = ['participant', 'minute-taker', 'observer'] as const;
export type AccountInvitationRole = (typeof ACCOUNT_INVITATION_ROLES)[number];

/** How long a meeting lasts in the calendar invitation (meetings have a start only). */
export const CALENDAR_EVENT_MINUTES = 60;

const trimmed = (max: number, label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be ${max} characters or fewer`);

/** POST /api/meetings/:id/account-invitations (chair, step-up). */
export const InviteWithoutAccountRequestSchema = z.strictObject({
  email: EmailSchema,
  role: z.enum(ACCOUNT_INVITATION_ROLES, {
    error: 'Role must be participant, minute-taker or observer: someone new cannot chair',
  }),
  /** The agency the new account belongs to (as an administrator sets it). */
  agency: AgencySchema,
  /** The organisation within the agency ("Testshire Police"); optional. */
  organisation: z
    .string({ error: 'Organisation must be text' })
    .trim()
    .max(LIMITS.organisationMaxLength, `Organisation must be ${LIMITS.organisationMaxLength} characters or fewer`)
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v)),
});
export type InviteWithoutAccountRequest = z.input<typeof InviteWithoutAccountRequestSchema>;

export const ACCOUNT_INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type AccountInvitationStatus = (typeof ACCOUNT_INVITATION_STATUSES)[number];

/** One invitation as the meeting's chair sees it (never its token). */
export const AccountInvitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ACCOUNT_INVITATION_ROLES),
  agency: AgencySchema,
  organisation: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  /** When the chair withdrew it (its link stopped working then). */
  revokedAt: z.string().nullable(),
  status: z.enum(ACCOUNT_INVITATION_STATUSES),
});
export type AccountInvitation = z.infer<typeof AccountInvitationSchema>;

export const AccountInvitationListSchema = z.object({ invitations: z.array(AccountInvitationSchema) });
export type AccountInvitationList = z.infer<typeof AccountInvitationListSchema>;

/** The invitation's secret, from the link's fragment (`/invitations/accept#token=…`): sent in bodies, never in a URL. */
export const InvitationTokenSchema = z
  .string({ error: 'The invitation link is incomplete: open the link in the email again' })
  .regex(/^[A-Za-z0-9_-]{43}$/, 'The invitation link is incomplete: open the link in the email again');

/** POST /api/invitations/preview and POST /api/invitations/accept-signed-in. */
export const InvitationTokenRequestSchema = z.strictObject({ token: InvitationTokenSchema });
export type InvitationTokenRequest = z.infer<typeof InvitationTokenRequestSchema>;

/** What the accept page shows: the meeting by reference, type and time only (no case content). */
export const InvitationPreviewSchema = z.object({
  email: z.string(),
  role: z.enum(ACCOUNT_INVITATION_ROLES),
  agency: AgencySchema,
  organisation: z.string().nullable(),
  meetingReference: z.string(),
  meetingTypeLabel: z.string(),
  scheduledAt: z.string(),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

/** POST /api/invitations/accept: set up an account (name, job title, password) and join the meeting. */
export const AcceptInvitationRequestSchema = z.strictObject({
  token: InvitationTokenSchema,
  displayName: trimmed(LIMITS.displayNameMaxLength, 'Your name'),
  jobTitle: trimmed(LIMITS.jobTitleMaxLength, 'Job title'),
  password: NewPasswordSchema,
});
export type AcceptInvitationRequest = z.infer<typeof AcceptInvitationRequestSchema>;

/** The answer to an acceptance: the meeting joined, and the account's email (to sign in with). */
export const AcceptInvitationResponseSchema = z.object({ meetingId: z.uuid(), email: z.string() });
export type AcceptInvitationResponse = z.infer<typeof AcceptInvitationResponseSchema>;
