import { formatDateTime } from '@roundtable/shared/dates';

/**
 * What the members list says of a practitioner invited for one meeting:
 * until the meeting concludes their end is not fixed; from then on it is a
 * moment (conclusion + INVITEE_ACCESS_HOURS_AFTER_CONCLUSION), past or future.
 */
export function inviteeAccessText(accessEndsAt: string | null, now: Date = new Date()): string {
  if (accessEndsAt === null) return 'Invited for this meeting — access ends a set time after it concludes';
  const ends = formatDateTime(accessEndsAt);
  return Date.parse(accessEndsAt) <= now.getTime()
    ? `Invited for this meeting — access ended ${ends}`
    : `Invited for this meeting — access ends ${ends}`;
}
