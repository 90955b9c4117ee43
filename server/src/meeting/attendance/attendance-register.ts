import { type Agency, MINIMUM_AGENCIES, type MeetingRole } from '@roundtable/shared/constants';
import type { Absentee, Apology, AttendanceRegister, Attendee, MeetingStatus } from '@roundtable/shared/lifecycle';

export interface RegisterPerson {
  userId: string;
  displayName: string;
  jobTitle: string;
  agency: Agency;
  organisation: string | null;
  /** Null for someone who attended and has since left the membership. */
  role: MeetingRole | null;
}

export interface PresencePeriod {
  userId: string;
  joinedAt: Date;
  /** Null while the connection is open. */
  leftAt: Date | null;
}

export interface RegisterInput {
  meeting: { id: string; status: MeetingStatus; startedAt: Date | null; concludedAt: Date | null };
  /** Current members first; then anyone else who was ever present (role null). */
  people: RegisterPerson[];
  periods: PresencePeriod[];
  /** The latest apology per user. */
  apologies: Map<string, Apology>;
}

/**
 * The attendance register (DOMAIN.md §3.5 item 1) from presence periods.
 * Only time while the discussion was live counts: each period is clipped to
 * [start, conclusion] (or now while live), overlapping periods of one person
 * (two tabs) are merged, so total time is never double counted.
 */
export function buildRegister(input: RegisterInput, now: Date): AttendanceRegister {
  const { meeting } = input;
  const from = meeting.startedAt;
  const until = meeting.concludedAt ?? (meeting.status === 'live' ? now : null);
  const attendees: Attendee[] = [];
  const absent: Absentee[] = [];
  for (const person of input.people) {
    const own = input.periods.filter((p) => p.userId === person.userId);
    const clipped = from && until ? clip(own, from, until) : [];
    if (clipped.length === 0) {
      if (person.role === null) continue;
      absent.push({ ...person, role: person.role, apology: input.apologies.get(person.userId) ?? null });
      continue;
    }
    const present = meeting.status === 'live' && own.some((p) => p.leftAt === null);
    attendees.push({
      ...person,
      firstJoinedAt: new Date(Math.min(...clipped.map(([s]) => s))).toISOString(),
      lastLeftAt: present ? null : new Date(Math.max(...clipped.map(([, e]) => e))).toISOString(),
      totalSeconds: Math.floor(mergedLength(clipped) / 1000),
      present,
    });
  }
  const attended = new Set(attendees.map((a) => a.agency));
  return {
    meetingId: meeting.id,
    status: meeting.status,
    countedFrom: from?.toISOString() ?? null,
    countedUntil: meeting.concludedAt?.toISOString() ?? null,
    attendees,
    absent,
    missingMinimumAgencies: MINIMUM_AGENCIES.filter((agency) => !attended.has(agency)),
    asOf: now.toISOString(),
  };
}

/** Periods overlapping [from, until], cut to it, as [start, end] in ms. */
function clip(periods: PresencePeriod[], from: Date, until: Date): [number, number][] {
  const lo = from.getTime();
  const hi = until.getTime();
  return periods
    .map((p): [number, number] => [Math.max(p.joinedAt.getTime(), lo), Math.min(p.leftAt?.getTime() ?? hi, hi)])
    .filter(([s, e]) => e >= s);
}

function mergedLength(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const [s, e] of sorted) {
    if (current && s <= current[1]) current[1] = Math.max(current[1], e);
    else {
      if (current) total += current[1] - current[0];
      current = [s, e];
    }
  }
  return current ? total + current[1] - current[0] : total;
}
