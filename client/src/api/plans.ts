import type { ChildProtectionPlan, PlanVersionsResponse, UpdatePlanRequest } from '@roundtable/shared/pathway';
import { isApiError } from './ApiError';
import { apiRequest } from './http';

const planPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}/plan`;

/**
 * A child's child protection plan (DOMAIN-PATHWAY §4): one versioned document
 * per child, changed in the plan meetings or on the child's page.
 */
export const plansApi = {
  /** The child's plan; rejects with 404 when the child has none (or the caller may not see it). */
  get: (childId: string) => apiRequest<ChildProtectionPlan>('GET', planPath(childId)),
  /** The plan, or null when there is none to show: a child without a plan and one the caller may not see look alike. */
  find: async (childId: string): Promise<ChildProtectionPlan | null> => {
    try {
      return await plansApi.get(childId);
    } catch (error) {
      if (isApiError(error) && error.status === 404) return null;
      throw error;
    }
  },
  /** Every version, oldest first. */
  versions: (childId: string) => apiRequest<PlanVersionsResponse>('GET', `${planPath(childId)}/versions`),
  /**
   * A new version from `baseVersion`. Rejects with 409 when someone else saved
   * a version since; read the plan again to show theirs.
   */
  update: (childId: string, body: UpdatePlanRequest) => apiRequest<ChildProtectionPlan>('PUT', planPath(childId), body),
};
