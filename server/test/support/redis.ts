import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A key prefix of this run only (THROTTLE_REDIS_KEY_PREFIX), so counters of parallel runs on one Redis never meet. */
export const freshRedisKeyPrefix = (): string => `roundtable-test-${randomBytes(6).toString('hex')}:`;

/** The machine's Redis, or TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers, checked synchronously so suites can decide at
 * definition time. Locally a missing Redis skips them with a printed reason;
 * in CI (CI=true) it is a failure.
 */
export function redisAvailable(): boolean {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const probe =
    `const s=require('node:net').connect(${Number(port) || 6379},${JSON.stringify(hostname)});` +
    `s.on('connect',()=>{s.write('PING\\r\\n')});s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));` +
    `s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),2000)`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore' });
    return true;
  } catch {
    const reason = `Redis does not answer at ${TEST_REDIS_URL}`;
    if (process.env.CI === 'true') throw new Error(`${reason}; CI requires it`);
    process.stderr.write(`[roundtable tests] skipping Redis tests: ${reason}\n`);
    return false;
  }
}
