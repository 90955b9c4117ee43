import type { OidcProvidersResponse } from '@roundtable/shared/oidc';
import { apiRequest } from '../api/http';

/** Single sign-on: the identity providers this deployment offers. */
export const oidcApi = {
  providers: () => apiRequest<OidcProvidersResponse>('GET', '/api/auth/oidc/providers'),
};

/** Where "Sign in with …" goes: a full-page navigation to the server, which redirects to the provider. */
export const oidcStartUrl = (providerId: string) => `/api/auth/oidc/${encodeURIComponent(providerId)}/start`;
