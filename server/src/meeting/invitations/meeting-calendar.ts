import { formatDateTime, isoToLondonLocal } from '@roundtable/shared/dates';
import { CALENDAR_EVENT_MINUTES } from '@roundtable/shared/invitations';
import { MEETING_TYPE_LABELS, type MeetingType } from '@roundtable/shared/pathway';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { MailMessage } from '../../platform';

/**
 * Calendar invitations and the emails that carry them. They carry NO case
 * content: never a child's name, the meeting's reason or record text; only the
 * kind of meeting, its reference, its time and a link to it (docs/EMAIL.md).
 */

export const MEETING_TIME_ZONE = 'Europe/London';

/** What an invitation may say about a meeting: nothing else is passed in, so nothing else can leak. */
export interface InvitationMeeting {
  id: string;
  reference: string;
  type: MeetingType;
  scheduledAt: Date;
}

/** One recipient's event: its stable UID and the SEQUENCE of this version. */
export interface CalendarEventVersion {
  uid: string;
  sequence: number;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * The wall-clock time in London of an instant, as `YYYY-MM-DDTHH:mm:00`
 * (meetings start on the minute). ical-generator reads a zoneless string with
 * the process's local getters, which give back the same wall time in any
 * process time zone.
 */
export const londonWallTime = (instant: Date): string => `${isoToLondonLocal(instant)}:00`;

const utcStamp = (instant: Date) =>
  `${instant.getUTCFullYear()}${twoDigits(instant.getUTCMonth() + 1)}${twoDigits(instant.getUTCDate())}T` +
  `${twoDigits(instant.getUTCHours())}${twoDigits(instant.getUTCMinutes())}${twoDigits(instant.getUTCSeconds())}Z`;

/** The address inside MAIL_FROM ("Roundtable <no-reply@example.org>" or a bare address). */
export const addressOf = (from: string): string => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();

export const meetingLink = (publicUrl: string, meetingId: string) => `${publicUrl}/meetings/${meetingId}`;

/** "strategy discussion SD-2026-0142". */
export const meetingName = (meeting: InvitationMeeting) =>
  `${MEETING_TYPE_LABELS[meeting.type].toLowerCase()} ${meeting.reference}`;

/**
 * One VCALENDAR with METHOD REQUEST (new or changed) or CANCEL, one VEVENT
 * with the recipient's stable UID and this version's SEQUENCE, its times in
 * Europe/London with that zone's VTIMEZONE.
 */
export function buildMeetingIcs(
  meeting: InvitationMeeting,
  event: CalendarEventVersion,
  method: 'REQUEST' | 'CANCEL',
  recipient: string,
  options: { publicUrl: string; mailFrom: string; now?: Date },
): string {
  const calendar = new ICalCalendar({
    prodId: { company: 'Roundtable', product: 'Meeting invitations', language: 'EN' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.timezone({ name: MEETING_TIME_ZONE, generator: (tz) => tzlib_get_ical_block(tz)[0] ?? null });
  const end = new Date(meeting.scheduledAt.getTime() + CALENDAR_EVENT_MINUTES * 60_000);
  const link = meetingLink(options.publicUrl, meeting.id);
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    start: londonWallTime(meeting.scheduledAt),
    end: londonWallTime(end),
    timezone: MEETING_TIME_ZONE,
    summary: `${MEETING_TYPE_LABELS[meeting.type]} ${meeting.reference}`,
    description: `Open the meeting in Roundtable: ${link}`,
    url: link,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: 'Roundtable', email: addressOf(options.mailFrom) },
    attendees: [{ email: recipient, rsvp: false }],
  });
  // DTSTAMP must be UTC; ical-generator writes it in the calendar's zone without the Z.
  return calendar.toString().replace(/^DTSTAMP:.*$/m, `DTSTAMP:${utcStamp(options.now ?? new Date())}`);
}

/** When, in words: "Tuesday 8 December 2026 at 10am". */
const when = (meeting: InvitationMeeting) => formatDateTime(meeting.scheduledAt, { weekday: true });

const footer = ['', 'If you were not expecting this email, tell the meeting’s chair.'];

/** To a professional added to a meeting (REQUEST). */
export function memberInvitationEmail(
  to: string,
  meeting: InvitationMeeting,
  ics: string,
  publicUrl: string,
): MailMessage {
  return {
    to,
    subject: `Invitation: ${meetingName(meeting)} on ${when(meeting)}`,
    text: [
      'Hello,',
      '',
      `You have been invited to ${meetingName(meeting)} on ${when(meeting)}.`,
      '',
      `Open the meeting: ${meetingLink(publicUrl, meeting.id)}`,
      '',
      'A calendar invitation is attached.',
      ...footer,
    ].join('\n'),
    calendar: { method: 'REQUEST', ics },
  };
}

/** To every member when the meeting's time changes (REQUEST, same UID, next SEQUENCE). */
export function rescheduledEmail(to: string, meeting: InvitationMeeting, ics: string, publicUrl: string): MailMessage {
  return {
    to,
    subject: `New time: ${meetingName(meeting)} is now on ${when(meeting)}`,
    text: [
      'Hello,',
      '',
      `The time of ${meetingName(meeting)} has changed. It is now on ${when(meeting)}.`,
      '',
      `Open the meeting: ${meetingLink(publicUrl, meeting.id)}`,
      '',
      'The attached calendar invitation updates the event in your calendar.',
      ...footer,
    ].join('\n'),
    calendar: { method: 'REQUEST', ics },
  };
}

/** To a member removed from the meeting (CANCEL). */
export function removedEmail(to: string, meeting: InvitationMeeting, ics: string): MailMessage {
  return {
    to,
    subject: `Cancelled: ${meetingName(meeting)} on ${when(meeting)}`,
    text: [
      'Hello,',
      '',
      `You are no longer a member of ${meetingName(meeting)} on ${when(meeting)}.`,
      '',
      'The attached calendar update removes the event from your calendar.',
      ...footer,
    ].join('\n'),
    calendar: { method: 'CANCEL', ics },
  };
}

/** To someone without an account: the link to set one up (or sign in with single sign-on) and join. */
export function accountInvitationEmail(
  to: string,
  meeting: InvitationMeeting,
  link: string,
  expiresAt: Date,
  ics: string,
): MailMessage {
  return {
    to,
    subject: `Invitation: ${meetingName(meeting)} on ${when(meeting)}`,
    text: [
      'Hello,',
      '',
      `You have been invited to ${meetingName(meeting)} on ${when(meeting)}.`,
      '',
      'To take part, set up your Roundtable account, or sign in with your organisation’s single sign-on, here:',
      link,
      '',
      `The link works once, only for this email address, until ${formatDateTime(expiresAt, { weekday: true })}.`,
      '',
      'A calendar invitation is attached.',
      ...footer,
    ].join('\n'),
    calendar: { method: 'REQUEST', ics },
  };
}
