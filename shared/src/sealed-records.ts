/**
 * The sealed record (DOMAIN.md §3.5, §3.8, §6 "Records", §7): when a strategy
 * discussion concludes, the server renders the final record once, as an
 * accessible HTML page and a tagged PDF, in two variants, and stores each
 * file with its SHA-256. Every signed-off addendum adds a new version; earlier
 * versions are kept unchanged.
 */
import { z } from 'zod';

/**
 * full: the whole record, restricted entries marked. family: the family
 * version, without restricted entries or third-party identities (§3.8, §7).
 */
export const SEALED_RECORD_VARIANTS = ['full', 'family'] as const;
export type SealedRecordVariant = (typeof SEALED_RECORD_VARIANTS)[number];

export const SEALED_RECORD_VARIANT_LABELS: Record<SealedRecordVariant, string> = {
  full: 'Full record',
  family: 'Family version',
};

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
  variant: z.enum(SEALED_RECORD_VARIANTS),
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

/** The last path segment of a download, e.g. `family.pdf`. */
export const SealedRecordFileNameSchema = z
  .string()
  .regex(/^(full|family)\.(pdf|html)$/, 'Ask for full.pdf, full.html, family.pdf or family.html')
  .transform((name) => {
    const [variant, format] = name.split('.') as [SealedRecordVariant, SealedRecordFormat];
    return { variant, format };
  });

/** The version segment of a download path: a whole number from 1. */
export const SealedRecordVersionParamSchema = z.coerce
  .number({ error: 'The version must be a whole number, like 1' })
  .int('The version must be a whole number, like 1')
  .positive('The version must be a whole number, like 1')
  .max(1_000_000, 'The version must be a whole number, like 1');

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
