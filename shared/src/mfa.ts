/**
 * Contracts of multi-factor authentication (TOTP and recovery codes) and of
 * step-up re-authentication (docs/SECURITY.md).
 */
import { z } from 'zod';
import { LIMITS } from './constants';

/** How many recovery codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** A 6-digit code from an authenticator app; spaces people type are ignored. */
export const TotpCodeSchema = z
  .string({ error: 'Enter the 6-digit code from your authenticator app' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'));

/** A recovery code as printed (`xxxxx-xxxxx`); case, spaces and dashes are ignored. */
export const RecoveryCodeSchema = z
  .string({ error: 'Enter a recovery code' })
  .transform((v) => v.replace(/[\s-]+/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z2-7]{10}$/, 'Enter a recovery code, like abcde-fghij'));

/** Sign-in's answer when the password was right and a second factor is needed. */
export const MfaChallengeResponseSchema = z.object({ mfaRequired: z.literal(true) });
export type MfaChallengeResponse = z.infer<typeof MfaChallengeResponseSchema>;

/** The second sign-in step: a code from the app, or one recovery code. */
export const MfaVerifyRequestSchema = z.union([
  z.strictObject({ code: TotpCodeSchema }),
  z.strictObject({ recoveryCode: RecoveryCodeSchema }),
]);
export type MfaVerifyRequest = z.input<typeof MfaVerifyRequestSchema>;

export const MfaConfirmRequestSchema = z.strictObject({ code: TotpCodeSchema });
export type MfaConfirmRequest = z.input<typeof MfaConfirmRequestSchema>;

/** A new authenticator to add: scan the QR code or type the key. */
export const MfaEnrolmentResponseSchema = z.object({
  /** Base32 key, for typing into the app by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The otpauth URI as an SVG QR code. */
  qrCodeSvg: z.string(),
});
export type MfaEnrolmentResponse = z.infer<typeof MfaEnrolmentResponseSchema>;

/** Recovery codes, shown once: only hashes are kept. */
export const RecoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponseSchema>;

export const MfaStatusResponseSchema = z.object({
  enabled: z.boolean(),
  /** The user's role requires MFA and it is not set up: nothing else works until it is. */
  enrolmentRequired: z.boolean(),
  recoveryCodesRemaining: z.number().int(),
});
export type MfaStatusResponse = z.infer<typeof MfaStatusResponseSchema>;

/** Re-authentication: the password, and a code when MFA is on. */
export const StepUpRequestSchema = z.strictObject({
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(LIMITS.passwordMaxLength, 'Password is too long'),
  code: TotpCodeSchema.optional(),
});
export type StepUpRequest = z.input<typeof StepUpRequestSchema>;

export const StepUpStatusResponseSchema = z.object({
  /** Seconds left before protected actions ask for re-authentication; 0 when they ask now. */
  freshForSeconds: z.number().int(),
  maxAgeSeconds: z.number().int(),
  /** Re-authentication asks for a code as well as the password. */
  mfaEnabled: z.boolean(),
});
export type StepUpStatusResponse = z.infer<typeof StepUpStatusResponseSchema>;
