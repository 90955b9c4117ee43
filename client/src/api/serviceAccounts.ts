import type {
  CreateServiceAccountRequest,
  IssuedServiceTokenResponse,
  ServiceAccount,
  ServiceAccountListResponse,
} from '@roundtable/shared/integrations';
import { apiRequest } from './http';

const accountPath = (id: string) => `/api/admin/service-accounts/${encodeURIComponent(id)}`;

/** Service accounts for case-system integrations (administrators only; docs/INTEGRATIONS.md). */
export const serviceAccountsApi = {
  list: () => apiRequest<ServiceAccountListResponse>('GET', '/api/admin/service-accounts'),
  /** Needs step-up. The answer holds the token: shown once. */
  create: (body: CreateServiceAccountRequest) =>
    apiRequest<IssuedServiceTokenResponse>('POST', '/api/admin/service-accounts', body),
  /** Needs step-up. The answer holds the token: shown once. */
  issueToken: (id: string, expiresInDays: number | null) =>
    apiRequest<IssuedServiceTokenResponse>('POST', `${accountPath(id)}/tokens`, { expiresInDays }),
  revokeToken: (id: string, tokenId: string) =>
    apiRequest<ServiceAccount>('POST', `${accountPath(id)}/tokens/${encodeURIComponent(tokenId)}/revoke`),
  disable: (id: string) => apiRequest<ServiceAccount>('POST', `${accountPath(id)}/disable`),
};
