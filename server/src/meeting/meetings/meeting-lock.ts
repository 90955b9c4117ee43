import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { CANNOT_CONVENE, canConveneMeeting, canManageMeeting, isRecordFinal } from '@roundtable/shared/permissions';
import { DomainError } from '../../platform';
import { MEETING_NOT_FOUND } from './meeting.errors';

/** A meeting row, locked for the rest of the transaction, with the caller's role in it. */
export interface LockedMeeting {
  id: string;
  reference: string;
  status: MeetingStatus;
  role: MeetingRole;
  reviewDate: string | null;
}

/**
 * What a membership lookup found; MeetingNotFound when it found nothing, so
 * a non-member learns exactly what they would for a meeting that does not exist.
 */
export function requireMeetingMember<T>(found: T | null): T {
  if (found === null) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
  return found;
}

/** Forbidden unless the caller may run the meeting (its chair). */
export function requireChair(meeting: LockedMeeting, action: string): void {
  if (!canManageMeeting(meeting.role)) throw new DomainError('Forbidden', `Only the chair can ${action}`);
}

/**
 * Forbidden unless the caller's account may convene and chair (an
 * administrator's permission): a member made chair before the permission
 * existed, or whose permission was taken away, cannot start or conclude.
 */
export function requireChairPermission(account: { canChair: boolean; isAuditor: boolean }): void {
  if (!canConveneMeeting(account)) throw new DomainError('Forbidden', CANNOT_CONVENE);
}

export const CONCLUDED_REFUSAL =
  'This strategy discussion has concluded: its decisions are final. Add an addendum to the record instead';

/**
 * MeetingConcluded when the meeting has concluded: its record is final. Give
 * it the status read while the caller's transaction holds the meeting's lock
 * (MeetingLockRepository.findStatus), so no conclusion slips in between.
 */
export function refuseWhenConcluded(status: MeetingStatus | null, message = CONCLUDED_REFUSAL): void {
  if (status && isRecordFinal(status)) throw new DomainError('MeetingConcluded', message);
}
