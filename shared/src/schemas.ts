/**
 * Request and response contracts of the HTTP API, defined once with zod.
 * The server validates every body with these; the client types its calls
 * with the inferred types. OpenAPI at /api/docs is generated from them.
 */
import { z } from 'zod';
import { AGENCIES, LIMITS, MEETING_FORMATS, MEETING_ROLES } from './constants';
import { ClockSchema, MeetingLinkSchema, MeetingStatusSchema } from './lifecycle';
import { DOCUMENT_KINDS } from './realtime';
import { MeetingChildInputSchema, MeetingTypeSchema, PathwayMeetingSchema } from './pathway';
import { DocumentTemplateSetSchema } from './templates';

const trimmed = (max: number, label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be ${max} characters or fewer`);

export const EmailSchema = z
  .string({ error: 'Email address is required' })
  .trim()
  .toLowerCase()
  .max(LIMITS.emailMaxLength, 'Email address is too long')
  .pipe(z.email('Enter an email address in the correct format, like name@example.org'));

export const LoginRequestSchema = z.strictObject({
  email: EmailSchema,
  password: z
    .string({ error: 'Password is required' })
    .min(1, 'Password is required')
    .max(LIMITS.passwordMaxLength, 'Password is too long'),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const AgencySchema = z.enum(AGENCIES, { error: `Agency must be one of: ${AGENCIES.join(', ')}` });
export const MeetingRoleSchema = z.enum(MEETING_ROLES, { error: `Role must be one of: ${MEETING_ROLES.join(', ')}` });
export const MeetingFormatSchema = z.enum(MEETING_FORMATS, {
  error: `Format must be one of: ${MEETING_FORMATS.join(', ')}`,
});

export const UserResponseSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  jobTitle: z.string(),
  agency: AgencySchema,
  /** The organisation within the agency ("Testshire Police"), when an administrator has set one. */
  organisation: z.string().nullable(),
  isAdmin: z.boolean(),
  /** Safeguarding partner reviewer: the auditor's workspace, no meetings. */
  isAuditor: z.boolean(),
  /** May convene strategy discussions and chair them (set by administrators; never an auditor). */
  canChair: z.boolean(),
});
export type UserResponse = z.infer<typeof UserResponseSchema>;

/** Password rules for accounts created by the admin CLI. */
export const NewPasswordSchema = z
  .string()
  .min(LIMITS.passwordMinLength, `Password must be at least ${LIMITS.passwordMinLength} characters`)
  .max(LIMITS.passwordMaxLength, 'Password is too long');

export const CreateUserRequestSchema = z
  .strictObject({
    email: EmailSchema,
    password: NewPasswordSchema,
    displayName: trimmed(LIMITS.displayNameMaxLength, 'Display name'),
    jobTitle: trimmed(LIMITS.jobTitleMaxLength, 'Job title'),
    agency: AgencySchema,
    /** The organisation within the agency ("Testshire Police"); optional. */
    organisation: trimmed(LIMITS.organisationMaxLength, 'Organisation').nullable().optional(),
    isAdmin: z.boolean().default(false),
    isAuditor: z.boolean().default(false),
    /** May convene and chair strategy discussions: off unless the administrator ticks it. */
    canChair: z.boolean().default(false),
    /** A MACPT team manager: their caseload is every child whose LCPP is in their organisation (docs/PATHWAY.md). */
    teamManager: z.boolean().optional(),
  })
  .refine((u) => !(u.isAdmin && u.isAuditor), {
    message: 'An account cannot be both an administrator and an auditor',
    path: ['isAuditor'],
  })
  .refine((u) => !(u.canChair && u.isAuditor), {
    message: 'A safeguarding partner reviewer cannot convene or chair meetings',
    path: ['canChair'],
  })
  .refine((u) => !(u.teamManager && u.isAuditor), {
    message: 'A safeguarding partner reviewer cannot be a team manager',
    path: ['teamManager'],
  });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

const isoDateTime = z.iso.datetime({
  offset: true,
  error: 'Enter a date and time in ISO 8601 format, like 2026-03-02T13:00:00Z',
});

export const CreateMeetingRequestSchema = z.strictObject({
  reference: trimmed(LIMITS.meetingReferenceMaxLength, 'Reference')
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'Reference may contain only letters, numbers and hyphens')
    .optional(),
  reason: trimmed(LIMITS.meetingReasonMaxLength, 'Reason'),
  scheduledAt: isoDateTime,
  format: MeetingFormatSchema.default('online'),
  /** Strategy discussion unless given (shared/src/pathway.ts, docs/PATHWAY.md). */
  type: MeetingTypeSchema.default('strategy-discussion'),
  /**
   * The meeting this one follows on the pathway: the strategy discussion whose
   * decision started section 47 enquiries (an ICPC), or the conference or core
   * group before (a core group, a review conference). Required for an ICPC.
   */
  precededByMeetingId: z.uuid({ error: 'precededByMeetingId must be a meeting id' }).optional(),
  /** Each an existing child (`childId`) or a new one; a child is never matched on name alone. */
  children: z
    .array(MeetingChildInputSchema, { error: 'Add at least one child' })
    .min(1, 'Add at least one child')
    .max(LIMITS.childrenPerMeetingMax, `A discussion can cover at most ${LIMITS.childrenPerMeetingMax} children`),
});
export type CreateMeetingRequest = z.input<typeof CreateMeetingRequestSchema>;

export const UpdateMeetingRequestSchema = z
  .strictObject({
    reason: trimmed(LIMITS.meetingReasonMaxLength, 'Reason').optional(),
    scheduledAt: isoDateTime.optional(),
    format: MeetingFormatSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Change at least one of: reason, scheduledAt, format');
export type UpdateMeetingRequest = z.infer<typeof UpdateMeetingRequestSchema>;

export const AddMemberRequestSchema = z.strictObject({
  email: EmailSchema,
  role: MeetingRoleSchema,
  /**
   * Invited for this meeting only (a GP, a school nurse): their access ends a
   * configured time after the meeting concludes (INVITEE_ACCESS_HOURS_AFTER_CONCLUSION).
   */
  invitee: z.boolean({ error: 'invitee must be true or false' }).default(false),
});
export type AddMemberRequest = z.input<typeof AddMemberRequestSchema>;

export const UpdateMemberRequestSchema = z.strictObject({ role: MeetingRoleSchema });
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequestSchema>;

/** A child covered by a meeting. `id` is the meeting's entry for the child (decisions name it); `childId` the child's record. */
export const ChildResponseSchema = z.object({
  id: z.uuid(),
  childId: z.uuid(),
  name: z.string(),
  dateOfBirth: z.string().nullable(),
});
export type ChildResponse = z.infer<typeof ChildResponseSchema>;

export const MemberResponseSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  jobTitle: z.string(),
  agency: AgencySchema,
  /** The organisation within the agency ("Testshire NHS Foundation Trust"), when the account has one. */
  organisation: z.string().nullable(),
  role: MeetingRoleSchema,
  addedAt: z.string(),
  /** Invited for this meeting only: their access ends `accessEndsAt` (set when the meeting concludes). */
  invitee: z.boolean(),
  /** When an invitee's access ends (or ended); null until the meeting concludes, and for other members. */
  accessEndsAt: z.string().nullable(),
});
export type MemberResponse = z.infer<typeof MemberResponseSchema>;

export const MeetingSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  reason: z.string(),
  scheduledAt: z.string(),
  format: MeetingFormatSchema,
  children: z.array(ChildResponseSchema),
  myRole: MeetingRoleSchema,
  memberCount: z.number().int(),
  /** scheduled → live → concluded, moved on by the chair (shared/src/lifecycle.ts). */
  status: MeetingStatusSchema,
  startedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  /** The strategy discussion this one reviews (DOMAIN.md §3.4), if any. */
  reviewOfMeetingId: z.uuid().nullable(),
  type: MeetingTypeSchema,
});
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>;

export const MeetingDetailSchema = MeetingSummarySchema.extend({
  createdAt: z.string(),
  members: z.array(MemberResponseSchema),
  /** Minimum agencies (children's social care, police, health) with no member: a warning, never a block. */
  missingMinimumAgencies: z.array(AgencySchema),
  /** The record's and the safety plan's sections, as copied when the meeting was created (shared/src/templates.ts). */
  templates: DocumentTemplateSetSchema,
  /** The discussion this one reviews, when the caller is a member of it. */
  reviewOf: MeetingLinkSchema.nullable(),
  /** Review discussions of this one the caller is a member of, oldest first. */
  reviews: z.array(MeetingLinkSchema),
  /** The review date the chair set (YYYY-MM-DD), if any. */
  reviewDate: z.string().nullable(),
  /** Statutory clocks (ICPC, record circulation, review) under this deployment's rules. */
  clocks: z.array(ClockSchema),
  /** The meeting this one follows on the pathway, when the caller is a member of it. */
  precededBy: PathwayMeetingSchema.nullable(),
});
export type MeetingDetail = z.infer<typeof MeetingDetailSchema>;

export const MeetingListResponseSchema = z.object({ meetings: z.array(MeetingSummarySchema) });
export type MeetingListResponse = z.infer<typeof MeetingListResponseSchema>;

export const CollabTicketRequestSchema = z.strictObject({
  meetingId: z.uuid({ error: 'meetingId must be a meeting id' }),
  kind: z.enum(DOCUMENT_KINDS, { error: `kind must be one of: ${DOCUMENT_KINDS.join(', ')}` }),
});
export type CollabTicketRequest = z.infer<typeof CollabTicketRequestSchema>;

export const CollabTicketResponseSchema = z.object({
  ticket: z.string(),
  document: z.string(),
  expiresAt: z.string(),
});
export type CollabTicketResponse = z.infer<typeof CollabTicketResponseSchema>;

export const HealthResponseSchema = z.object({
  /** degraded (and HTTP 503): the database does not answer, or Redis is configured and unreachable. */
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['up', 'down']),
  /** disabled: no REDIS_URL (a single instance needs no Redis). */
  redis: z.enum(['up', 'down', 'disabled']),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
