import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { canManageMeeting } from '@roundtable/shared/permissions';
import { DomainError } from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meetings.service';

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
