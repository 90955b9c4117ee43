import type { ActionField } from '@roundtable/shared/actions';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { ActionFieldChange } from './action-change.entity';

/**
 * Who may do what with an action (DOMAIN.md §7): observers are read only
 * everywhere; anyone else may create one; the chair, the owner or the
 * creator may change its details; the owner or the chair its status.
 */
export function canCreateAction(role: MeetingRole): boolean {
  return role !== 'observer';
}

export function canEditAction(
  role: MeetingRole,
  userId: string,
  action: { ownerUserId: string; createdBy: string },
): boolean {
  return role !== 'observer' && (role === 'chair' || userId === action.ownerUserId || userId === action.createdBy);
}

export function canSetActionStatus(role: MeetingRole, userId: string, action: { ownerUserId: string }): boolean {
  return role !== 'observer' && (role === 'chair' || userId === action.ownerUserId);
}

/** The fields of an action as its history records them (strings; ISO 8601 for times). */
export type ActionFieldValues = Record<Exclude<ActionField, 'status'>, string | null>;

/** The fields that differ between two versions, in ACTION_FIELDS order, from → to. */
export function diffActionFields(before: ActionFieldValues, after: ActionFieldValues): ActionFieldChange[] {
  return (Object.keys(after) as (keyof ActionFieldValues)[])
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, from: before[field], to: after[field] }));
}
