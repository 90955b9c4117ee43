import type {
  MfaChallengeResponse,
  MfaConfirmRequest,
  MfaEnrolmentResponse,
  MfaStatusResponse,
  MfaVerifyRequest,
  RecoveryCodesResponse,
  StepUpRequest,
  StepUpStatusResponse,
} from '@roundtable/shared/mfa';
import type { UserResponse } from '@roundtable/shared/schemas';
import { apiRequest } from './http';

/** Sign-in answers the user, or that a second factor is needed. */
export const isMfaChallenge = (value: UserResponse | MfaChallengeResponse): value is MfaChallengeResponse =>
  'mfaRequired' in value && value.mfaRequired;

/** Two-factor authentication and step-up re-authentication (docs/SECURITY.md). */
export const mfaApi = {
  verify: (body: MfaVerifyRequest) => apiRequest<UserResponse>('POST', '/api/auth/mfa/verify', body),
  status: () => apiRequest<MfaStatusResponse>('GET', '/api/auth/mfa'),
  enrol: () => apiRequest<MfaEnrolmentResponse>('POST', '/api/auth/mfa/enrol'),
  confirm: (body: MfaConfirmRequest) => apiRequest<RecoveryCodesResponse>('POST', '/api/auth/mfa/enrol/confirm', body),
  regenerateRecoveryCodes: () => apiRequest<RecoveryCodesResponse>('POST', '/api/auth/mfa/recovery-codes'),
  disable: () => apiRequest<void>('POST', '/api/auth/mfa/disable'),
  stepUpStatus: () => apiRequest<StepUpStatusResponse>('GET', '/api/auth/step-up'),
  stepUp: (body: StepUpRequest) => apiRequest<StepUpStatusResponse>('POST', '/api/auth/step-up', body),
};
