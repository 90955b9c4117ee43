import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSigningKey, publicKeyFileFor } from './audit-signing-key';

describe('the audit signing key file', () => {
  it('made on first start by several processes at once, is one key for all of them', async () => {
    // Instances starting together on a new data directory: before, all but one failed to boot (EEXIST).
    const file = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'roundtable-signing-key-')),
      'keys',
      'audit-signing-key.pem',
    );
    const keys = await Promise.all(Array.from({ length: 4 }, () => loadSigningKey(file, true)));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(publicKeyFileFor(file), 'utf8')).toBe(keys[0]?.publicKeyPem);
    await expect(loadSigningKey(file, false)).resolves.toMatchObject({ keyId: keys[0]?.keyId });
  });

  it('is refused when missing and not to be made', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'roundtable-signing-key-')), 'missing.pem');
    await expect(loadSigningKey(file, false)).rejects.toThrow(/cannot read the audit signing key/);
  });
});
