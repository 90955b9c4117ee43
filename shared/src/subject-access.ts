import { z } from 'zod';

/**
 * Subject access requests (docs/SUBJECT-ACCESS.md): an administrator (with
 * step-up) assembles everything Roundtable holds about one person — a child,
 * a family member, a professional — redacts items or spans of text with a
 * reason from the DPA 2018 exemptions, a second administrator signs the
 * redactions off, and only then is the redacted bundle exported (PDF + JSON),
 * its SHA-256 written to the audit trail. Routes: /api/admin/subject-access/…
 */

/** Whom a request is about, and how they are named. */
export const SUBJECT_KINDS = ['child', 'family-member', 'professional'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  child: 'A child (their child record)',
  'family-member': 'A parent or family member (by the email they were invited with)',
  professional: 'A professional (their account)',
};

/**
 * Why something is withheld: the DPA 2018 exemptions that apply to this
 * service's records. The codes are what the trail and the JSON carry.
 */
export const REDACTION_EXEMPTIONS = [
  'third-party',
  'health-serious-harm',
  'social-work-serious-harm',
  'education-serious-harm',
  'child-abuse-data',
  'crime-and-taxation',
  'legal-professional-privilege',
] as const;
export type RedactionExemption = (typeof REDACTION_EXEMPTIONS)[number];

export const REDACTION_EXEMPTION_LABELS: Record<RedactionExemption, string> = {
  'third-party': 'Information about another person (DPA 2018 Schedule 2 paragraph 16)',
  'health-serious-harm': 'Health data: serious harm test (DPA 2018 Schedule 3 Part 2)',
  'social-work-serious-harm': 'Social work data: serious harm test (DPA 2018 Schedule 3 Part 3)',
  'education-serious-harm': 'Education data: serious harm test (DPA 2018 Schedule 3 Part 4)',
  'child-abuse-data': 'Child abuse data not in the child’s best interests (DPA 2018 Schedule 3 Part 5)',
  'crime-and-taxation': 'Prevention or detection of crime (DPA 2018 Schedule 2 paragraph 2)',
  'legal-professional-privilege': 'Legal professional privilege (DPA 2018 Schedule 2 paragraph 19)',
};

/** What the bundle prints where something was redacted (never the text, never the note). */
export function redactionNotice(exemption: RedactionExemption): string {
  return `[Redacted: ${REDACTION_EXEMPTION_LABELS[exemption]}]`;
}

export const SUBJECT_ACCESS_STATUSES = ['open', 'signed-off'] as const;
export type SubjectAccessStatus = (typeof SUBJECT_ACCESS_STATUSES)[number];

/** Kinds of item a bundle holds (docs/SUBJECT-ACCESS.md "What is held about a person"). */
export const SUBJECT_ITEM_KINDS = [
  'child-record',
  'household-member',
  'account',
  'meeting',
  'membership',
  'attendance',
  'apology',
  'family-invitation',
  'family-attendance',
  'family-view',
  'family-plan',
  'decision',
  'agency-view',
  'la-decision',
  'action',
  'conference-outcome',
  'plan',
  'agency-report',
  'sharing-decision',
  'record-section',
  'safety-plan-section',
  'safety-plan-signature',
  'safety-score',
  'restricted',
  'protected-person',
  'addendum',
  'fgdm-bottom-line',
  'fgdm-support-item',
  'email',
  'audit-entry',
] as const;
export type SubjectItemKind = (typeof SUBJECT_ITEM_KINDS)[number];

export const SUBJECT_ITEM_KIND_LABELS: Record<SubjectItemKind, string> = {
  'child-record': 'Child record',
  'household-member': 'Household member',
  account: 'Account',
  meeting: 'Meeting',
  membership: 'Meeting membership',
  attendance: 'Attendance',
  apology: 'Apology',
  'family-invitation': 'Family invitation',
  'family-attendance': 'Family attendance',
  'family-view': 'Family view',
  'family-plan': 'Family plan',
  decision: 'Decision',
  'agency-view': 'Agency view',
  'la-decision': 'Local authority decision',
  action: 'Action',
  'conference-outcome': 'Conference outcome',
  plan: 'Child protection plan',
  'agency-report': 'Agency report',
  'sharing-decision': 'Information sharing decision',
  'record-section': 'Record section',
  'safety-plan-section': 'Safety plan section',
  'safety-plan-signature': 'Safety plan signature',
  'safety-score': 'Safety scaling score',
  restricted: 'Restricted information',
  'protected-person': 'Protected person',
  addendum: 'Addendum to the record',
  'fgdm-bottom-line': 'Family group conference bottom line',
  'fgdm-support-item': 'Family group conference support item',
  email: 'Email sent',
  'audit-entry': 'Audit entry',
};

const NOTE_MAX = 2000;
const REFERENCE_MAX = 60;
const uuid = (what: string) => z.uuid({ error: `${what} must be an id` });

/** POST /api/admin/subject-access: open a request. */
export const OpenSubjectAccessRequestSchema = z.strictObject({
  subject: z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('child'), childId: uuid('childId') }),
      z.strictObject({
        kind: z.literal('family-member'),
        email: z
          .string({ error: 'email must be text' })
          .trim()
          .toLowerCase()
          .pipe(z.email({ error: 'Enter the email address the family member was invited with' })),
      }),
      z.strictObject({ kind: z.literal('professional'), userId: uuid('userId') }),
    ],
    { error: `subject.kind must be one of: ${SUBJECT_KINDS.join(', ')}` },
  ),
  /** The organisation's own reference for the request (e.g. its DPO case number). Not personal data. */
  reference: z
    .string({ error: 'reference must be text' })
    .trim()
    .min(1, 'Enter the request’s reference')
    .max(REFERENCE_MAX, `reference must be ${REFERENCE_MAX} characters or fewer`)
    .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'reference may hold letters, digits and / _ . - only'),
});
export type OpenSubjectAccessRequest = z.input<typeof OpenSubjectAccessRequestSchema>;

/** POST /api/admin/subject-access/:id/redactions: withhold an item, or a span of its text. */
export const AddRedactionRequestSchema = z.strictObject({
  itemKey: z.string({ error: 'itemKey must be text' }).min(1, 'itemKey is required').max(200),
  /** A span of the item's text, [start, end) in UTF-16 code units; absent: the whole item. */
  span: z
    .strictObject({
      start: z.number({ error: 'span.start must be a number' }).int().min(0, 'span.start must be 0 or more'),
      end: z.number({ error: 'span.end must be a number' }).int().min(1, 'span.end must be after span.start'),
    })
    .refine((s) => s.end > s.start, { message: 'span.end must be after span.start', path: ['end'] })
    .optional(),
  exemption: z.enum(REDACTION_EXEMPTIONS, {
    error: `exemption must be one of: ${REDACTION_EXEMPTIONS.join(', ')}`,
  }),
  note: z
    .string({ error: 'note must be text' })
    .trim()
    .min(1, 'Enter why this is withheld')
    .max(NOTE_MAX, `note must be ${NOTE_MAX} characters or fewer`),
});
export type AddRedactionRequest = z.input<typeof AddRedactionRequestSchema>;

export const SubjectItemSchema = z.object({
  /**
   * Stable: `<kind>:<source id>` (a record section: `record-section:<meeting>/<version>/<section key>`, its
   * version `live` when read from the live, unsealed document).
   */
  key: z.string(),
  kind: z.enum(SUBJECT_ITEM_KINDS),
  meetingId: z.uuid().nullable(),
  meetingReference: z.string().nullable(),
  at: z.string().nullable(),
  title: z.string(),
  text: z.string(),
  /** Assembly's hint: this item names someone else (e.g. another household member). */
  suggested: z.enum(REDACTION_EXEMPTIONS).nullable(),
});
export type SubjectItem = z.infer<typeof SubjectItemSchema>;

export const RedactionSchema = z.object({
  id: z.uuid(),
  itemKey: z.string(),
  span: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
  exemption: z.enum(REDACTION_EXEMPTIONS),
  note: z.string(),
  redactedBy: z.object({ userId: z.uuid(), displayName: z.string() }),
  redactedAt: z.string(),
});
export type Redaction = z.infer<typeof RedactionSchema>;

export const SubjectAccessSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  subjectKind: z.enum(SUBJECT_KINDS),
  subjectName: z.string(),
  status: z.enum(SUBJECT_ACCESS_STATUSES),
  openedBy: z.object({ userId: z.uuid(), displayName: z.string() }),
  openedAt: z.string(),
  signedOffBy: z.object({ userId: z.uuid(), displayName: z.string() }).nullable(),
  signedOffAt: z.string().nullable(),
  /** SHA-256 of the assembled items the reviewer signed off (hex). */
  contentSha256: z.string().nullable(),
  redactionCount: z.number().int(),
});
export type SubjectAccessSummary = z.infer<typeof SubjectAccessSummarySchema>;

export const SubjectAccessListResponseSchema = z.object({ requests: z.array(SubjectAccessSummarySchema) });
export type SubjectAccessListResponse = z.infer<typeof SubjectAccessListResponseSchema>;

/** One request as its administrators work on it: every item, unredacted, with the redactions beside. */
export const SubjectAccessDetailSchema = SubjectAccessSummarySchema.extend({
  items: z.array(SubjectItemSchema),
  redactions: z.array(RedactionSchema),
});
export type SubjectAccessDetail = z.infer<typeof SubjectAccessDetailSchema>;

export const SUBJECT_ACCESS_EXPORT_FORMATS = ['pdf', 'json'] as const;
export type SubjectAccessExportFormat = (typeof SUBJECT_ACCESS_EXPORT_FORMATS)[number];

export const SubjectAccessExportQuerySchema = z.strictObject({
  format: z.enum(SUBJECT_ACCESS_EXPORT_FORMATS, { error: 'format must be pdf or json' }),
});

/** The bundle's JSON (what the subject receives), schema version 1. */
export const SUBJECT_ACCESS_BUNDLE_SCHEMA_VERSION = 1;
export const SubjectAccessBundleSchema = z.object({
  schemaVersion: z.literal(SUBJECT_ACCESS_BUNDLE_SCHEMA_VERSION),
  reference: z.string(),
  subject: z.object({ kind: z.enum(SUBJECT_KINDS), name: z.string() }),
  signedOffAt: z.string(),
  items: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(SUBJECT_ITEM_KINDS),
      meetingReference: z.string().nullable(),
      at: z.string().nullable(),
      /** null when the whole item is withheld. */
      title: z.string().nullable(),
      text: z.string().nullable(),
      /** Exemption codes applied to this item (whole or spans), in order. */
      redactions: z.array(z.enum(REDACTION_EXEMPTIONS)),
    }),
  ),
});
export type SubjectAccessBundle = z.infer<typeof SubjectAccessBundleSchema>;

/** Header carrying the SHA-256 (hex) of the exported file, as written to the trail. */
export const SUBJECT_ACCESS_SHA256_HEADER = 'X-Bundle-SHA256';
