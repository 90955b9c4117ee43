import { z } from 'zod';
import { AGENCIES, LIMITS, MEETING_FORMATS, MEETING_ROLES } from './constants';
import { ACTION_STATUSES } from './actions';
import { DECISION_STATUSES, DISSENT_PARTS, ESCALATION_STAGES, HARM_ASSESSMENTS } from './decisions';
import { AUDIENCE_KINDS, LAWFUL_BASES, PROTECTED_PERSON_ROLES, SHARING_OUTCOMES } from './need-to-know';
import { CONFERENCE_OUTCOMES, CP_CATEGORIES, ESCALATION_ROUTES, MEETING_TYPES, STEP_DOWN_TARGETS } from './pathway';
import { SEALED_RECORD_REASONS } from './sealed-records';
import { RESTRICTION_KINDS } from './templates';

/**
 * Integrations with case systems (docs/INTEGRATIONS.md): service accounts and
 * their API tokens. A service account is an account of its own kind for one
 * organisation, created by an administrator; it never signs in and reaches
 * only the routes marked for service accounts, with `Authorization: Bearer
 * rt_sa_…`.
 */

/**
 * What a service account may do. `records:read`: list and read its organisation's sealed records (JSON export).
 * `audit:witness`: fetch audit checkpoints and consistency proofs and submit a registered witness's cosignatures
 * (docs/AUDIT.md, "Witnesses").
 */
export const SERVICE_ACCOUNT_SCOPES = ['records:read', 'webhooks:receive', 'audit:witness'] as const;
export type ServiceAccountScope = (typeof SERVICE_ACCOUNT_SCOPES)[number];

export const SERVICE_ACCOUNT_SCOPE_LABELS: Record<ServiceAccountScope, string> = {
  'records:read': 'Read the sealed records of its organisation’s meetings',
  'webhooks:receive': 'Receive webhooks',
  'audit:witness': 'Witness the audit trail (cosign its checkpoints)',
};

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const SERVICE_TOKEN_PREFIX = 'rt_sa_';
/** The random part: 32 bytes in base64url without padding. */
export const SERVICE_TOKEN_PATTERN = /^rt_sa_[A-Za-z0-9_-]{43}$/;
/** How many characters of a token are kept in clear to tell tokens apart (prefix and 6 more). */
export const SERVICE_TOKEN_HINT_LENGTH = SERVICE_TOKEN_PREFIX.length + 6;

/** The longest a token may live: a year. */
export const SERVICE_TOKEN_MAX_DAYS = 366;

const expiresInDays = z
  .number({ error: 'expiresInDays must be a number of days' })
  .int('expiresInDays must be a whole number of days')
  .min(1, 'expiresInDays must be at least 1')
  .max(SERVICE_TOKEN_MAX_DAYS, `expiresInDays must be at most ${SERVICE_TOKEN_MAX_DAYS}`)
  .nullable()
  .default(null);

/** POST /api/admin/service-accounts: a service account for one organisation, with its first token. */
export const CreateServiceAccountRequestSchema = z.strictObject({
  name: z
    .string({ error: 'Name must be text' })
    .trim()
    .min(1, 'Enter a name for the service account')
    .max(LIMITS.displayNameMaxLength, `Name must be ${LIMITS.displayNameMaxLength} characters or fewer`),
  agency: z.enum(AGENCIES, { error: `agency must be one of: ${AGENCIES.join(', ')}` }),
  organisation: z
    .string({ error: 'Organisation must be text' })
    .trim()
    .min(1, 'Enter the organisation whose records the service account reads')
    .max(LIMITS.organisationMaxLength, `Organisation must be ${LIMITS.organisationMaxLength} characters or fewer`),
  scopes: z
    .array(
      z.enum(SERVICE_ACCOUNT_SCOPES, { error: `Each scope must be one of: ${SERVICE_ACCOUNT_SCOPES.join(', ')}` }),
      {
        error: 'scopes must be a list',
      },
    )
    .min(1, 'Choose at least one scope')
    .transform((scopes) => [...new Set(scopes)].sort()),
  /** Days until the first token expires; null: it never expires (revoke it instead). */
  expiresInDays,
});
export type CreateServiceAccountRequest = z.input<typeof CreateServiceAccountRequestSchema>;

/** POST /api/admin/service-accounts/:id/tokens: another token (to rotate one without downtime). */
export const IssueServiceTokenRequestSchema = z.strictObject({ expiresInDays });
export type IssueServiceTokenRequest = z.input<typeof IssueServiceTokenRequestSchema>;

export const SERVICE_TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;
export type ServiceTokenStatus = (typeof SERVICE_TOKEN_STATUSES)[number];

/** A token as administrators see it: never the token itself, only its first characters. */
export const ServiceTokenSchema = z.object({
  id: z.uuid(),
  /** The token's first characters (`rt_sa_abc123`), to tell it apart. */
  hint: z.string(),
  status: z.enum(SERVICE_TOKEN_STATUSES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ServiceToken = z.infer<typeof ServiceTokenSchema>;

export const ServiceAccountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  agency: z.enum(AGENCIES),
  organisation: z.string(),
  scopes: z.array(z.enum(SERVICE_ACCOUNT_SCOPES)),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  createdBy: z.object({ userId: z.uuid(), displayName: z.string() }),
  disabledAt: z.string().nullable(),
  tokens: z.array(ServiceTokenSchema),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

export const ServiceAccountListResponseSchema = z.object({ serviceAccounts: z.array(ServiceAccountSchema) });
export type ServiceAccountListResponse = z.infer<typeof ServiceAccountListResponseSchema>;

/** The answer to creating an account or issuing a token: the only time the token is ever shown. */
export const IssuedServiceTokenResponseSchema = z.object({
  serviceAccount: ServiceAccountSchema,
  tokenId: z.uuid(),
  /** Shown once; only its SHA-256 is stored. */
  token: z.string().regex(SERVICE_TOKEN_PATTERN),
});
export type IssuedServiceTokenResponse = z.infer<typeof IssuedServiceTokenResponseSchema>;

/**
 * Parses an `Authorization` header value for a service token. Returns the
 * token, or why it is not one (a message fit for the 401 answer).
 */
export function parseBearerServiceToken(
  header: string | undefined | null,
): { ok: true; token: string } | { ok: false; reason: 'missing' | 'malformed'; message: string } {
  if (header === undefined || header === null || header.trim() === '') {
    return {
      ok: false,
      reason: 'missing',
      message: `Send a service account token: Authorization: Bearer ${SERVICE_TOKEN_PREFIX}…`,
    };
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  const token = match?.[1];
  if (!token || !SERVICE_TOKEN_PATTERN.test(token)) {
    return {
      ok: false,
      reason: 'malformed',
      message: `The Authorization header is not a Roundtable service account token: expected Bearer ${SERVICE_TOKEN_PREFIX} followed by 43 characters`,
    };
  }
  return { ok: true, token };
}

/** Requests one token may make a minute (per server instance); more get 429 RateLimited. */
export const SERVICE_ACCOUNT_REQUESTS_PER_MINUTE = 120;

// ---------------------------------------------------------------- the sealed record export (schema version 1)

/**
 * The versioned JSON export of one sealed record version for one reader
 * (docs/INTEGRATIONS.md). Made in the sealing transaction from the same
 * reader-version model as that reader's PDF, so it holds exactly what the PDF
 * holds for them (never more). A change that is not backwards compatible
 * makes schema version 2; additions keep version 1. Published as JSON Schema
 * at GET /api/schemas/sealed-record-export.v1.json and in
 * docs/schemas/sealed-record-export.v1.json.
 */
export const SEALED_RECORD_EXPORT_SCHEMA_VERSION = 1;
export const SEALED_RECORD_EXPORT_SCHEMA_PATH = '/api/schemas/sealed-record-export.v1.json';
export const SEALED_RECORD_EXPORT_CONTENT_TYPE = 'application/json; charset=utf-8';

const dateTime = z.iso.datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const ExportPersonSchema = z
  .object({
    name: z.string().nullable(),
    organisation: z.string().nullable(),
    jobTitle: z.string().nullable(),
    agency: z.enum(AGENCIES),
    role: z.enum(MEETING_ROLES).nullable(),
  })
  .meta({ description: 'A professional as the record names them' });

const ExportRunSchema = z.object({
  text: z.string(),
  restriction: z.enum(RESTRICTION_KINDS).nullable(),
  /** The run is the notice of a passage withheld from this version. */
  withheld: z.boolean(),
});
const ExportBlockSchema = z.object({
  type: z.string(),
  level: z.number().int().nullable(),
  listItem: z.boolean(),
  runs: z.array(ExportRunSchema),
});
const ExportAudienceSchema = z.object({
  kind: z.enum(AUDIENCE_KINDS),
  agencies: z.array(z.enum(AGENCIES)),
  userIds: z.array(z.uuid()),
});
const ExportCompartmentSchema = z.object({
  id: z.uuid(),
  ownerAgency: z.enum(AGENCIES),
  audience: ExportAudienceSchema.nullable(),
  /** Empty when withheld from this version. */
  blocks: z.array(ExportBlockSchema),
  /** "Information withheld: police restricted" where this version leaves it out; null when shown. */
  withheld: z.string().nullable(),
});
const ExportAddendumSchema = z.object({
  id: z.uuid(),
  blocks: z.array(ExportBlockSchema),
  addedBy: ExportPersonSchema,
  signedOffBy: ExportPersonSchema.nullable(),
  signedOffAt: dateTime.nullable(),
});
const ExportViewSchema = z.object({
  id: z.uuid(),
  agency: z.enum(AGENCIES),
  harm: z.enum(HARM_ASSESSMENTS).nullable(),
  recommendedOption: z.string(),
  reasons: z.string(),
  keyInformation: z.string().nullable(),
  conditions: z.string().nullable(),
  recordedBy: ExportPersonSchema,
  recordedAt: dateTime,
  /** The agency's current view (an earlier one was superseded by it). */
  current: z.boolean(),
  restriction: z.enum(RESTRICTION_KINDS).nullable(),
});
const ExportLaDecisionSchema = z.object({
  chosenOptions: z.array(z.string()),
  reasons: z.string().nullable(),
  protectiveActions: z.array(z.string()),
  protectiveActionDetails: z.string().nullable(),
  recordedBy: ExportPersonSchema,
  recordedAt: dateTime,
  recordStateSha256: sha256Hex,
  inForce: z.boolean(),
  correctionReason: z.string().nullable(),
});
const ExportDissentSchema = z.object({
  id: z.uuid(),
  agency: z.enum(AGENCIES),
  part: z.enum(DISSENT_PARTS),
  reasons: z.string(),
  recordedBy: ExportPersonSchema,
  recordedAt: dateTime,
  escalation: z.object({
    status: z.enum(['open', 'resolved']),
    stage: z.enum(ESCALATION_STAGES),
    steps: z.array(
      z.object({
        stage: z.enum(ESCALATION_STAGES),
        note: z.string().nullable(),
        recordedBy: ExportPersonSchema,
        recordedAt: dateTime,
      }),
    ),
    outcome: z.string().nullable(),
    resolvedBy: ExportPersonSchema.nullable(),
    resolvedAt: dateTime.nullable(),
  }),
});
const ExportDecisionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  question: z.string(),
  options: z.array(z.object({ key: z.string(), label: z.string() })),
  children: z.array(z.string()),
  status: z.enum(DECISION_STATUSES),
  notReached: z
    .object({ reason: z.string().nullable(), recordedBy: ExportPersonSchema, recordedAt: dateTime })
    .nullable(),
  /** The local authority's decision in force (no later entry corrects it); null when none was recorded. */
  decisionInForce: ExportLaDecisionSchema.nullable(),
  /** Every local authority decision entry, corrections included, oldest first. */
  laDecisions: z.array(ExportLaDecisionSchema),
  /** Each agency's views, current and earlier. */
  views: z.array(ExportViewSchema),
  withheldViews: z.array(z.string()),
  dissents: z.array(ExportDissentSchema),
});
const ExportActionSchema = z.object({
  id: z.uuid(),
  description: z.string(),
  owner: ExportPersonSchema,
  ownerAgency: z.enum(AGENCIES),
  dueAt: dateTime,
  status: z.enum(ACTION_STATUSES),
  child: z.string().nullable(),
  restriction: z.enum(RESTRICTION_KINDS).nullable(),
});

export const SealedRecordExportSchema = z
  .object({
    schemaVersion: z.literal(SEALED_RECORD_EXPORT_SCHEMA_VERSION),
    meeting: z.object({
      id: z.uuid(),
      reference: z.string(),
      type: z.enum(MEETING_TYPES),
      typeLabel: z.string(),
      format: z.enum(MEETING_FORMATS),
      scheduledAt: dateTime,
      startedAt: dateTime.nullable(),
      concludedAt: dateTime.nullable(),
      chair: ExportPersonSchema.nullable(),
      children: z.array(z.object({ name: z.string(), dateOfBirth: z.string().nullable() })),
      convenedBecause: z.string().nullable(),
    }),
    record: z.object({
      version: z.number().int().min(1),
      reason: z.enum(SEALED_RECORD_REASONS),
      /** Whose version this is: `complete`, `audience-…` or `shared` (docs/SEALED-RECORDS.md). */
      variant: z.string(),
      sealedAt: dateTime,
      /** SHA-256 of the sealed PDF and HTML of the same version and variant (the same model). */
      pdfSha256: sha256Hex,
      htmlSha256: sha256Hex,
      /** What this version leaves out, as its PDF says at its top. */
      omissions: z.array(z.string()),
    }),
    attendance: z.object({
      attended: z.array(ExportPersonSchema),
      absent: z.array(z.object({ person: ExportPersonSchema, reason: z.string().nullable() })),
    }),
    sections: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        blocks: z.array(ExportBlockSchema),
        compartments: z.array(ExportCompartmentSchema),
        addenda: z.array(ExportAddendumSchema),
      }),
    ),
    recordAddenda: z.array(ExportAddendumSchema),
    decisions: z.array(ExportDecisionSchema),
    actions: z.array(ExportActionSchema),
    withheldActions: z.array(z.string()),
    /** A plan meeting's outcome for each child and the child protection plan versions it reviewed; null otherwise. */
    plan: z
      .object({
        conference: z.boolean(),
        outcomes: z.array(
          z.object({
            child: z.string(),
            outcome: z.enum(CONFERENCE_OUTCOMES),
            categories: z.array(z.enum(CP_CATEGORIES)),
            stepDown: z.enum(STEP_DOWN_TARGETS).nullable(),
            route: z.enum(ESCALATION_ROUTES).nullable(),
            reasons: z.string().nullable(),
            recordedBy: ExportPersonSchema,
            recordedAt: dateTime,
          }),
        ),
        planReviews: z.array(z.object({ child: z.string(), version: z.number().int(), sha256: sha256Hex })),
      })
      .nullable(),
    safetyPlan: z
      .object({
        sections: z.array(
          z.object({
            key: z.string(),
            title: z.string(),
            blocks: z.array(ExportBlockSchema),
            compartments: z.array(ExportCompartmentSchema),
          }),
        ),
        addenda: z.array(ExportAddendumSchema),
        scores: z.array(
          z.object({
            agency: z.enum(AGENCIES),
            score: z.number().int().min(0).max(10),
            recordedBy: ExportPersonSchema,
            recordedAt: dateTime,
          }),
        ),
      })
      .nullable(),
    protectedPersons: z.array(
      z.object({
        id: z.uuid(),
        role: z.enum(PROTECTED_PERSON_ROLES),
        label: z.string(),
        /** Null: "Identity withheld" from this version. */
        name: z.string().nullable(),
        audience: ExportAudienceSchema.nullable(),
      }),
    ),
    sharingDecisions: z.array(
      z.object({
        id: z.uuid(),
        outcome: z.enum(SHARING_OUTCOMES),
        what: z.string(),
        withWhom: z.string(),
        lawfulBasis: z.enum(LAWFUL_BASES),
        reason: z.string(),
        decidedAgency: z.enum(AGENCIES),
        decidedBy: ExportPersonSchema,
        decidedAt: dateTime,
      }),
    ),
    withheldSharingDecisions: z.array(z.string()),
    signOff: z.object({ by: ExportPersonSchema, at: dateTime }).nullable(),
  })
  .meta({
    $id: 'https://roundtable.invalid/schemas/sealed-record-export.v1.json',
    title: 'Roundtable sealed record export, schema version 1',
    description:
      'One version of a concluded meeting’s sealed record for one reader, as its PDF holds it (docs/INTEGRATIONS.md).',
  });
export type SealedRecordExport = z.infer<typeof SealedRecordExportSchema>;

/** The published JSON Schema of the export (draft 2020-12), generated from the zod schema: one definition. */
export function sealedRecordExportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SealedRecordExportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** GET /api/integrations/records: one sealed version of a meeting of the service account's organisation. */
export const IntegrationRecordSchema = z.object({
  meetingId: z.uuid(),
  reference: z.string(),
  type: z.enum(MEETING_TYPES),
  version: z.number().int().min(1),
  reason: z.enum(SEALED_RECORD_REASONS),
  sealedAt: z.string(),
  /** SHA-256 of the export's bytes (also sent as X-Content-SHA256). */
  sha256: sha256Hex,
  href: z.string(),
});
export type IntegrationRecord = z.infer<typeof IntegrationRecordSchema>;
export const IntegrationRecordListResponseSchema = z.object({
  organisation: z.string(),
  records: z.array(IntegrationRecordSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type IntegrationRecordListResponse = z.infer<typeof IntegrationRecordListResponseSchema>;

export const IntegrationRecordListQuerySchema = z.strictObject({
  /** Only versions sealed before this time (paging, newest first). */
  before: z.iso.datetime({ offset: true, error: 'before must be a date and time in ISO 8601 format' }).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(50),
});
export type IntegrationRecordListQuery = z.input<typeof IntegrationRecordListQuerySchema>;

export const integrationRecordHref = (meetingId: string, version: number): string =>
  `/api/integrations/records/${meetingId}/versions/${version}`;

/** GET /api/meetings/:id/record-exports/:version?variant=…: a member’s own version (default), or one they may download. */
export const RecordExportQuerySchema = z.strictObject({
  variant: z
    .string({ error: 'variant must be text' })
    .regex(/^(complete|shared|full|audience-[a-z0-9-]+)$/, 'variant must be complete, shared or audience-…')
    .optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type RecordExportQuery = z.infer<typeof RecordExportQuerySchema>;
