import type { MyActionsResponse } from '@roundtable/shared/actions';
import type { DashboardResponse } from '@roundtable/shared/dashboard';
import type { DecisionTemplatesResponse } from '@roundtable/shared/decisions';
import { adminApi } from './admin';
import { auditApi } from './audit';
import { authApi } from './auth';
import { caseloadApi } from './caseload';
import { childrenApi } from './children';
import { circulationApi } from './circulation';
import { conferencesApi } from './conferences';
import { familyApi, outboxApi } from './family';
import { invitationsApi } from './invitations';
import { apiRequest } from './http';
import { meetingsApi } from './meetings';
import { meetingTypesApi } from './meetingTypes';
import { jobsApi, notificationsApi } from './notifications';
import { plansApi } from './plans';
import { retentionApi } from './retention';
import { serviceAccountsApi } from './serviceAccounts';
import { subjectAccessApi } from './subjectAccess';
import { webhooksApi } from './webhooks';

/**
 * The Roundtable HTTP API (docs/API.md), the only way the client calls it.
 * Request bodies and responses are the shared contract's types
 * (`@roundtable/shared/*`); forms check bodies with the same zod schemas
 * before sending. Every call rejects with an ApiError carrying the server's
 * `{ code, message, correlationId, fields }`; a 401 Unauthenticated and a 403
 * MfaEnrolmentRequired also reach the handlers the session registers.
 * Step-up re-authentication is the caller's (`useStepUp().withStepUp`).
 */
export const api = {
  auth: authApi,
  meetings: meetingsApi,
  /** Reports, the decision per child and parts held without the parents, in a conference. */
  conferences: conferencesApi,
  /** A child's child protection plan and its versions. */
  plans: plansApi,
  actions: {
    /** The signed-in user's open actions across their meetings, soonest due first. */
    mine: () => apiRequest<MyActionsResponse>('GET', '/api/actions/mine'),
  },
  /** My meetings by status and my open actions. */
  dashboard: { get: () => apiRequest<DashboardResponse>('GET', '/api/dashboard') },
  decisionTemplates: { list: () => apiRequest<DecisionTemplatesResponse>('GET', '/api/decision-templates') },
  /** Children's records across meetings, and a meeting's children. */
  children: childrenApi,
  caseload: caseloadApi,
  meetingTypes: meetingTypesApi,
  audit: auditApi,
  admin: adminApi,
  /** Family members' sign-in and session, and a meeting's family members. */
  family: familyApi,
  /** The mail outbox (administrators). */
  outbox: outboxApi,
  /** Circulating the sealed record, and a non-member's record link. */
  circulation: circulationApi,
  /** Invitations for people without an account, and accepting one. */
  invitations: invitationsApi,
  /** Service accounts for case-system integrations (administrators). */
  serviceAccounts: serviceAccountsApi,
  /** Subject access requests: assemble, redact, sign off, export (administrators, with step-up). */
  subjectAccess: subjectAccessApi,
  /** The signed-in user's notifications and which reminders they receive by email. */
  notifications: notificationsApi,
  /** The job queue (administrators). */
  jobs: jobsApi,
  /** Webhook subscriptions and deliveries (administrators). */
  webhooks: webhooksApi,
  /** Retention status, destruction runs and legal holds (administrators). */
  retention: retentionApi,
};

export { ApiError, errorMessage, isApiError, type ClientErrorCode } from './ApiError';
export { isMfaChallenge } from './auth';
export { setMfaEnrolmentRequiredHandler, setUnauthenticatedHandler } from './http';
