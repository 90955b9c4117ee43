import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOidcProvidersFile } from './oidc-providers-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'oidc-providers-'));
const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const council = {
  id: 'northshire-council',
  displayName: 'Northshire County Council',
  issuer: 'https://login.northshire.example',
  clientId: 'roundtable',
  clientSecret: 'secret',
  agency: 'childrens-social-care',
};

describe('OIDC_PROVIDERS_FILE', () => {
  it('fills in the defaults and reads a client secret from its own file', () => {
    write('secret.txt', 'from-a-file\n');
    const { clientSecret: _inline, ...rest } = council;
    const result = readOidcProvidersFile(
      write('ok.json', { providers: [{ ...rest, clientSecretFile: 'secret.txt' }] }),
      {
        production: true,
      },
    );
    expect(result).toEqual({
      ok: true,
      providers: [
        expect.objectContaining({
          clientSecret: 'from-a-file',
          scopes: ['openid', 'email', 'profile'],
          claims: { email: 'email', displayName: 'name', jobTitle: 'job_title' },
          jitProvisioning: false,
          allowedEmailDomains: null,
        }),
      ],
    });
  });

  it('lists every problem of the providers', () => {
    const result = readOidcProvidersFile(
      write('bad.json', { providers: [{ ...council, id: 'Not A Slug', agency: 'fire', scopes: ['email'] }] }),
      { production: false },
    );
    const problems = result.ok ? '' : result.problems.join('\n');
    expect(problems).toMatch(/providers\.0\.id/);
    expect(problems).toMatch(/providers\.0\.agency/);
    expect(problems).toMatch(/scopes must include openid/);
  });

  it('refuses two secrets for one provider and one issuer listed twice', () => {
    const twoSecrets = write('two.json', { providers: [{ ...council, clientSecretFile: 'x' }] });
    expect(readOidcProvidersFile(twoSecrets, { production: false })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/exactly one of clientSecret and clientSecretFile/)],
    });
    const twice = write('twice.json', { providers: [council, { ...council, id: 'other' }] });
    expect(readOidcProvidersFile(twice, { production: false })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/each issuer can be listed once/)],
    });
  });

  it('accepts plain http only for a loopback provider outside production', () => {
    const local = write('local.json', { providers: [{ ...council, issuer: 'http://127.0.0.1:4000' }] });
    expect(readOidcProvidersFile(local, { production: false }).ok).toBe(true);
    expect(readOidcProvidersFile(local, { production: true }).ok).toBe(false);
    const remote = write('remote.json', { providers: [{ ...council, issuer: 'http://login.example' }] });
    expect(readOidcProvidersFile(remote, { production: false }).ok).toBe(false);
  });

  it('names an unreadable or unparsable file', () => {
    expect(readOidcProvidersFile(path.join(dir, 'missing.json'), { production: false })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/cannot read .*missing\.json \(ENOENT\)/)],
    });
    expect(readOidcProvidersFile(write('broken.json', '{'), { production: false }).ok).toBe(false);
  });
});
