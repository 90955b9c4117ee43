import type { MeetingRole } from '@roundtable/shared/constants';

/**
 * Who may flag an entry (an agency view, an action) as restricted, or clear
 * its flag (DOMAIN.md §7): whoever recorded it, or the chair. Observers never,
 * even for an entry they recorded before being made an observer.
 */
export function canFlagEntry(role: MeetingRole, userId: string, entry: { recordedBy: string }): boolean {
  if (role === 'observer') return false;
  return role === 'chair' || userId === entry.recordedBy;
}
