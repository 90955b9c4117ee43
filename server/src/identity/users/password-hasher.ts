import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP-recommended scrypt cost for interactive sign-in (~60 ms here).
const COST_LOG2 = 15;
const KEY_LENGTH = 32;

/** Lowers the scrypt cost in test runs only: the suites hash and check thousands of passwords. */
export const TEST_COST_VARIABLE = 'PASSWORD_HASH_COST_LOG2_FOR_TESTS';

/**
 * The cost new hashes get: COST_LOG2, unless a test run (NODE_ENV=test) sets
 * TEST_COST_VARIABLE. Set anywhere else it is refused, so no deployment can
 * weaken its hashes by mistake. Stored hashes keep their own cost, so hashes
 * of either cost verify.
 */
export function hashCostLog2(env: NodeJS.ProcessEnv = process.env): number {
  const lowered = env[TEST_COST_VARIABLE];
  if (lowered === undefined) return COST_LOG2;
  if (env.NODE_ENV !== 'test') throw new Error(`${TEST_COST_VARIABLE} is honoured only in tests (NODE_ENV=test)`);
  const log2 = Number(lowered);
  if (!Number.isInteger(log2) || log2 < 4 || log2 > COST_LOG2) {
    throw new Error(`${TEST_COST_VARIABLE} must be a whole number from 4 to ${COST_LOG2}`);
  }
  return log2;
}

const PARAMS = { N: 2 ** hashCostLog2(), r: 8, p: 1 } as const;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes a password as `scrypt$N$r$p$<salt b64>$<key b64>`, so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, checked when the email is unknown so that
 * "no such user" and "wrong password" take the same time.
 */
export const DUMMY_PASSWORD_HASH = hashPassword(randomBytes(16).toString('hex'));
