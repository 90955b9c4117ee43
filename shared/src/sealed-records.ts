/**
 * The sealed record (DOMAIN.md §3.5, §3.8, §6 "Records", §7): when a strategy
 * discussion concludes, the server renders the final record once, as an
 * accessible HTML page and a tagged PDF, in two variants, and stores each
 * file with its SHA-256. Every signed-off addendum adds a new version; earlier
 * versions are kept unchanged.
 */
import { z } from 'zod';
import { LIMITS } from './constants';

/**
 * Each sealed version is rendered once for every audience that exists
 * (docs/SEALED-RECORDS.md "Versions per reader"):
 * - `complete`: everything, restricted content marked with its audience (the chair; auditors);
 * - `shared`: no restricted content at all, each omission stated where it was (members in no audience);
 * - `audience-<agencies>`: one for each other distinct set of restricted content some member may
 *   read, named after its readers' agencies, e.g. `audience-police` (`-2`, `-3` when two sets
 *   would share a name);
 * - `family`: the family version, only what is marked family-facing (DOMAIN.md §3.8, §7).
 * Versions sealed before per-reader records have `complete` (formerly `full`) and `family` only.
 */
export const SEALED_RECORD_BASE_VARIANTS = ['complete', 'shared', 'family'] as const;
export type SealedRecordBaseVariant = (typeof SEALED_RECORD_BASE_VARIANTS)[number];
/** A variant name: one of the base variants or `audience-<slug>`; lower case, readable in a URL. */
export type SealedRecordVariant = string;
export const SEALED_RECORD_VARIANT_PATTERN = /^(complete|shared|family|audience-[a-z0-9]+(-[a-z0-9]+)*)$/;
export const SealedRecordVariantSchema = z.string().max(100).regex(SEALED_RECORD_VARIANT_PATTERN);

const VARIANT_LABELS: Record<SealedRecordBaseVariant, string> = {
  complete: 'Complete record',
  shared: 'Record without restricted information',
  family: 'Family version',
};

/** How each agency is written in an `audience-…` variant name: one word each, so names split on `-`. */
export const SEALED_RECORD_AGENCY_SLUGS = {
  'childrens-social-care': 'socialcare',
  police: 'police',
  health: 'health',
  education: 'education',
  other: 'other',
} as const;

const SLUG_WORDS: Record<string, string> = {
  socialcare: "children's social care",
  police: 'police',
  health: 'health',
  education: 'education',
  other: 'other agencies',
};

/**
 * A variant's name for people: "Complete record", "Family version", "Record for police readers",
 * "Record for police and health readers (2)".
 */
export function sealedRecordVariantLabel(variant: SealedRecordVariant): string {
  if ((SEALED_RECORD_BASE_VARIANTS as readonly string[]).includes(variant)) {
    return VARIANT_LABELS[variant as SealedRecordBaseVariant];
  }
  const parts = variant.replace(/^audience-/, '').split('-');
  const counter = /^\d+$/.test(parts.at(-1) ?? '') ? parts.pop() : undefined;
  const words = parts.map((slug) => SLUG_WORDS[slug] ?? slug);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
  return `Record for ${list} readers${counter ? ` (${counter})` : ''}`;
}

export const SEALED_RECORD_FORMATS = ['pdf', 'html'] as const;
export type SealedRecordFormat = (typeof SEALED_RECORD_FORMATS)[number];

export const SEALED_RECORD_FORMAT_LABELS: Record<SealedRecordFormat, string> = {
  pdf: 'PDF',
  html: 'HTML',
};

/** Why a version was sealed: the meeting concluded (version 1), or an addendum was signed off. */
export const SEALED_RECORD_REASONS = ['concluded', 'addendum'] as const;
export type SealedRecordReason = (typeof SEALED_RECORD_REASONS)[number];

/** Response header carrying the hex SHA-256 of a downloaded file's bytes. */
export const SEALED_RECORD_SHA256_HEADER = 'X-Content-SHA256';

export const SealedRecordFileSchema = z.object({
  variant: SealedRecordVariantSchema,
  /** The variant's name for people (sealedRecordVariantLabel). */
  label: z.string(),
  format: z.enum(SEALED_RECORD_FORMATS),
  /** Hex SHA-256 of the file's bytes, as stored and as written to the audit trail. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** Download path (GET). */
  href: z.string(),
});
export type SealedRecordFile = z.infer<typeof SealedRecordFileSchema>;

export const SealedRecordVersionSchema = z.object({
  version: z.number().int().positive(),
  reason: z.enum(SEALED_RECORD_REASONS),
  /** The addendum whose sign-off produced this version; null for version 1. */
  addendumId: z.uuid().nullable(),
  sealedAt: z.string(),
  files: z.array(SealedRecordFileSchema),
});
export type SealedRecordVersion = z.infer<typeof SealedRecordVersionSchema>;

/** GET /api/meetings/:id/records: every sealed version, newest first. */
export const SealedRecordListResponseSchema = z.object({
  meetingId: z.uuid(),
  reference: z.string(),
  /** False for observers: they read the record but may not export it (DOMAIN.md §7). */
  canDownload: z.boolean(),
  versions: z.array(SealedRecordVersionSchema),
});
export type SealedRecordListResponse = z.infer<typeof SealedRecordListResponseSchema>;

/**
 * The last path segment of a download, e.g. `family.pdf`, `audience-police.html`. `full` (the name
 * before per-reader records) is read as `complete`, so links to earlier downloads keep working.
 */
export const SealedRecordFileNameSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9-]+\.(pdf|html)$/, 'Ask for a version file such as complete.pdf, family.html or audience-police.pdf')
  .transform((name) => {
    const dot = name.lastIndexOf('.');
    const variant = name.slice(0, dot);
    return { variant: variant === 'full' ? 'complete' : variant, format: name.slice(dot + 1) as SealedRecordFormat };
  })
  .refine((file) => SEALED_RECORD_VARIANT_PATTERN.test(file.variant), {
    error: 'Ask for a version file such as complete.pdf, family.html or audience-police.pdf',
  });

/** The version segment of a download path: a whole number from 1. */
export const SealedRecordVersionParamSchema = z.coerce
  .number({ error: 'The version must be a whole number, like 1' })
  .int('The version must be a whole number, like 1')
  .positive('The version must be a whole number, like 1')
  .max(1_000_000, 'The version must be a whole number, like 1');

/**
 * The query of a download. A safeguarding partner reviewer (auditor) reads
 * restricted content only through justified, audited access (DOMAIN.md §7):
 * a version that holds any (`complete`, `audience-…`) needs their reason,
 * kept in the audit trail with the download. Members never give one.
 */
export const SealedRecordDownloadQuerySchema = z.strictObject({
  reason: z
    .string({ error: 'Enter why you need to read the restricted information in this record' })
    .trim()
    .min(1, 'Enter why you need to read the restricted information in this record')
    .max(LIMITS.auditReasonMaxLength, `The reason must be ${LIMITS.auditReasonMaxLength} characters or fewer`)
    .optional(),
});
export type SealedRecordDownloadQuery = z.output<typeof SealedRecordDownloadQuerySchema>;

/** True for a version that may hold restricted content: an auditor gives a reason to download it. */
export function holdsRestrictedContent(variant: SealedRecordVariant): boolean {
  return variant !== 'shared' && variant !== 'family';
}

/** Download path of one sealed file. */
export function sealedRecordHref(
  meetingId: string,
  version: number,
  variant: SealedRecordVariant,
  format: SealedRecordFormat,
): string {
  return `/api/meetings/${meetingId}/records/${version}/${variant}.${format}`;
}

/** The file name a download is saved under, e.g. `SD-20260302-4F1A-v2-family.pdf`. */
export function sealedRecordFileName(
  reference: string,
  version: number,
  variant: SealedRecordVariant,
  format: SealedRecordFormat,
): string {
  const safe = reference.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'record';
  return `${safe}-v${version}-${variant}.${format}`;
}
