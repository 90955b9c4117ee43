import { z } from 'zod';
import { AGENCIES, LIMITS } from './constants';

/**
 * Integrations with case systems (docs/INTEGRATIONS.md): service accounts and
 * their API tokens. A service account is an account of its own kind for one
 * organisation, created by an administrator; it never signs in and reaches
 * only the routes marked for service accounts, with `Authorization: Bearer
 * rt_sa_…`.
 */

/** What a service account may do. `records:read`: list and read its organisation's sealed records (JSON export). */
export const SERVICE_ACCOUNT_SCOPES = ['records:read', 'webhooks:receive'] as const;
export type ServiceAccountScope = (typeof SERVICE_ACCOUNT_SCOPES)[number];

export const SERVICE_ACCOUNT_SCOPE_LABELS: Record<ServiceAccountScope, string> = {
  'records:read': 'Read the sealed records of its organisation’s meetings',
  'webhooks:receive': 'Receive webhooks',
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
