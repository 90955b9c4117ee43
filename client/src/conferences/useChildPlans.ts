import type { ChildProtectionPlan } from '@roundtable/shared/pathway';
import { api } from '../api';
import { useApiResource } from './useApiResource';

export type PlansByChild = ReadonlyMap<string, ChildProtectionPlan | null>;

/** The plan of each child record (null: none, or not one the reader may see), while `enabled`. */
export function useChildPlans(childIds: readonly string[], enabled: boolean) {
  const key = enabled ? childIds.join() : null;
  const plans = useApiResource<PlansByChild>(key, async () => {
    const found = await Promise.all(childIds.map(async (childId) => [childId, await api.plans.find(childId)] as const));
    return new Map(found);
  });
  /** A version saved in the room: shown at once, without reading every plan again. */
  const keep = (plan: ChildProtectionPlan) =>
    plans.setData((previous) => new Map(previous ?? []).set(plan.childId, plan));
  return { ...plans, keep };
}
