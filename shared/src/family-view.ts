import { z } from 'zod';

/**
 * What a signed-in family member sees of their meeting (docs/FAMILY.md "The
 * family view"): only family-facing content, their own contributions, the
 * reports shared with the parents, attendance and the safety plan they sign.
 * Every field here is an allow-list: nothing of a professional's identity,
 * no restricted compartment or entry, no protected person's name.
 */

export const FAMILY_VIEW_LIMITS = {
  viewMaxLength: 5000,
  typedNameMaxLength: 120,
  reasonMaxLength: 1000,
  languageMaxLength: 80,
  advocateMaxLength: 120,
} as const;

/** Shown instead of any live content while part of the meeting is held without the family. */
export const CONTINUING_WITHOUT_FAMILY =
  'The meeting is continuing without family members for a while. You will be able to see what has been shared with you again when they have finished this part.';

/** 409 when the safety plan changed after the family member opened it. */
export const SAFETY_PLAN_CHANGED = 'The safety plan has changed since you opened it. Read it again before signing.';
/** 400 when the typed name is not the family member's name. */
export const TYPED_NAME_MISMATCH = 'Type your name exactly as it appears at the top of this page to sign';
export const VIEWS_CLOSED =
  'The meeting has finished, so views can no longer be added. Contact the chair or your social worker.';
export const SIGNING_WITHOUT_FAMILY =
  'You cannot sign the safety plan while the meeting is continuing without family members';

const requiredText = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

// ---------------------------------------------------------------- the meeting

/** A paragraph as the family sees it: its text, or the withheld sentence (`withheld: true`). */
export const FamilyParagraphSchema = z.object({
  text: z.string(),
  withheld: z.boolean(),
  heading: z.boolean(),
  listItem: z.boolean(),
});
export type FamilyParagraph = z.infer<typeof FamilyParagraphSchema>;

export const FamilySectionSchema = z.object({
  key: z.string(),
  title: z.string(),
  paragraphs: z.array(FamilyParagraphSchema),
});
export type FamilySection = z.infer<typeof FamilySectionSchema>;

export const FamilyDecisionSchema = z.object({
  question: z.string(),
  outcome: z.array(z.string()),
  reasons: z.string().nullable(),
  views: z.array(z.object({ agency: z.string(), recommendation: z.string(), reasons: z.string() })),
  dissents: z.array(z.object({ agency: z.string(), reasons: z.string() })),
});
export type FamilyDecision = z.infer<typeof FamilyDecisionSchema>;

export const FamilyActionSchema = z.object({
  description: z.string(),
  agency: z.string(),
  dueAt: z.string(),
  status: z.string(),
});

export const FamilyReportSchema = z.object({
  /** The agency's name, never the author's. */
  agency: z.string(),
  text: z.string(),
  sharedAt: z.string().nullable(),
});
export type FamilyReport = z.infer<typeof FamilyReportSchema>;

// ---------------------------------------------------------------- attendance

export const FAMILY_ATTENDANCE_STATUSES = ['present', 'absent', 'excluded-from-part'] as const;
export type FamilyAttendanceStatus = (typeof FAMILY_ATTENDANCE_STATUSES)[number];
export const FAMILY_ATTENDANCE_LABELS: Record<FamilyAttendanceStatus, string> = {
  present: 'Present',
  absent: 'Absent',
  'excluded-from-part': 'Excluded from part of the meeting',
};
/** What the family member reads about themselves. */
export const FAMILY_ATTENDANCE_PLAIN: Record<FamilyAttendanceStatus | 'not-recorded', string> = {
  'not-recorded': 'The chair has not recorded your attendance yet.',
  present: 'You are recorded as taking part in the meeting.',
  absent: 'You are recorded as not attending the meeting.',
  'excluded-from-part':
    'You are recorded as taking part, but not in one part of the meeting that was held without you.',
};

const optionalShort = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .transform((v) => (v === '' ? null : v))
    .nullish()
    .transform((v) => v ?? null);

export const SetFamilyAttendanceRequestSchema = z
  .strictObject({
    status: z.enum(FAMILY_ATTENDANCE_STATUSES, {
      error: `Status must be one of: ${FAMILY_ATTENDANCE_STATUSES.join(', ')}`,
    }),
    partId: z.uuid({ error: 'Choose the part of the meeting they were excluded from' }).nullish(),
    reason: optionalShort(FAMILY_VIEW_LIMITS.reasonMaxLength, 'The reason'),
    interpreterLanguage: optionalShort(FAMILY_VIEW_LIMITS.languageMaxLength, 'The interpreter’s language'),
    advocateName: optionalShort(FAMILY_VIEW_LIMITS.advocateMaxLength, 'The advocate’s name'),
    advocateOrganisation: optionalShort(FAMILY_VIEW_LIMITS.advocateMaxLength, 'The advocate’s organisation'),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'excluded-from-part') {
      if (!v.partId)
        ctx.addIssue({
          code: 'custom',
          path: ['partId'],
          message: 'Choose the part of the meeting they were excluded from',
        });
      if (!v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter the reason they were excluded' });
    } else if (v.partId) {
      ctx.addIssue({
        code: 'custom',
        path: ['partId'],
        message: 'A part is recorded only when they were excluded from it',
      });
    }
  });
export type SetFamilyAttendanceRequest = z.output<typeof SetFamilyAttendanceRequestSchema>;

export const FamilyAttendanceSchema = z.object({
  participantId: z.uuid(),
  displayName: z.string(),
  relationship: z.string(),
  status: z.enum(FAMILY_ATTENDANCE_STATUSES).nullable(),
  partId: z.string().nullable(),
  reason: z.string().nullable(),
  interpreterLanguage: z.string().nullable(),
  advocateName: z.string().nullable(),
  advocateOrganisation: z.string().nullable(),
  recordedAt: z.string().nullable(),
});
export type FamilyAttendance = z.infer<typeof FamilyAttendanceSchema>;
export const FamilyAttendanceListSchema = z.object({ attendance: z.array(FamilyAttendanceSchema) });
export type FamilyAttendanceList = z.infer<typeof FamilyAttendanceListSchema>;

/** The family member's own attendance, in plain words (no exclusion reason: that is for professionals). */
export const OwnAttendanceSchema = z.object({
  status: z.enum([...FAMILY_ATTENDANCE_STATUSES, 'not-recorded']),
  text: z.string(),
  interpreterLanguage: z.string().nullable(),
  advocate: z.string().nullable(),
});
export type OwnAttendance = z.infer<typeof OwnAttendanceSchema>;

// ---------------------------------------------------------------- views

export const SubmitFamilyViewRequestSchema = z.strictObject({
  text: requiredText(FAMILY_VIEW_LIMITS.viewMaxLength, 'what you want the meeting to know'),
});
export type SubmitFamilyViewRequest = z.output<typeof SubmitFamilyViewRequestSchema>;

export const FamilyViewSchema = z.object({
  id: z.uuid(),
  participantId: z.uuid(),
  /** The family member's name (professionals) or "You" (the family member's own). */
  author: z.string(),
  relationship: z.string(),
  text: z.string(),
  submittedAt: z.string(),
  /** Before the meeting started, during it, or (never accepted) after. */
  when: z.enum(['before', 'during']),
});
export type FamilyView = z.infer<typeof FamilyViewSchema>;
export const FamilyViewsResponseSchema = z.object({ views: z.array(FamilyViewSchema) });
export type FamilyViewsResponse = z.infer<typeof FamilyViewsResponseSchema>;

// ---------------------------------------------------------------- the meeting as the family sees it

export const FamilyMeetingResponseSchema = z.object({
  meeting: z.object({
    reference: z.string(),
    typeLabel: z.string(),
    scheduledAt: z.string(),
    status: z.enum(['scheduled', 'live', 'concluded']),
  }),
  you: z.object({ displayName: z.string(), relationship: z.string() }),
  children: z.array(z.string()),
  /** A part without the family is live: no live content below, `continuing` says why. */
  withoutFamily: z.boolean(),
  continuing: z.string().nullable(),
  record: z.array(FamilySectionSchema),
  safetyPlan: z.array(FamilySectionSchema),
  decisions: z.array(FamilyDecisionSchema),
  actions: z.array(FamilyActionSchema),
  reports: z.array(FamilyReportSchema),
  attendance: OwnAttendanceSchema,
  views: z.array(FamilyViewSchema),
  canAddViews: z.boolean(),
});
export type FamilyMeetingResponse = z.infer<typeof FamilyMeetingResponseSchema>;

// ---------------------------------------------------------------- the safety plan and signatures

export const SafetyPlanSignatureSchema = z.object({
  id: z.uuid(),
  participantId: z.uuid(),
  displayName: z.string(),
  versionHash: z.string(),
  signedAt: z.string(),
  /** The signature is for the plan as it is now. */
  current: z.boolean(),
});
export type SafetyPlanSignature = z.infer<typeof SafetyPlanSignatureSchema>;

export const FamilySafetyPlanResponseSchema = z.object({
  /** The signed-in family member: the name they type to sign. */
  you: z.object({ participantId: z.uuid(), displayName: z.string() }),
  withoutFamily: z.boolean(),
  continuing: z.string().nullable(),
  sections: z.array(FamilySectionSchema),
  /** sha256 (hex) of the canonical form of exactly `sections`; null while the meeting continues without the family. */
  versionHash: z.string().nullable(),
  signatures: z.array(SafetyPlanSignatureSchema),
});
export type FamilySafetyPlanResponse = z.infer<typeof FamilySafetyPlanResponseSchema>;

export const SignSafetyPlanRequestSchema = z.strictObject({
  typedName: requiredText(FAMILY_VIEW_LIMITS.typedNameMaxLength, 'your name'),
  versionHash: z
    .string({ error: 'The version of the safety plan you read is missing: open it again' })
    .regex(/^[0-9a-f]{64}$/, 'The version of the safety plan you read is missing: open it again'),
});
export type SignSafetyPlanRequest = z.output<typeof SignSafetyPlanRequestSchema>;

export const SafetyPlanSignaturesResponseSchema = z.object({
  versionHash: z.string().nullable(),
  signatures: z.array(SafetyPlanSignatureSchema),
});
export type SafetyPlanSignaturesResponse = z.infer<typeof SafetyPlanSignaturesResponseSchema>;

/**
 * The canonical form hashed for a signature: exactly the text the family is
 * shown, section by section (title, then each paragraph's text), as JSON.
 */
export function canonicalSafetyPlan(sections: readonly FamilySection[]): string {
  return JSON.stringify(sections.map((s) => [s.title, s.paragraphs.map((p) => p.text)]));
}

/** Whether a typed name is the family member's name (trimmed, case-insensitive). */
export function typedNameMatches(typed: string, displayName: string): boolean {
  return typed.trim().toLocaleLowerCase('en-GB') === displayName.trim().toLocaleLowerCase('en-GB');
}

// ---------------------------------------------------------------- the sealed record

export const FamilyRecordVersionsSchema = z.object({
  reference: z.string(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      sealedAt: z.string(),
      files: z.array(
        z.object({ format: z.enum(['pdf', 'html']), sha256: z.string(), bytes: z.number(), href: z.string() }),
      ),
    }),
  ),
});
export type FamilyRecordVersions = z.infer<typeof FamilyRecordVersionsSchema>;

export const familyRecordHref = (version: number, format: 'pdf' | 'html') =>
  `/api/family/record/versions/${version}/family.${format}`;
