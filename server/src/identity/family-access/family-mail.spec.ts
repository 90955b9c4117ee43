import { codeFromEmail, invitationEmail, signInCodeEmail } from './family-mail';

describe('family emails', () => {
  const meeting = { reference: 'ICPC-2026-0001', scheduledAt: new Date('2026-03-19T10:00:00Z') };

  it('give the reference, the time and where to sign in; the code email the code, found again by codeFromEmail', () => {
    const invite = invitationEmail('jo@example.org', meeting, 'https://rt.example.org');
    expect(invite.text).toContain('ICPC-2026-0001');
    expect(invite.text).toContain('https://rt.example.org/family/sign-in');
    expect(invite.text).toContain('19 March 2026');
    const code = signInCodeEmail('jo@example.org', meeting, '012345', 'https://rt.example.org');
    expect(code.subject).not.toContain('012345');
    expect(codeFromEmail(code.text)).toBe('012345');
    expect(codeFromEmail(invite.text)).toBeNull();
  });

  it('carry nothing but what they are given: no meeting type, no case content', () => {
    for (const mail of [
      invitationEmail('jo@example.org', meeting, 'http://localhost:3000'),
      signInCodeEmail('jo@example.org', meeting, '123456', 'http://localhost:3000'),
    ]) {
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(/child protection|conference|strategy|safeguarding/i);
    }
  });
});
