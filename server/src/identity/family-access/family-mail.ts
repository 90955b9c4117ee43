import { formatDateTime } from '@roundtable/shared/dates';
import { FAMILY_LIMITS } from '@roundtable/shared/family';
import type { MailMessage } from '../../platform';

/**
 * The emails a family member receives. They carry NO case content: no
 * child's name, no record text, not even the kind of meeting: only the
 * meeting reference, its time, the sign-in address and (for a code) the code.
 * An email can be read by anyone with the phone or the inbox.
 */
export interface FamilyMailMeeting {
  reference: string;
  scheduledAt: Date;
}

const signInAddress = (publicUrl: string) => `${publicUrl}/family/sign-in`;

/** "You have been invited": where and how to sign in. */
export function invitationEmail(to: string, meeting: FamilyMailMeeting, publicUrl: string): MailMessage {
  return {
    to,
    subject: `You have been invited to meeting ${meeting.reference}`,
    text: [
      'Hello,',
      '',
      `You have been invited to take part in meeting ${meeting.reference} on ${formatDateTime(meeting.scheduledAt, { weekday: true })}.`,
      '',
      `To sign in, go to ${signInAddress(publicUrl)} and enter:`,
      `- the meeting reference: ${meeting.reference}`,
      '- this email address',
      '',
      'We will then email you a code to sign in with. You do not need a password.',
      '',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n'),
  };
}

/** The one-time code. */
export function signInCodeEmail(to: string, meeting: FamilyMailMeeting, code: string, publicUrl: string): MailMessage {
  return {
    to,
    subject: `Your sign-in code for meeting ${meeting.reference}`,
    text: [
      'Hello,',
      '',
      `Your code to sign in to meeting ${meeting.reference} (${formatDateTime(meeting.scheduledAt, { weekday: true })}) is:`,
      '',
      code,
      '',
      `It works once, for ${FAMILY_LIMITS.codeLifetimeMinutes} minutes. Enter it at ${signInAddress(publicUrl)}.`,
      '',
      'Do not share this code with anyone. If you did not ask for it, you can ignore this email.',
    ].join('\n'),
  };
}

/** Finds the code in a sign-in code email's text (tests and the demo read the outbox). */
export function codeFromEmail(text: string): string | null {
  return new RegExp(`^(\\d{${FAMILY_LIMITS.codeLength}})$`, 'm').exec(text)?.[1] ?? null;
}
