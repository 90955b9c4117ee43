import { z } from 'zod';
import type { MeetingType } from './pathway';

/**
 * Family members taking part (DOMAIN-PATHWAY §7, docs/FAMILY.md): parents,
 * carers, young people and the family network, invited to one meeting by its
 * chair or coordinator. They sign in with a one-time code emailed to the
 * address they were invited with, never a password, and see only the family
 * view of that meeting.
 */
export const FAMILY_RELATIONSHIPS = ['parent', 'carer', 'young-person', 'family-network'] as const;
export type FamilyRelationship = (typeof FAMILY_RELATIONSHIPS)[number];
export const FamilyRelationshipSchema = z.enum(FAMILY_RELATIONSHIPS, {
  error: `Relationship must be one of: ${FAMILY_RELATIONSHIPS.join(', ')}`,
});
export const FAMILY_RELATIONSHIP_LABELS: Record<FamilyRelationship, string> = {
  parent: 'Parent or person with parental responsibility',
  carer: 'Carer',
  'young-person': 'Young person',
  'family-network': 'Family network member',
};

export const FAMILY_LIMITS = {
  displayNameMaxLength: 120,
  emailMaxLength: 254,
  /** Digits in a one-time sign-in code. */
  codeLength: 6,
  /** How long a code lasts. */
  codeLifetimeMinutes: 10,
  /** Wrong codes before a code is spent (a new one must be asked for). */
  codeMaxAttempts: 5,
  /** Codes one invitation may be sent in an hour. */
  codesPerHour: 5,
  /** How long a family session lasts without signing in again. */
  sessionHours: 8,
  /** Sign-in attempts (codes tried) one address may make per window, whatever the meeting. */
  signInAttemptsPerAddress: 60,
  /** Codes one address may ask for per window, whatever the meeting. */
  codeRequestsPerAddress: 60,
  /** The window of both per-address limits. */
  addressWindowMinutes: 15,
  /** Mail outbox page size for administrators. */
  outboxPageSize: 50,
} as const;

// ---------------------------------------------------------------------------
// Signing in with a one-time code (docs/FAMILY.md, "Signing in")
// ---------------------------------------------------------------------------

const MEETING_REFERENCE_MAX_LENGTH = 40;

const meetingReference = z
  .string({ error: 'Enter the meeting reference from your invitation email' })
  .trim()
  .min(1, 'Enter the meeting reference from your invitation email')
  .max(
    MEETING_REFERENCE_MAX_LENGTH,
    `The meeting reference must be ${MEETING_REFERENCE_MAX_LENGTH} characters or fewer`,
  )
  .regex(
    /^([A-Za-z0-9][A-Za-z0-9-]*)?$/,
    'The meeting reference has only letters, numbers and hyphens, like ICPC-2026-0001',
  )
  .transform((v) => v.toUpperCase());

const familyEmail = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address')
  .max(FAMILY_LIMITS.emailMaxLength, 'Email address is too long')
  .pipe(z.email('Enter an email address in the correct format, like name@example.org'));

/** POST /api/family/sign-in/code: email me a code. Always answered 202 the same way (no one learns who is invited). */
export const FamilyCodeRequestSchema = z.strictObject({
  meetingReference,
  email: familyEmail,
});
export type FamilyCodeRequest = z.input<typeof FamilyCodeRequestSchema>;

/** The one answer to a code request. */
export const FAMILY_CODE_SENT_MESSAGE =
  'If that email address was invited to this meeting, we have sent a code to it. The code works for 10 minutes.';
export interface FamilyCodeResponse {
  message: string;
}

/** POST /api/family/sign-in: the code from the email. */
export const FamilySignInRequestSchema = z.strictObject({
  meetingReference,
  email: familyEmail,
  code: z
    .string({ error: 'Enter the code from the email' })
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the code from the email')
        .regex(new RegExp(`^[0-9]{${FAMILY_LIMITS.codeLength}}$`), `The code is ${FAMILY_LIMITS.codeLength} numbers`),
    ),
});
export type FamilySignInRequest = z.input<typeof FamilySignInRequestSchema>;

/** The one refusal for a wrong, expired or already used code (the audit trail records which). */
export const FAMILY_CODE_REFUSED_MESSAGE =
  'That code did not work. It may be wrong, used already or more than 10 minutes old. Ask for a new code.';
/** The refusal on a family page without a family session. */
export const FAMILY_SIGN_IN_REQUIRED = 'Sign in with the code we emailed you';
/** Too many tries from one place. */
export const FAMILY_TOO_MANY_ATTEMPTS = 'Too many tries. Wait 15 minutes, then ask for a new code.';

/** The meeting a family member is signed in to, as they may see it. */
export interface FamilyMeetingSummary {
  id: string;
  reference: string;
  /** The meeting's type (`fgdm` opens the family's plan page). */
  type: MeetingType;
  typeLabel: string;
  scheduledAt: string;
  status: 'scheduled' | 'live' | 'concluded';
}

/** GET /api/family/session and POST /api/family/sign-in. */
export interface FamilySessionResponse {
  member: { participantId: string; displayName: string; relationship: FamilyRelationship };
  meeting: FamilyMeetingSummary;
}

// ---------------------------------------------------------------------------
// Chairs invite family members (/api/meetings/:id/family-members)
// ---------------------------------------------------------------------------

export const InviteFamilyMemberRequestSchema = z.strictObject({
  displayName: z
    .string({ error: 'Enter their name' })
    .trim()
    .min(1, 'Enter their name')
    .max(FAMILY_LIMITS.displayNameMaxLength, `Name must be ${FAMILY_LIMITS.displayNameMaxLength} characters or fewer`),
  email: familyEmail,
  relationship: FamilyRelationshipSchema,
});
export type InviteFamilyMemberRequest = z.input<typeof InviteFamilyMemberRequestSchema>;

export const FAMILY_MEMBER_STATUSES = ['invited', 'access-ended', 'revoked'] as const;
export type FamilyMemberStatus = (typeof FAMILY_MEMBER_STATUSES)[number];

/** One invited family member, as the meeting's professionals see them. */
export interface FamilyMemberResponse {
  id: string;
  displayName: string;
  email: string;
  relationship: FamilyRelationship;
  invitedAt: string;
  invitedBy: string | null;
  accessEndsAt: string | null;
  revokedAt: string | null;
  status: FamilyMemberStatus;
}

export interface FamilyMemberListResponse {
  familyMembers: FamilyMemberResponse[];
}

// ---------------------------------------------------------------------------
// The mail outbox (administrators: GET /api/admin/outbox)
// ---------------------------------------------------------------------------

export interface OutboxMessage {
  id: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  createdAt: string;
  sentAt: string | null;
  transport: 'outbox' | 'smtp';
  error: string | null;
  /** A calendar invitation (ICS) went with it: its METHOD (REQUEST or CANCEL), else null. */
  calendarMethod: 'REQUEST' | 'CANCEL' | null;
  /** Hand-overs to the mail server so far (0 for the outbox only). */
  attempts: number;
  /** When the next hand-over is due, while an SMTP message is neither sent nor given up. */
  nextAttemptAt: string | null;
  /** When the server stopped trying: refused for good, or after the last try. */
  givenUpAt: string | null;
}

export interface OutboxPage {
  messages: OutboxMessage[];
  page: number;
  pageSize: number;
  total: number;
}

export const OutboxQuerySchema = z.strictObject({
  page: z.coerce
    .number({ error: 'Page must be a number' })
    .int('Page must be a whole number')
    .min(1, 'Page must be 1 or more')
    .max(100_000, 'Page is too large')
    .default(1),
});
