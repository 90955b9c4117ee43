import type { OidcProvidersResponse, StepUpOptionsResponse } from '@roundtable/shared/oidc';
import { apiRequest } from '../api/http';

/** Single sign-on: the identity providers this deployment offers. */
export const oidcApi = {
  providers: () => apiRequest<OidcProvidersResponse>('GET', '/api/auth/oidc/providers'),
  stepUpOptions: () => apiRequest<StepUpOptionsResponse>('GET', '/api/auth/oidc/step-up-options'),
};

/** Where "Sign in with …" goes: a full-page navigation to the server, which redirects to the provider. */
export const oidcStartUrl = (providerId: string) => `/api/auth/oidc/${encodeURIComponent(providerId)}/start`;

/** "Confirm with …": a fresh sign-in at the provider that marks this session re-authenticated, then back here. */
export const oidcStepUpUrl = (providerId: string, returnTo: string) =>
  `${oidcStartUrl(providerId)}?${new URLSearchParams({ purpose: 'step-up', returnTo }).toString()}`;
