import { isLoopbackHost, isPublicAddress, webhookUrlProblem } from './webhook-target';

describe('where webhooks may go', () => {
  it('knows public addresses from loopback, private, link-local and other special ones', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isPublicAddress(address)).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-address',
    ])
      expect(isPublicAddress(address)).toBe(false);
  });

  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.9.9.9', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['example.org', '10.0.0.1', '[fe80::1]']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('allows HTTPS, and HTTP only to this machine outside production', () => {
    expect(webhookUrlProblem('https://case.example.org/hooks', true)).toBeNull();
    expect(webhookUrlProblem('https://case.example.org:8443/hooks?x=1', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:4000/hooks', false)).toBeNull();
    expect(webhookUrlProblem('http://localhost/hooks', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:4000/hooks', true)).toMatch(/https:\/\//);
    expect(webhookUrlProblem('http://case.example.org/hooks', false)).toMatch(/https:\/\//);
  });

  it('refuses other schemes, credentials, fragments and (in production) private or loopback literals', () => {
    expect(webhookUrlProblem('ftp://case.example.org/', false)).toMatch(/https:\/\//);
    expect(webhookUrlProblem('nonsense', false)).toMatch(/full web address/);
    expect(webhookUrlProblem('https://a:b@case.example.org/', false)).toMatch(/user name or password/);
    expect(webhookUrlProblem('https://case.example.org/#x', false)).toMatch(/fragment/);
    expect(webhookUrlProblem('https://10.0.0.5/hooks', true)).toMatch(/public internet/);
    expect(webhookUrlProblem('https://[::1]/hooks', true)).toMatch(/public internet/);
    expect(webhookUrlProblem('https://localhost/hooks', true)).toMatch(/public internet/);
    expect(webhookUrlProblem('https://10.0.0.5/hooks', false)).toBeNull();
  });
});
