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
import type { OidcProvidersResponse, StepUpOptionsResponse } from '@roundtable/shared/oidc';
import type { LoginRequest, UserResponse } from '@roundtable/shared/schemas';
import { apiRequest } from './http';

const oidcStartPath = (providerId: string) => `/api/auth/oidc/${encodeURIComponent(providerId)}/start`;

/** Sign-in answers the user, or that a second factor is needed. */
export const isMfaChallenge = (value: UserResponse | MfaChallengeResponse): value is MfaChallengeResponse =>
  'mfaRequired' in value && value.mfaRequired;

/** Signing in and out, two-factor authentication, step-up re-authentication and single sign-on (docs/SECURITY.md). */
export const authApi = {
  login: (body: LoginRequest) => apiRequest<UserResponse | MfaChallengeResponse>('POST', '/api/auth/login', body),
  logout: () => apiRequest<void>('POST', '/api/auth/logout'),
  /** The signed-in user; 401 Unauthenticated when there is no session. */
  me: () => apiRequest<UserResponse>('GET', '/api/me'),

  mfa: {
    status: () => apiRequest<MfaStatusResponse>('GET', '/api/auth/mfa'),
    /** The second step of a sign-in that answered a challenge. */
    verify: (body: MfaVerifyRequest) => apiRequest<UserResponse>('POST', '/api/auth/mfa/verify', body),
    enrol: () => apiRequest<MfaEnrolmentResponse>('POST', '/api/auth/mfa/enrol'),
    confirm: (body: MfaConfirmRequest) =>
      apiRequest<RecoveryCodesResponse>('POST', '/api/auth/mfa/enrol/confirm', body),
    regenerateRecoveryCodes: () => apiRequest<RecoveryCodesResponse>('POST', '/api/auth/mfa/recovery-codes'),
    disable: () => apiRequest<void>('POST', '/api/auth/mfa/disable'),
  },

  stepUp: {
    /** How long the session stays fresh for protected actions, and whether a code is needed too. */
    status: () => apiRequest<StepUpStatusResponse>('GET', '/api/auth/step-up'),
    confirm: (body: StepUpRequest) => apiRequest<StepUpStatusResponse>('POST', '/api/auth/step-up', body),
  },

  oidc: {
    /** The identity providers this deployment offers. */
    providers: () => apiRequest<OidcProvidersResponse>('GET', '/api/auth/oidc/providers'),
    stepUpOptions: () => apiRequest<StepUpOptionsResponse>('GET', '/api/auth/oidc/step-up-options'),
    /** Where "Sign in with …" goes: a full-page navigation to the server, which redirects to the provider. */
    startUrl: (providerId: string) => oidcStartPath(providerId),
    /** "Sign in with …", coming back to `returnTo` (a path of this app) once signed in. */
    signInUrl: (providerId: string, returnTo: string) =>
      `${oidcStartPath(providerId)}?${new URLSearchParams({ returnTo }).toString()}`,
    /** "Confirm with …": a fresh sign-in at the provider that marks this session re-authenticated, then back here. */
    stepUpUrl: (providerId: string, returnTo: string) =>
      `${oidcStartPath(providerId)}?${new URLSearchParams({ purpose: 'step-up', returnTo }).toString()}`,
  },
};
