import type { ActionField } from '@roundtable/shared/actions';
import type { ActionFieldChange } from './action-change.entity';

/** The fields of an action as its history records them (strings; ISO 8601 for times). */
export type ActionFieldValues = Record<Exclude<ActionField, 'status'>, string | null>;

/** The fields that differ between two versions, in ACTION_FIELDS order, from → to. */
export function diffActionFields(before: ActionFieldValues, after: ActionFieldValues): ActionFieldChange[] {
  return (Object.keys(after) as (keyof ActionFieldValues)[])
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
}
