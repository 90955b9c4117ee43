import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AGENCIES, type Agency, LIMITS } from '@roundtable/shared/constants';
import { OIDC_PROVIDER_ID_PATTERN } from '@roundtable/shared/oidc';
import { z } from 'zod';
import { readJsonFile } from './json-file';

/** One identity provider as the app uses it: the secret read, the defaults filled in. */
export interface OidcProviderConfig {
  id: string;
  displayName: string;
  /** Issuer identifier; discovery at `<issuer>/.well-known/openid-configuration` must return exactly this. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The Roundtable agency of the provider's people (used for accounts it provisions). */
  agency: Agency;
  /** The organisation within the agency of the provider's people ("Testshire Police"); set on accounts it provisions. */
  organisation: string | null;
  scopes: string[];
  /** ID token / userinfo claims holding the email address, display name and job title. */
  claims: { email: string; displayName: string; jobTitle: string };
  /** Create a participant account at the first sign-in of an unknown person (default off). */
  jitProvisioning: boolean;
  /** Lower-case email domains accepted for provisioned accounts; null: any. */
  allowedEmailDomains: string[] | null;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

const ProviderSchema = z
  .strictObject({
    id: z.string().regex(OIDC_PROVIDER_ID_PATTERN, 'id must be a lower-case slug such as northshire-council'),
    displayName: z.string().trim().min(1).max(100),
    issuer: z.url({ protocol: /^https?$/, error: 'issuer must be an https URL' }),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    clientSecretFile: z.string().min(1).optional(),
    agency: z.enum(AGENCIES, { error: `agency must be one of: ${AGENCIES.join(', ')}` }),
    organisation: z.string().trim().min(1).max(LIMITS.organisationMaxLength).optional(),
    scopes: z
      .array(z.string().regex(SCOPE_TOKEN, 'scopes must be OAuth scope tokens'))
      .refine((s) => s.includes('openid'), 'scopes must include openid')
      .default(['openid', 'email', 'profile']),
    claims: z
      .strictObject({
        email: z.string().min(1).default('email'),
        displayName: z.string().min(1).default('name'),
        jobTitle: z.string().min(1).default('job_title'),
      })
      .default({ email: 'email', displayName: 'name', jobTitle: 'job_title' }),
    jitProvisioning: z.boolean().default(false),
    allowedEmailDomains: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'allowedEmailDomains must be domains such as northshire.gov.uk')
          .transform((d) => d.toLowerCase()),
      )
      .min(1)
      .optional(),
  })
  .refine((p) => Boolean(p.clientSecret) !== Boolean(p.clientSecretFile), {
    message: 'give exactly one of clientSecret and clientSecretFile',
    path: ['clientSecret'],
  });

const ProvidersFileSchema = z
  .strictObject({ providers: z.array(ProviderSchema) })
  .refine((f) => new Set(f.providers.map((p) => p.id)).size === f.providers.length, {
    message: 'provider ids must be unique',
    path: ['providers'],
  })
  .refine((f) => new Set(f.providers.map((p) => p.issuer)).size === f.providers.length, {
    message: 'each issuer can be listed once',
    path: ['providers'],
  });

type Result = { ok: true; providers: OidcProviderConfig[] } | { ok: false; problems: string[] };

function readText(file: string): { text: string } | { problem: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { problem: `cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
}

/**
 * Reads the identity providers (the JSON file named by OIDC_PROVIDERS_FILE):
 * `{ "providers": [{ id, displayName, issuer, clientId, clientSecret | clientSecretFile, agency,
 * organisation?, scopes?, claims?, jitProvisioning?, allowedEmailDomains? }] }`. Returns every problem, one line
 * each. Plain-http issuers are accepted only on the loopback interface and never in production.
 */
export function readOidcProvidersFile(file: string, options: { production: boolean }): Result {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const parsed = ProvidersFileSchema.safeParse(read.json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  }
  const problems: string[] = [];
  const providers = parsed.data.providers.map((p, index): OidcProviderConfig => {
    const issuer = new URL(p.issuer);
    if (issuer.protocol === 'http:' && (options.production || !LOOPBACK_HOSTS.has(issuer.hostname))) {
      problems.push(`${file}: providers.${index}.issuer: must be https (http only for a local test provider)`);
    }
    let clientSecret = p.clientSecret ?? '';
    if (p.clientSecretFile) {
      const secret = readText(path.resolve(path.dirname(file), p.clientSecretFile));
      if ('problem' in secret) problems.push(`${file}: providers.${index}.clientSecretFile: ${secret.problem}`);
      else clientSecret = secret.text.trim();
    }
    return {
      id: p.id,
      displayName: p.displayName,
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret,
      agency: p.agency,
      organisation: p.organisation ?? null,
      scopes: p.scopes,
      claims: p.claims,
      jitProvisioning: p.jitProvisioning,
      allowedEmailDomains: p.allowedEmailDomains ?? null,
    };
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, providers };
}
