import { isConference, MEETING_TYPE_LABELS, type MeetingType } from '@roundtable/shared/pathway';
import { DomainError } from '../../platform';
import { aMeetingOfType } from './meeting-types.service';

/** Conflict unless the meeting is a conference (initial or review): `what` is for conferences only. */
export function requireConference(type: MeetingType | null, what: string): void {
  if (type && isConference(type)) return;
  throw new DomainError(
    'Conflict',
    `${what} are for child protection conferences: this is ${aMeetingOfType(MEETING_TYPE_LABELS[type ?? 'strategy-discussion'])}`,
  );
}
