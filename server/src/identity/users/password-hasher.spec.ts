import type * as PasswordHasher from './password-hasher';
import { hashCostLog2, hashPassword, TEST_COST_VARIABLE, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('hashes at the OWASP cost outside tests, and verifies the right password only', async () => {
    const saved = process.env[TEST_COST_VARIABLE];
    delete process.env[TEST_COST_VARIABLE];
    try {
      let production!: typeof PasswordHasher;
      jest.isolateModules(() => {
        production = jest.requireActual<typeof PasswordHasher>('./password-hasher');
      });
      const hash = await production.hashPassword('correct horse battery staple');
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
      await expect(verifyPassword('correct horse battery stapler', hash)).resolves.toBe(false);
    } finally {
      if (saved !== undefined) process.env[TEST_COST_VARIABLE] = saved;
    }
  });

  it('takes a lower cost only in a test run, and verifies hashes of either cost', async () => {
    expect(hashCostLog2({})).toBe(15);
    expect(hashCostLog2({ NODE_ENV: 'test', [TEST_COST_VARIABLE]: '10' })).toBe(10);
    for (const env of ['production', 'development', undefined]) {
      expect(() => hashCostLog2({ NODE_ENV: env, [TEST_COST_VARIABLE]: '10' })).toThrow(/only in tests/);
    }
    for (const bad of ['3', '16', 'ten', '']) {
      expect(() => hashCostLog2({ NODE_ENV: 'test', [TEST_COST_VARIABLE]: bad })).toThrow(/from 4 to 15/);
    }
    const hash = await hashPassword('either cost');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/); // this run's cost (test/support/cheap-password-hashing.ts)
    await expect(verifyPassword('either cost', hash)).resolves.toBe(true);
    await expect(verifyPassword('neither cost', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats a malformed stored hash as a mismatch, not an error', async () => {
    await expect(verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
    await expect(verifyPassword('x', 'bcrypt$1$2$3$a$b')).resolves.toBe(false);
  });
});
