import { formatDateTime } from '@roundtable/shared/dates';
import { CIRCULATION_LIMITS, RECORD_LINK_PAGE } from '@roundtable/shared/circulation';
import type { MailMessage } from '../../platform';

/**
 * The emails of a circulation. They carry NO case content: no child's name,
 * no record text, not who else received it: only the meeting's reference,
 * its kind (never to the family, as their invitations), the version and a
 * link. An email can be read by anyone with the phone or the inbox.
 */
export interface CirculationMailMeeting {
  id: string;
  reference: string;
  /** E.g. "strategy discussion". */
  typeLabel: string;
}

/** A member: their own version is in the app. */
export function memberRecordEmail(
  to: string,
  meeting: CirculationMailMeeting,
  version: number,
  publicUrl: string,
): MailMessage {
  return {
    to,
    subject: `The record of ${meeting.typeLabel} ${meeting.reference} has been sent to you`,
    text: [
      'Hello,',
      '',
      `The chair has sent you the record of ${meeting.typeLabel} ${meeting.reference} (version ${version}).`,
      '',
      `Sign in to Roundtable to read and download your version: ${publicUrl}/meetings/${meeting.id}`,
      '',
      'If you were not expecting this email, tell the meeting’s chair.',
    ].join('\n'),
  };
}

/** A family member: the family version, through their family sign-in. Not even the kind of meeting. */
export function familyRecordEmail(to: string, meeting: CirculationMailMeeting, publicUrl: string): MailMessage {
  return {
    to,
    subject: `The record of meeting ${meeting.reference} is ready for you`,
    text: [
      'Hello,',
      '',
      `The record of meeting ${meeting.reference} is ready for you to download.`,
      '',
      `Go to ${publicUrl}/family/sign-in and enter:`,
      `- the meeting reference: ${meeting.reference}`,
      '- this email address',
      '',
      'We will email you a code to sign in with. Then choose "Download your copy of the record".',
      '',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n'),
  };
}

/** Someone who is not a member: a link for them alone, which asks for a code sent to this address. */
export function nonMemberRecordEmail(
  to: string,
  meeting: CirculationMailMeeting,
  link: { token: string; expiresAt: Date },
  publicUrl: string,
): MailMessage {
  return {
    to,
    subject: `The record of ${meeting.typeLabel} ${meeting.reference} has been sent to you`,
    text: [
      'Hello,',
      '',
      `The chair of ${meeting.typeLabel} ${meeting.reference} has sent you its record.`,
      '',
      `Download it here: ${publicUrl}${RECORD_LINK_PAGE}#${link.token}`,
      '',
      `The link is for you only. It works once, until ${formatDateTime(link.expiresAt, { weekday: true })}.`,
      'When you open it, we will email a code to this address to check it is you.',
      '',
      'The record is OFFICIAL-SENSITIVE. Do not forward this email.',
      'If you were not expecting it, tell the sender and delete it.',
    ].join('\n'),
  };
}

/** The one-time code for a record link. */
export function recordLinkCodeEmail(to: string, meeting: { reference: string }, code: string): MailMessage {
  return {
    to,
    subject: `Your code to download the record of meeting ${meeting.reference}`,
    text: [
      'Hello,',
      '',
      `Your code to download the record of meeting ${meeting.reference} is:`,
      '',
      code,
      '',
      `It works once, for ${CIRCULATION_LIMITS.codeLifetimeMinutes} minutes.`,
      '',
      'Do not share this code with anyone. If you did not ask for it, you can ignore this email.',
    ].join('\n'),
  };
}

/** The token of a record link in a non-member's email (tests read the outbox). */
export function tokenFromEmail(text: string): string | null {
  return /#([A-Za-z0-9_-]{43})\s*$/m.exec(text)?.[1] ?? null;
}
