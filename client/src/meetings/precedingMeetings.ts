import { PLAN_MEETING_TYPES } from '@roundtable/shared/pathway';
import type { MeetingSummary } from '@roundtable/shared/schemas';
import type { ConvenedFrom } from './useMeetingTypes';

/**
 * The user's meetings a new meeting of this kind can follow: for an ICPC,
 * their concluded strategy discussions; for a core group or review
 * conference, their concluded plan meetings. Most recent first.
 */
export function eligiblePreceding(meetings: readonly MeetingSummary[], convenedFrom: ConvenedFrom): MeetingSummary[] {
  if (convenedFrom === 'nothing') return [];
  return meetings
    .filter((meeting) => meeting.status === 'concluded')
    .filter((meeting) =>
      convenedFrom === 'strategy-discussion'
        ? meeting.type === 'strategy-discussion'
        : PLAN_MEETING_TYPES.includes(meeting.type),
    )
    .sort((a, b) => Date.parse(b.scheduledAt) - Date.parse(a.scheduledAt));
}
