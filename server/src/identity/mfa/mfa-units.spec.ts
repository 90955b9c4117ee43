import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecoveryCodeSchema, TotpCodeSchema } from '@roundtable/shared/mfa';
import { ConfigError, loadConfig } from '../../platform/config/app-config';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import { loadMfaEncryptionKey, open, seal } from './secret-box';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'roundtable-mfa-'));

describe('TOTP secrets at rest', () => {
  const key = Buffer.alloc(32, 7);

  it('decrypt with the key and the user they were sealed for, and nothing else', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'user_mfa:a');
    expect(sealed.toString('latin1')).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, sealed, 'user_mfa:a')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => open(key, sealed, 'user_mfa:b')).toThrow();
    expect(() => open(Buffer.alloc(32, 8), sealed, 'user_mfa:a')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => open(key, tampered, 'user_mfa:a')).toThrow();
    // A fresh IV each time.
    expect(seal(key, 'JBSWY3DPEHPK3PXP', 'user_mfa:a').equals(sealed)).toBe(false);
  });

  it('use a key file made on first start (0600) and read afterwards; refuse a missing one when not allowed to make it', async () => {
    const file = path.join(tmp(), 'keys', 'mfa-encryption-key');
    await expect(loadMfaEncryptionKey(file, false)).rejects.toThrow(/cannot read the MFA encryption key/);
    const made = await loadMfaEncryptionKey(file, true);
    expect(made).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await loadMfaEncryptionKey(file, false)).equals(made)).toBe(true);
    const short = path.join(tmp(), 'short');
    writeFileSync(short, Buffer.alloc(16).toString('base64'));
    await expect(loadMfaEncryptionKey(short, false)).rejects.toThrow(/not 32 bytes/);
    expect(readFileSync(file, 'utf8').trim()).toBe(made.toString('base64'));
  });

  it('made on first start, is never seen half written: a loader reading meanwhile gets the whole key or none', async () => {
    // The modules that derive keys from it boot together. Before, one could read the file
    // another had created but not yet written, and refuse to boot; a crash in between left
    // an empty key file that refused every later boot. A slow disk widens that moment.
    const realWriteFile = fsPromises.writeFile;
    const slowWrite = jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (file, data, options) => {
      const { mode, flag } = (options ?? {}) as { mode?: number; flag?: string };
      const handle = await fsPromises.open(file as string, flag ?? 'w', mode);
      try {
        await new Promise((resolve) => setTimeout(resolve, 30)); // created, not yet written
        await handle.writeFile(data as string);
      } finally {
        await handle.close();
      }
    });
    try {
      const file = path.join(tmp(), 'mfa-encryption-key');
      let reads = 0;
      const reader = async () => {
        for (;;) {
          reads++;
          try {
            return await loadMfaEncryptionKey(file, false);
          } catch (error) {
            if (!/cannot read the MFA encryption key/.test((error as Error).message)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        }
      };
      const keys = await Promise.all([
        loadMfaEncryptionKey(file, true),
        reader(),
        reader(),
        loadMfaEncryptionKey(file, true),
      ]);
      expect(slowWrite).toHaveBeenCalled();
      expect(reads).toBeGreaterThan(4); // the readers did read while the key was being made
      for (const key of keys) expect(key.toString('base64')).toBe(readFileSync(file, 'utf8').trim());
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      slowWrite.mockRestore();
      expect(fsPromises.writeFile).toBe(realWriteFile);
    }
  });
});

describe('recovery codes', () => {
  it('are ten distinct abcde-fghij codes, hashed the same whatever the case, spaces or dashes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(RecoveryCodeSchema.parse(` ${code.toUpperCase()} `)).toBe(code.replace('-', ''));
      expect(hashRecoveryCode(code.toUpperCase().replace('-', ' ')).equals(hashRecoveryCode(code))).toBe(true);
    }
    expect(RecoveryCodeSchema.safeParse('abcde-fghi1').success).toBe(false);
  });

  it('TOTP codes are six digits, spaces ignored', () => {
    expect(TotpCodeSchema.parse('123 456')).toBe('123456');
    expect(TotpCodeSchema.safeParse('12345').success).toBe(false);
    expect(TotpCodeSchema.safeParse('12345a').success).toBe(false);
  });
});

describe('MFA configuration', () => {
  it('reads MFA_REQUIRED_FOR, the key file and the step-up age, and refuses unknown roles', () => {
    const defaults = loadConfig({ DATA_DIR: '/srv/rt' });
    expect(defaults.mfaRequiredFor).toEqual([]);
    expect(defaults.mfaEncryptionKeyFile).toBe('/srv/rt/mfa-encryption-key');
    expect(defaults.mfaCreateEncryptionKey).toBe(true);
    expect(defaults.stepUpMaxAgeMs).toBe(600_000);
    const set = loadConfig({ MFA_REQUIRED_FOR: 'chair, auditor,chair', STEP_UP_MAX_AGE_MINUTES: '5' });
    expect(set.mfaRequiredFor).toEqual(['chair', 'auditor']);
    expect(set.stepUpMaxAgeMs).toBe(300_000);
    expect(() => loadConfig({ MFA_REQUIRED_FOR: 'chair,everyone' })).toThrow(ConfigError);
    expect(() => loadConfig({ STEP_UP_MAX_AGE_MINUTES: '0' })).toThrow(ConfigError);
  });
});
