import {
  familyRecordEmail,
  memberRecordEmail,
  nonMemberRecordEmail,
  recordLinkCodeEmail,
  tokenFromEmail,
} from './circulation-mail';
import { emailHint } from './record-links.service';

const meeting = {
  id: '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91',
  reference: 'SD-2026-0142',
  typeLabel: 'strategy discussion',
};
const token = 'abcDEF0123456789_-abcDEF0123456789_-abcdefg';
const URL = 'https://rt.example.org';

describe('circulation emails', () => {
  it('give a member the reference, the kind of meeting, the version and the meeting’s address, nothing else', () => {
    const mail = memberRecordEmail('hana@example.org', meeting, 2, URL);
    expect(mail.subject).toBe('The record of strategy discussion SD-2026-0142 has been sent to you');
    expect(mail.text).toContain('(version 2)');
    expect(mail.text).toContain(`${URL}/meetings/${meeting.id}`);
  });

  it('give a non-member a link with the token in the fragment, its expiry, and a warning not to forward it', () => {
    const mail = nonMemberRecordEmail(
      'gp@example.nhs.uk',
      meeting,
      { token, expiresAt: new Date('2026-03-16T17:00:00Z') },
      URL,
    );
    expect(mail.text).toContain(`${URL}/record-link#${token}`);
    expect(mail.text).toContain('Monday 16 March 2026 at 5pm');
    expect(mail.text).toContain('Do not forward this email');
    expect(tokenFromEmail(mail.text)).toBe(token);
  });

  it('tell a family member where to sign in, without even the kind of meeting', () => {
    const mail = familyRecordEmail('jo@example.org', meeting, URL);
    expect(`${mail.subject}\n${mail.text}`).not.toContain('strategy discussion');
    expect(mail.text).toContain(`${URL}/family/sign-in`);
    expect(mail.text).toContain('SD-2026-0142');
  });

  it('send a code on a line of its own', () => {
    expect(recordLinkCodeEmail('gp@example.nhs.uk', meeting, '012345').text).toMatch(/^012345$/m);
  });

  it('hide most of an address on the link’s page', () => {
    expect(emailHint('gita.gp@example.nhs.uk')).toBe('g•••@example.nhs.uk');
  });
});
