import { z } from 'zod';

/**
 * Circulating the sealed record (DOMAIN.md §3.5 item 13, §6; docs/CIRCULATION.md):
 * the chair sends one sealed version to its recipients — members of the
 * meeting (their own version, in the app), people who are not members such as
 * the GP, the referrer or an absent agency (a single-recipient, expiring link
 * that asks for a one-time code emailed to them), and family members (the
 * family version, through their family sign-in). Emails carry no case content:
 * the reference, the kind of meeting and a link.
 */
export const CIRCULATION_LIMITS = {
  /** Recipients one circulation may name. */
  maxRecipients: 50,
  nameMaxLength: 120,
  organisationMaxLength: 160,
  emailMaxLength: 254,
  /** How long a non-member's link works. */
  linkLifetimeDays: 14,
  /** Digits in a one-time code. */
  codeLength: 6,
  codeLifetimeMinutes: 10,
  /** Wrong codes before a code is spent (a new one must be asked for). */
  codeMaxAttempts: 5,
  /** Codes one link may be sent in an hour. */
  codesPerHour: 5,
  /** Requests (opening a link, asking for a code, trying one) one address may make per window. */
  attemptsPerAddress: 60,
  addressWindowMinutes: 15,
} as const;

export const RECIPIENT_KINDS = ['member', 'non-member', 'family'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * The versions someone who is not a member may be sent: no more than an
 * uninvolved professional's cut. Never a restricted compartment or entry
 * (need-to-know): `shared` (the record without restricted information) or the
 * family version.
 */
export const NON_MEMBER_VARIANTS = ['shared', 'family'] as const;
export type NonMemberVariant = (typeof NON_MEMBER_VARIANTS)[number];
export const NON_MEMBER_VARIANT_LABELS: Record<NonMemberVariant, string> = {
  shared: 'Record without restricted information',
  family: 'Family version',
};

const name = z
  .string({ error: 'Enter their name' })
  .trim()
  .min(1, 'Enter their name')
  .max(CIRCULATION_LIMITS.nameMaxLength, `Name must be ${CIRCULATION_LIMITS.nameMaxLength} characters or fewer`);
const organisation = z
  .string({ error: 'Enter their organisation or role' })
  .trim()
  .min(1, 'Enter their organisation or role, like GP, Riverside Surgery')
  .max(
    CIRCULATION_LIMITS.organisationMaxLength,
    `Organisation or role must be ${CIRCULATION_LIMITS.organisationMaxLength} characters or fewer`,
  );
const email = z
  .string({ error: 'Enter their email address' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter their email address')
  .max(CIRCULATION_LIMITS.emailMaxLength, 'Email address is too long')
  .pipe(z.email('Enter an email address in the correct format, like name@example.org'));

export const NonMemberRecipientSchema = z.strictObject({
  name,
  email,
  organisation,
  variant: z.enum(NON_MEMBER_VARIANTS, {
    error: 'Choose the record without restricted information or the family version',
  }),
});
export type NonMemberRecipient = z.input<typeof NonMemberRecipientSchema>;

/** POST /api/meetings/:id/circulation: send the newest sealed version to these recipients. */
export const CirculateRecordRequestSchema = z
  .strictObject({
    members: z
      .array(z.strictObject({ userId: z.uuid({ error: 'Choose a member of the meeting' }) }))
      .max(CIRCULATION_LIMITS.maxRecipients)
      .default([]),
    nonMembers: z.array(NonMemberRecipientSchema).max(CIRCULATION_LIMITS.maxRecipients).default([]),
    familyMembers: z
      .array(z.strictObject({ participantId: z.uuid({ error: 'Choose a family member of the meeting' }) }))
      .max(CIRCULATION_LIMITS.maxRecipients)
      .default([]),
  })
  .superRefine((value, ctx) => {
    const total = value.members.length + value.nonMembers.length + value.familyMembers.length;
    if (total === 0) ctx.addIssue({ code: 'custom', path: ['members'], message: 'Add at least one recipient' });
    if (total > CIRCULATION_LIMITS.maxRecipients) {
      ctx.addIssue({
        code: 'custom',
        path: ['members'],
        message: `Send to ${CIRCULATION_LIMITS.maxRecipients} recipients or fewer at a time`,
      });
    }
    const dup = <T>(items: readonly T[], key: (t: T) => string, path: string, message: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message });
        seen.add(k);
      });
    };
    dup(value.members, (m) => m.userId, 'members', 'This member is already a recipient');
    dup(value.nonMembers, (m) => m.email, 'nonMembers', 'This email address is already a recipient');
    dup(value.familyMembers, (m) => m.participantId, 'familyMembers', 'This family member is already a recipient');
  });
export type CirculateRecordRequest = z.input<typeof CirculateRecordRequestSchema>;

/** One recipient of a circulation, as the chair sees them. */
export interface CirculationRecipient {
  id: string;
  kind: RecipientKind;
  name: string;
  email: string;
  /** A non-member's organisation or role; a member's agency; a family member's relationship. */
  organisation: string | null;
  version: number;
  variant: string;
  variantLabel: string;
  sentAt: string;
  sentBy: string;
  /** A non-member's link: when it stops working; null for others. */
  linkExpiresAt: string | null;
  /** When they first downloaded the version sent (their own download route, or the link); null: not yet. */
  downloadedAt: string | null;
  /** A newer version has been sealed since this one was sent (an addendum): they have an older version. */
  outdated: boolean;
}

/** Someone the chair may choose: a member of the meeting or one of its family members. */
export interface CirculationCandidate {
  id: string;
  name: string;
  /** Agency and role, or the family member's relationship. */
  description: string;
  email: string;
  /** Why they cannot be sent the record (an observer; access ended), or null. */
  unavailable: string | null;
}

/** GET /api/meetings/:id/circulation (the chair). */
export interface CirculationResponse {
  meetingId: string;
  reference: string;
  /** The newest sealed version (what a new circulation sends); null while none is sealed. */
  latestVersion: number | null;
  /** When the record first went out; null: not circulated yet. */
  firstCirculatedAt: string | null;
  recipients: CirculationRecipient[];
  candidates: { members: CirculationCandidate[]; familyMembers: CirculationCandidate[] };
}

// ---------------------------------------------------------------- a non-member's link (public)

/** The link's token: 32 random bytes, base64url. It travels in the page's fragment and request bodies, never a path. */
export const RecordLinkTokenSchema = z
  .string({ error: 'This link is not complete. Open the link from your email again' })
  .regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete. Open the link from your email again');

/** POST /api/record-links/open and POST /api/record-links/code. */
export const RecordLinkRequestSchema = z.strictObject({ token: RecordLinkTokenSchema });
export type RecordLinkRequest = z.input<typeof RecordLinkRequestSchema>;

/** POST /api/record-links/download: the code from the email; answered with the PDF. */
export const RecordLinkDownloadRequestSchema = z.strictObject({
  token: RecordLinkTokenSchema,
  code: z
    .string({ error: 'Enter the code from the email' })
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the code from the email')
        .regex(
          new RegExp(`^[0-9]{${CIRCULATION_LIMITS.codeLength}}$`),
          `The code is ${CIRCULATION_LIMITS.codeLength} numbers`,
        ),
    ),
});
export type RecordLinkDownloadRequest = z.input<typeof RecordLinkDownloadRequestSchema>;

/** What the link's page shows: no case content, only what the email said. */
export interface RecordLinkResponse {
  reference: string;
  meetingTypeLabel: string;
  version: number;
  variantLabel: string;
  /** The address the code goes to, partly hidden (`g•••@example.org`). */
  emailHint: string;
  expiresAt: string;
}

export const RECORD_LINK_CODE_SENT_MESSAGE = 'We have sent a code to your email address. It works for 10 minutes.';
export const RECORD_LINK_UNKNOWN =
  'This link does not work. Check you copied all of it from the email, or ask the meeting’s chair to send the record again.';
export const RECORD_LINK_EXPIRED = 'This link has expired. Ask the meeting’s chair to send the record to you again.';
export const RECORD_LINK_USED =
  'This link has already been used to download the record. Ask the meeting’s chair to send it to you again.';
export const RECORD_LINK_CODE_REFUSED =
  'That code did not work. It may be wrong, used already or more than 10 minutes old. Ask for a new code.';
export const RECORD_LINK_TOO_MANY = 'Too many tries. Wait 15 minutes, then try again.';

/** The record page's fragment carries the token: `/record-link#<token>`. */
export const RECORD_LINK_PAGE = '/record-link';
