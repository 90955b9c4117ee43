import { Client } from 'pg';
import { type DatabaseHandle, freePort } from '../server/src/platform/database/embedded-postgres';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import { generate } from 'otplib';
import { ServerProcess, api, createUserWithCli, serverEnv, signIn } from './support/server-process';

/**
 * A refused sign-in must not tell whether the email has an account: an
 * unknown email costs the same password derivation as a wrong password.
 *
 * Measured on the built server at the production scrypt cost (2^15, tens of
 * milliseconds), not the test runs' cheap one: at 2^10 the derivation is a
 * few milliseconds, less than a busy machine's noise, so a server that skipped
 * it for unknown emails looked the same. Compared on the fastest of several
 * tries: a loaded machine only ever adds time, so the minimum is the work.
 * Whether the account uses two-factor sign-in must not show either: that is
 * only revealed after a correct password.
 */
describe('sign-in timing', () => {
  const email = 'timing.known@example.org';
  const emailWithMfa = 'timing.mfa@example.org';
  const password = 'the right password';
  let database: DatabaseHandle;
  let server: ServerProcess;

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    const env = serverEnv(await freePort(), database.url, { PASSWORD_HASH_COST_LOG2_FOR_TESTS: '15' });
    await createUserWithCli(env, { email, name: 'Known Person', agency: 'police', password });
    await createUserWithCli(env, { email: emailWithMfa, name: 'Second Factor', agency: 'health', password });
    server = await ServerProcess.start(env);
    const { cookie } = await signIn(server.baseUrl, emailWithMfa, password);
    const { secret } = (await api(server.baseUrl, 'POST', '/api/auth/mfa/enrol', cookie)) as { secret: string };
    await api(server.baseUrl, 'POST', '/api/auth/mfa/enrol/confirm', cookie, { code: await generate({ secret }) });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.stop();
  });

  /** How long one refused sign-in takes, in ms; refused on its credentials (401), not throttled. */
  async function refusedSignIn(as: string): Promise<number> {
    const started = performance.now();
    const res = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: as, password: 'not the password' }),
    });
    const ms = performance.now() - started;
    expect(res.status).toBe(401);
    return ms;
  }

  it('takes as long for an unknown email as for a wrong password, with or without two-factor sign-in', async () => {
    // The premise: the account's stored hash is at the production cost.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const stored = await client
      .query('SELECT password_hash FROM users WHERE email = $1', [email])
      .finally(() => client.end());
    expect(stored.rows[0]?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);

    await refusedSignIn(email); // untimed: the first of each path opens connections and compiles code
    await refusedSignIn('absent-warm-up@example.org');
    const known: number[] = [];
    const withMfa: number[] = [];
    const unknown: number[] = [];
    // In turn, five each: within the per-account limit of ten tries a minute.
    for (let i = 0; i < 5; i++) {
      known.push(await refusedSignIn(email));
      withMfa.push(await refusedSignIn(emailWithMfa));
      unknown.push(await refusedSignIn(`absent-${i}@example.org`));
    }
    // A skipped derivation makes a path a small fraction of another.
    const fastest = { known: Math.min(...known), withMfa: Math.min(...withMfa), unknown: Math.min(...unknown) };
    expect(fastest.unknown).toBeGreaterThan(fastest.known * 0.6);
    expect(fastest.withMfa).toBeGreaterThan(fastest.known * 0.6);
    expect(fastest.known).toBeGreaterThan(fastest.withMfa * 0.6);
  });
});
