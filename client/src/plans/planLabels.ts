import { AGENCY_LABELS } from '@roundtable/shared/constants';
import type { PersonRef } from '@roundtable/shared/decisions';
import {
  CP_CATEGORY_LABELS,
  PLAN_ACTION_OWNER_AGENCIES,
  type CpCategory,
  type PlanActionOwnerAgency,
} from '@roundtable/shared/pathway';

/** Who owns a plan's action: an agency, or the family (DOMAIN-PATHWAY §4: "a professional or a family member"). */
export const PLAN_AGENCY_LABELS: Record<PlanActionOwnerAgency, string> = { ...AGENCY_LABELS, family: 'Family' };

export const PLAN_AGENCY_OPTIONS = PLAN_ACTION_OWNER_AGENCIES.map((value) => ({
  value,
  text: PLAN_AGENCY_LABELS[value],
}));

/** "Sam Chair (Children's social care)". */
export function personWithAgency(person: PersonRef): string {
  return `${person.displayName} (${AGENCY_LABELS[person.agency]})`;
}

/** "Neglect and Emotional abuse" style list of categories, in the order given. */
export function categoryList(categories: readonly CpCategory[]): string {
  const labels = categories.map((category) => CP_CATEGORY_LABELS[category]);
  if (labels.length < 2) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/** The first 12 hex digits of a version's sha256: enough to compare by eye with the trail and the sealed record. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
