import type { Agency, MeetingRole } from '@roundtable/shared/constants';

// What the UI offers. The server authorises every change; these only avoid offering what it would refuse.

/** The chair opens decisions and closes them to further views. */
export const canChairDecisions = (role: MeetingRole): boolean => role === 'chair';

/** Chairs and participants record their agency's view; minute takers and observers cannot. */
export const canRecordView = (role: MeetingRole): boolean => role === 'chair' || role === 'participant';

/** The local authority's decision is recorded by a chair from children's social care (DOMAIN.md §3.6). */
export const canRecordLaDecision = (role: MeetingRole, agency: Agency): boolean =>
  role === 'chair' && agency === 'childrens-social-care';

/** An escalation is carried on by the chair or by participants of the dissenting agency. */
export const canActOnEscalation = (role: MeetingRole, agency: Agency, dissentingAgency: Agency): boolean =>
  role === 'chair' || (role === 'participant' && agency === dissentingAgency);

/** Observers are read-only; everyone else may add actions. */
export const canAddActions = (role: MeetingRole): boolean => role !== 'observer';

/** An action's details: the chair, its owner or its creator. */
export const canEditAction = (
  role: MeetingRole,
  userId: string,
  action: { owner: { userId: string }; createdBy: { userId: string } },
): boolean =>
  role !== 'observer' && (role === 'chair' || userId === action.owner.userId || userId === action.createdBy.userId);

/** A restriction flag on an entry (a view, an action): whoever recorded it, or the chair (DOMAIN.md §7). */
export const canFlagEntry = (role: MeetingRole, userId: string, recordedBy: { userId: string }): boolean =>
  role !== 'observer' && (role === 'chair' || userId === recordedBy.userId);

/** An action's status: the chair or its owner. */
export const canSetActionStatus = (role: MeetingRole, userId: string, action: { owner: { userId: string } }): boolean =>
  role !== 'observer' && (role === 'chair' || userId === action.owner.userId);
