import { z } from 'zod';

/**
 * Single sign-on through OpenID Connect: what the sign-in page needs to know
 * about the configured identity providers, and the reasons a sign-in through
 * one of them can be refused (the `?error=` of the page it returns to).
 */

/** A provider's id: a URL-safe slug such as `northshire-council`. It appears in the callback path. */
export const OIDC_PROVIDER_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const OidcProviderSummarySchema = z.object({
  id: z.string().regex(OIDC_PROVIDER_ID_PATTERN),
  /** e.g. "Northshire County Council": the button reads "Sign in with Northshire County Council". */
  displayName: z.string(),
});
export type OidcProviderSummary = z.infer<typeof OidcProviderSummarySchema>;

/** GET /api/auth/oidc/providers (public). Empty when single sign-on is not configured. */
export const OidcProvidersResponseSchema = z.object({ providers: z.array(OidcProviderSummarySchema) });
export type OidcProvidersResponse = z.infer<typeof OidcProvidersResponseSchema>;

/**
 * GET /api/auth/oidc/step-up-options: how the signed-in user can confirm it is
 * them: their password (if the account has one) and/or a fresh sign-in at a
 * provider their account is linked to.
 */
export const StepUpOptionsResponseSchema = z.object({
  password: z.boolean(),
  providers: z.array(OidcProviderSummarySchema),
});
export type StepUpOptionsResponse = z.infer<typeof StepUpOptionsResponseSchema>;

/**
 * Why a sign-in (or a step-up) through an identity provider was refused, with
 * the message the page shows. The details stay in the audit trail and the log.
 */
export const OIDC_ERROR_MESSAGES = {
  'sso-unavailable':
    'Signing in through your organisation is not available at the moment. Try again later, or sign in with your email address and password.',
  'sso-cancelled': 'Signing in through your organisation was cancelled. Try again.',
  'sso-expired': 'Your sign-in took too long or was started in another window. Try again.',
  'sso-failed': 'Your organisation’s sign-in could not be checked. Try again.',
  'sso-no-account':
    'Your organisation account does not have access to Roundtable, or its access has been switched off. Ask your Roundtable administrator.',
  'sso-email-in-use':
    'A Roundtable account already uses your email address. Ask your Roundtable administrator to link it to your organisation sign-in.',
  'step-up-mismatch': 'You signed in as someone else. Sign in again as yourself to continue.',
} as const;
export type OidcErrorCode = keyof typeof OIDC_ERROR_MESSAGES;

/** The message for an `?error=` value, or undefined for anything else (never echoed). */
export function oidcErrorMessage(code: string | null | undefined): string | undefined {
  return code && Object.hasOwn(OIDC_ERROR_MESSAGES, code) ? OIDC_ERROR_MESSAGES[code as OidcErrorCode] : undefined;
}

/**
 * Whether `path` is a path of this app to return to after a step-up: one
 * leading slash, no scheme or host, no backslash or control characters (so
 * `//evil.example`, `/\evil.example` and `https://…` are all refused).
 */
export function isSafeReturnPath(path: string): boolean {
  return path.length <= 512 && path.startsWith('/') && !path.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(path);
}

/**
 * Query of GET /api/auth/oidc/:provider/start. `step-up` re-authenticates the
 * signed-in user at their provider, then returns to `returnTo` (a path of this app).
 */
export const OidcStartQuerySchema = z.strictObject({
  purpose: z.enum(['sign-in', 'step-up'], { error: 'purpose must be sign-in or step-up' }).default('sign-in'),
  returnTo: z
    .string()
    .refine(isSafeReturnPath, 'returnTo must be a path of this app, starting with a single /')
    .default('/'),
});
export type OidcStartQuery = z.infer<typeof OidcStartQuerySchema>;
