/**
 * Document templates and restriction flags (DOMAIN.md §3.5, §5, §7).
 *
 * A template names the sections of one of a meeting's shared documents (the
 * strategy discussion record, the safety plan). Each section is a
 * collaborative rich-text field: a Y.XmlFragment named by the section's `key`
 * in that document. A deployment may replace the defaults
 * (DOCUMENT_TEMPLATES_FILE); each meeting keeps the copy it was created with,
 * so a later configuration change never alters an existing record.
 *
 * Restriction flags mark information that must not reach everyone: a passage
 * inside a document (a TipTap mark stored as Yjs formatting attributes, kept
 * with the text) or a whole entry (an agency view, an action).
 */
import { z } from 'zod';
import { RECORD_SECTIONS } from './constants';
import { DOCUMENT_KINDS, type DocumentKind } from './realtime';

// ---------------------------------------------------------------- restrictions

/**
 * police-restricted: "police: restricted – do not share" (a live criminal
 * investigation). not-for-family: "not for disclosure to the family"; left out
 * of every family-facing version.
 */
export const RESTRICTION_KINDS = ['police-restricted', 'not-for-family'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/** Full labels (toolbar buttons, entry controls, exports). */
export const RESTRICTION_LABELS: Record<RestrictionKind, string> = {
  'police-restricted': 'Police restricted',
  'not-for-family': 'Not for the family',
};

/** Short text shown beside a flagged passage, so the flag never relies on colour alone. */
export const RESTRICTION_BADGES: Record<RestrictionKind, string> = {
  'police-restricted': 'POLICE RESTRICTED',
  'not-for-family': 'NOT FOR FAMILY',
};

export const RestrictionKindSchema = z.enum(RESTRICTION_KINDS, {
  error: `Restriction must be one of: ${RESTRICTION_KINDS.join(', ')}`,
});

/** An entry's flag: a restriction kind, or null to clear it. */
export const EntryRestrictionSchema = RestrictionKindSchema.nullable();
export type EntryRestriction = z.infer<typeof EntryRestrictionSchema>;

/**
 * Name of the TipTap mark (and of the Yjs formatting attribute in the
 * XmlText deltas) for a restricted passage. Its value is an object
 * `{ [RESTRICTED_MARK_ATTRIBUTE]: RestrictionKind }`.
 */
export const RESTRICTED_MARK = 'restricted';
/** The mark's one attribute: which restriction applies. */
export const RESTRICTED_MARK_ATTRIBUTE = 'kind';

/** Reads a restriction kind from a Yjs formatting attribute value; null when absent or unknown. */
export function restrictionFromMarkAttributes(value: unknown): RestrictionKind | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = (value as Record<string, unknown>)[RESTRICTED_MARK_ATTRIBUTE];
  return RESTRICTION_KINDS.find((k) => k === kind) ?? null;
}

// ---------------------------------------------------------------- templates

/** Limits of a document template (a deployment's file is checked against these at boot). */
export const TEMPLATE_LIMITS = {
  sectionsMax: 40,
  sectionKeyMaxLength: 63,
  sectionTitleMaxLength: 200,
  sectionHintMaxLength: 1000,
} as const;

export const DocumentKindSchema = z.enum(DOCUMENT_KINDS, {
  error: `Document kind must be one of: ${DOCUMENT_KINDS.join(', ')}`,
});

export const TemplateSectionSchema = z.strictObject({
  /** Name of the section's Y.XmlFragment; never reused for another meaning. */
  key: z
    .string({ error: 'Section key is required' })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Section key must be lowercase letters, numbers and hyphens (at most 63)'),
  title: z
    .string({ error: 'Section title is required' })
    .trim()
    .min(1, 'Section title is required')
    .max(
      TEMPLATE_LIMITS.sectionTitleMaxLength,
      `Section title must be ${TEMPLATE_LIMITS.sectionTitleMaxLength} characters or fewer`,
    ),
  hint: z
    .string()
    .trim()
    .max(
      TEMPLATE_LIMITS.sectionHintMaxLength,
      `Section hint must be ${TEMPLATE_LIMITS.sectionHintMaxLength} characters or fewer`,
    )
    .default(''),
});
export type TemplateSection = z.infer<typeof TemplateSectionSchema>;

/** The sections of one of a meeting's shared documents. */
export const DocumentTemplateSchema = z
  .strictObject({
    kind: DocumentKindSchema,
    sections: z
      .array(TemplateSectionSchema)
      .min(1, 'A template needs at least one section')
      .max(TEMPLATE_LIMITS.sectionsMax, `A template may have at most ${TEMPLATE_LIMITS.sectionsMax} sections`),
  })
  .refine((t) => new Set(t.sections.map((s) => s.key)).size === t.sections.length, {
    message: 'Section keys must be unique within a template',
    path: ['sections'],
  });
export type DocumentTemplate = z.infer<typeof DocumentTemplateSchema>;

/**
 * The file named by DOCUMENT_TEMPLATES_FILE (JSON or YAML): a deployment's own
 * templates, at most one per document kind; a kind left out keeps its default.
 */
export const DocumentTemplatesFileSchema = z
  .strictObject({ templates: z.array(DocumentTemplateSchema).min(1, 'List at least one template') })
  .refine((f) => new Set(f.templates.map((t) => t.kind)).size === f.templates.length, {
    message: 'Each document kind may have only one template',
    path: ['templates'],
  });
export type DocumentTemplatesFile = z.infer<typeof DocumentTemplatesFileSchema>;

/** A complete set: exactly one template for every document kind, in DOCUMENT_KINDS order. */
export const DocumentTemplateSetSchema = z
  .array(DocumentTemplateSchema)
  .refine(
    (list) => list.length === DOCUMENT_KINDS.length && DOCUMENT_KINDS.every((kind, i) => list[i]?.kind === kind),
    `Templates must list one template per document kind in this order: ${DOCUMENT_KINDS.join(', ')}`,
  );
export type DocumentTemplateSet = z.infer<typeof DocumentTemplateSetSchema>;

/** GET /api/document-templates: the templates new meetings get. */
export const DocumentTemplatesResponseSchema = z.object({ templates: DocumentTemplateSetSchema });
export type DocumentTemplatesResponse = z.infer<typeof DocumentTemplatesResponseSchema>;

/** The strategy discussion record (DOMAIN.md §3.5): the sections of RECORD_SECTIONS. */
export const DEFAULT_RECORD_TEMPLATE: DocumentTemplate = {
  kind: 'record',
  sections: RECORD_SECTIONS.map(({ key, title, hint }) => ({ key, title, hint })),
};

/** A Signs of Safety safety plan (DOMAIN.md §5.1, §5.3). The 0–10 scaling is recorded per agency, outside the document. */
export const DEFAULT_SAFETY_PLAN_TEMPLATE: DocumentTemplate = {
  kind: 'safety-plan',
  sections: [
    {
      key: 'worries',
      title: 'What are we worried about? Harm and danger statements',
      hint: 'What has happened, and who is worried about what will happen to the child if nothing changes, in plain words the family understands. Note any disputes.',
    },
    {
      key: 'complicating-factors',
      title: 'Complicating factors',
      hint: 'Things that make the worries harder to deal with.',
    },
    {
      key: 'working-well',
      title: 'What is working well?',
      hint: 'Existing safety (times the child was kept safe) and strengths.',
    },
    {
      key: 'safety-goals',
      title: 'What needs to happen? Safety goals and next steps',
      hint: 'For each danger statement, what professionals need to see, and for how long, to step down or close.',
    },
    {
      key: 'family-rules',
      title: 'Family rules',
      hint: 'For example “Dean does not stay overnight”, “Ruby is never left alone with X”.',
    },
    {
      key: 'safety-network',
      title: 'Safety network members and their roles',
      hint: 'Family and friends who take part: each one’s role, contact details and agreement to take part.',
    },
    {
      key: 'child-explanation',
      title: 'How the child will learn about the plan',
      hint: 'Words and Pictures: who explains the plan to the child, and when.',
    },
    {
      key: 'professional-monitoring',
      title: 'Professional monitoring',
      hint: 'Visits and checks, and who tells whom.',
    },
    {
      key: 'plan-broken',
      title: 'What happens if the plan is broken',
      hint: 'Who to call, and escalation such as police or an emergency protection order.',
    },
    {
      key: 'review-date',
      title: 'Review date',
      hint: 'When the plan will be reviewed, and by whom.',
    },
  ],
};

/** The built-in template of each document kind. */
export const DEFAULT_TEMPLATE_BY_KIND: Record<DocumentKind, DocumentTemplate> = {
  record: DEFAULT_RECORD_TEMPLATE,
  'safety-plan': DEFAULT_SAFETY_PLAN_TEMPLATE,
};

/** The built-in templates, one per document kind in DOCUMENT_KINDS order. */
export const DEFAULT_DOCUMENT_TEMPLATES: DocumentTemplateSet = DOCUMENT_KINDS.map(
  (kind) => DEFAULT_TEMPLATE_BY_KIND[kind],
);

/** A deployment's file completed with the defaults for every kind it leaves out. */
export function completeTemplateSet(file: DocumentTemplatesFile): DocumentTemplateSet {
  return DOCUMENT_KINDS.map((kind) => file.templates.find((t) => t.kind === kind) ?? DEFAULT_TEMPLATE_BY_KIND[kind]);
}

/** The template for one document kind; the built-in default when a set lacks it. */
export function templateFor(templates: readonly DocumentTemplate[], kind: DocumentKind): DocumentTemplate {
  return templates.find((t) => t.kind === kind) ?? DEFAULT_TEMPLATE_BY_KIND[kind];
}
