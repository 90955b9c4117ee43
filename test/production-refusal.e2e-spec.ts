import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DatabaseHandle } from '../server/src/platform/database/embedded-postgres';
import { availableDatabaseKinds, startTestDatabase } from '../server/test/support/test-database';
import { ADMIN_CLI, SERVER_MAIN } from './support/server-process';

const run = promisify(execFile);

/** Runs `node server/dist/main.js` with `env` until it exits (it must, refusing); its exit code and output. */
function startServer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not refuse to start within 30 s:\n${output}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const base = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  AUDIT_SIGNING_KEY_FILE: path.join(os.tmpdir(), `roundtable-missing-key-${randomUUID()}.pem`),
  DATA_DIR: path.join(os.tmpdir(), `roundtable-prod-refusal-${randomUUID()}`),
});

describe('the built server in production mode', () => {
  beforeAll(() => {
    if (!existsSync(SERVER_MAIN)) throw new Error('server/dist is missing: run `npm run build` (npm test does) first');
  });

  it('refuses to start with unsafe settings, naming every problem, and exits non-zero', async () => {
    const { code, output } = await startServer({
      ...base(),
      DATABASE_URL: 'postgres://rt@127.0.0.1:1/roundtable',
      REDIS_URL: 'redis://127.0.0.1:1',
      DEMO_DATA: 'on',
      COOKIE_SECURE: 'false',
    });
    expect(code).toBe(1);
    expect(output).toContain('Refusing to start in production:');
    for (const name of ['DEMO_DATA', 'COOKIE_SECURE', 'DATABASE_URL', 'REDIS_URL'])
      expect(output).toContain(`  ${name}:`);
  });

  it('refuses the test runs’ cheap password hashing', async () => {
    const { code, output } = await startServer({ ...base(), PASSWORD_HASH_COST_LOG2_FOR_TESTS: '10' });
    expect(code).toBe(1);
    expect(output).toContain('PASSWORD_HASH_COST_LOG2_FOR_TESTS is honoured only in tests (NODE_ENV=test)');
  });

  it('refuses the embedded database with its automatic demo data', async () => {
    const { code, output } = await startServer(base());
    expect(code).toBe(1);
    expect(output).toContain('DEMO_DATA: demo accounts with a published password would be created');
  });

  describe('on a database that holds a demo account', () => {
    const kind = availableDatabaseKinds().includes('machine') ? 'machine' : 'embedded';
    let database: DatabaseHandle;

    beforeAll(async () => {
      database = await startTestDatabase(kind);
      // Migrate and create the account as an operator might have (the CLI outside production).
      const child = run(
        process.execPath,
        [
          ADMIN_CLI,
          'create-user',
          '--email',
          'admin@example.org',
          '--name',
          'Demo Administrator',
          '--job-title',
          'Admin',
          '--agency',
          'other',
          '--admin',
        ],
        {
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASE_URL: database.url,
            AUDIT_SIGNING_KEY_FILE: path.join(os.tmpdir(), `roundtable-cli-key-${randomUUID()}.pem`),
          },
        },
      );
      child.child.stdin?.end('a long enough demo passphrase\n');
      await child;
    });

    afterAll(async () => {
      await database?.stop();
    });

    it('refuses to start while it is enabled', async () => {
      // Real keys, as production needs them, so that only the demo account is wrong.
      const keys = mkdtempSync(path.join(os.tmpdir(), 'roundtable-prod-keys-'));
      const auditKey = path.join(keys, 'audit-signing-key.pem');
      writeFileSync(auditKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const mfaKey = path.join(keys, 'mfa-encryption-key');
      writeFileSync(mfaKey, randomBytes(32).toString('base64'));
      const { code, output } = await startServer({
        ...base(),
        AUDIT_SIGNING_KEY_FILE: auditKey,
        MFA_ENCRYPTION_KEY_FILE: mfaKey,
        DATABASE_URL: database.url,
        DEMO_DATA: 'off',
        // The machine's PostgreSQL has no TLS: the escape hatch, so that only the demo account is wrong.
        ALLOW_INSECURE_INTERNAL_TRANSPORT: 'true',
      });
      expect(code).toBe(1);
      expect(output).toContain('enabled demo accounts with a published password exist (admin@example.org)');
      expect(output).not.toContain('DATABASE_URL');
    });
  });
});
