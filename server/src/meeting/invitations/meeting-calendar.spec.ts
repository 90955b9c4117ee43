import {
  addressOf,
  buildMeetingIcs,
  londonWallTime,
  memberInvitationEmail,
  removedEmail,
  type InvitationMeeting,
} from './meeting-calendar';

const meeting = (scheduledAt: string): InvitationMeeting => ({
  id: '6f1c1d52-6a43-4c1e-9a57-4d7b1a1e2f10',
  reference: 'SD-2026-0142',
  type: 'strategy-discussion',
  scheduledAt: new Date(scheduledAt),
});
const options = { publicUrl: 'https://rt.example.org', mailFrom: 'Roundtable <rt@example.org>' };

describe('calendar invitations', () => {
  it('writes the London wall time of an instant, in summer (BST) and winter (GMT)', () => {
    expect(londonWallTime(new Date('2026-07-14T09:00:00Z'))).toBe('2026-07-14T10:00:00');
    expect(londonWallTime(new Date('2026-12-08T10:00:00Z'))).toBe('2026-12-08T10:00:00');
  });

  it('builds a REQUEST with a Europe/London VTIMEZONE, the stable UID, the SEQUENCE and a UTC DTSTAMP', () => {
    const ics = buildMeetingIcs(
      meeting('2026-07-14T09:00:00Z'),
      { uid: 'u-1@roundtable', sequence: 3 },
      'REQUEST',
      'a@example.org',
      {
        ...options,
        now: new Date('2026-07-01T08:30:05Z'),
      },
    );
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('BEGIN:VTIMEZONE');
    expect(ics).toContain('TZID:Europe/London');
    expect(ics).toContain('DTSTART;TZID=Europe/London:20260714T100000');
    expect(ics).toContain('DTEND;TZID=Europe/London:20260714T110000');
    expect(ics).toContain('UID:u-1@roundtable');
    expect(ics).toContain('SEQUENCE:3');
    expect(ics).toContain('DTSTAMP:20260701T083005Z');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('mailto:rt@example.org');
    expect(ics).toContain('SUMMARY:Strategy discussion SD-2026-0142');
  });

  it('builds a CANCEL with STATUS:CANCELLED', () => {
    const ics = buildMeetingIcs(
      meeting('2026-12-08T10:00:00Z'),
      { uid: 'u-1@roundtable', sequence: 4 },
      'CANCEL',
      'a@example.org',
      options,
    );
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('DTSTART;TZID=Europe/London:20261208T100000');
  });

  it('says the kind of meeting, its reference, its time and the link, and carries the calendar part', () => {
    const mail = memberInvitationEmail('a@example.org', meeting('2026-12-08T10:00:00Z'), 'ICS', options.publicUrl);
    expect(mail.subject).toBe('Invitation: strategy discussion SD-2026-0142 on Tuesday 8 December 2026 at 10am');
    expect(mail.text).toContain(
      'You have been invited to strategy discussion SD-2026-0142 on Tuesday 8 December 2026 at 10am.',
    );
    expect(mail.text).toContain('https://rt.example.org/meetings/6f1c1d52-6a43-4c1e-9a57-4d7b1a1e2f10');
    expect(mail.calendar).toEqual({ method: 'REQUEST', ics: 'ICS' });
    expect(removedEmail('a@example.org', meeting('2026-12-08T10:00:00Z'), 'ICS').calendar?.method).toBe('CANCEL');
  });

  it('takes the address out of MAIL_FROM', () => {
    expect(addressOf('Roundtable <rt@example.org>')).toBe('rt@example.org');
    expect(addressOf('rt@example.org')).toBe('rt@example.org');
  });
});
