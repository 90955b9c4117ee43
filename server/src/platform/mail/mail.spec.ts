import { ConfigError, loadConfig } from '../config/app-config';
import { LiveConnectionRegistry, type LiveConnection } from '../live-connections/live-connections.registry';

describe('mail and family access configuration', () => {
  it('has no SMTP server by default (the outbox only), 30 days of family access, links to localhost', () => {
    const config = loadConfig({ PORT: '3100' });
    expect(config).toMatchObject({
      smtpUrl: undefined,
      familyAccessDaysAfterConclusion: 30,
      publicUrl: 'http://localhost:3100',
    });
  });

  it('takes an smtp:// or smtps:// SMTP_URL and a PUBLIC_URL without its trailing slash', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', PUBLIC_URL: 'https://rt.example.org/' });
    expect(config.smtpUrl).toBe('smtps://u:p@mail.example.org:465');
    expect(config.publicUrl).toBe('https://rt.example.org');
  });

  it('refuses anything else, saying which variable', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ FAMILY_ACCESS_DAYS_AFTER_CONCLUSION: '-1' })).toThrow(
      /FAMILY_ACCESS_DAYS_AFTER_CONCLUSION/,
    );
  });
});

describe('family announcements on the live connection registry', () => {
  const connection = (over: Partial<LiveConnection>) => {
    const closed: number[] = [];
    const c: LiveConnection = {
      sessionId: 's',
      userId: 'u',
      meetingId: 'm',
      close: (code) => closed.push(code),
      changeRole: () => undefined,
      ...over,
    };
    return { c, closed };
  };

  it('closes a family session’s connections, and every connection of a revoked participant, and no one else’s', () => {
    const registry = new LiveConnectionRegistry();
    const sessionA = connection({ sessionId: 'fs1', userId: 'p1', familyParticipantId: 'p1' });
    const sessionB = connection({ sessionId: 'fs2', userId: 'p1', familyParticipantId: 'p1' });
    const other = connection({ sessionId: 'fs3', userId: 'p2', familyParticipantId: 'p2' });
    const professional = connection({ sessionId: 'fs1', userId: 'u1' });
    for (const { c } of [sessionA, sessionB, other, professional]) registry.register(c);
    expect(registry.closeFamilySession('fs1')).toBe(1);
    expect(sessionA.closed).toHaveLength(1);
    expect(professional.closed).toHaveLength(0);
    expect(registry.closeFamilyParticipant('p1')).toBe(1);
    expect(sessionB.closed).toHaveLength(1);
    expect(other.closed).toHaveLength(0);
  });
});
