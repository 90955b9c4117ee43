import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AuditWitness, AuditWitnessListResponse } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import type { CreateServiceAccountRequest, IssuedServiceTokenResponse } from '@roundtable/shared/integrations';
import { Client } from 'pg';
import { describeOnOneDatabase } from '../../../test/support/each-database';
import type { TestUser } from '../../../test/support/test-app';
import { readTarGz, writeTarGz } from '../bundle/tar';
import { entryHash } from '../trail/audit-chain';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import { toStoredEntry, type AuditEntryRow } from '../trail/audit-store';
import { AuditService } from '../trail/audit.service';
import { AuditTreeService } from '../trail/audit-tree.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import {
  checkpointText,
  cosign,
  parseCheckpoint,
  parseNote,
  signatureLine,
  signNote,
  verifierKey,
} from '../trail/signed-note';
import { mth } from '../../../test/support/rfc9162-checker';

const execFileAsync = promisify(execFile);
const WITNESS_CLI = path.resolve(__dirname, '../../../dist/cli/audit-witness.js');
const VERIFY_CLI = path.resolve(__dirname, '../../../dist/cli/audit-verify.js');
const WITNESS = 'police.example-witness';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function runCli(cli: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cli, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describeOnOneDatabase('audit trail witnesses, cosignatures and the offline export', (ctx) => {
  let admin: TestUser;
  let adminCookie: string;
  let auditorCookie: string;
  let dir: string;
  let logVkey: string;
  let logPem: string;
  let witnessVkey: string;
  let witnessKeyFile: string;
  let tokenFile: string;
  let account: IssuedServiceTokenResponse;
  let witness: AuditWitness;
  let superuser: Client;

  const statePath = () => path.join(dir, 'state.json');
  const checkpoints = () => ctx.app.get(AuditCheckpointService);

  async function addEntries(count: number): Promise<void> {
    const audit = ctx.app.get(AuditService);
    for (let i = 0; i < count; i++)
      await audit.recordAlone({ type: 'audit.viewed', actor: null, details: { view: 'test', index: i } });
  }

  function witnessArgs(state = statePath()): string[] {
    return [
      'cosign',
      '--url',
      ctx.app.url,
      '--token-file',
      tokenFile,
      '--key',
      witnessKeyFile,
      '--name',
      WITNESS,
      '--state',
      state,
      '--log-key',
      logVkey,
    ];
  }

  function createServiceAccount(
    scopes: CreateServiceAccountRequest['scopes'],
    agency: Agency = 'police',
  ): Promise<IssuedServiceTokenResponse> {
    return ctx.app.createServiceAccount(adminCookie, {
      name: `Witness ${scopes.join(' ')}`,
      agency,
      organisation: 'Testshire Police',
      scopes,
    });
  }

  const countRows = async (table: string) =>
    Number(((await ctx.app.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0]!.n);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-witness-'));
    admin = await ctx.app.createUser({ isAdmin: true, agency: 'other' });
    adminCookie = await ctx.app.signIn(admin);
    auditorCookie = await ctx.app.signIn(await ctx.app.createUser({ isAuditor: true, agency: 'police' }));
    const key = ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
    logVkey = verifierKey(checkpoints().origin, key.publicKey);
    logPem = path.join(dir, 'log.pub.pem');
    await writeFile(logPem, key.publicKeyPem);
    witnessKeyFile = path.join(dir, 'witness.pem');
    const keygen = await runCli(WITNESS_CLI, ['keygen', '--name', WITNESS, '--key', witnessKeyFile]);
    expect(keygen).toMatchObject({ code: 0 });
    witnessVkey = keygen.stdout.trim();
    account = await createServiceAccount(['audit:witness']);
    tokenFile = path.join(dir, 'token');
    await writeFile(tokenFile, account.token);
    superuser = new Client({ connectionString: ctx.database.url });
    superuser.on('error', () => undefined);
    await superuser.connect();
  });

  afterAll(async () => {
    await superuser?.end().catch(() => undefined);
  });

  describe('the registry', () => {
    it('refuses anyone but an administrator, audited', async () => {
      const res = await ctx.app.request('POST', '/api/admin/witnesses', { cookie: auditorCookie, body: {} });
      expect(res.status).toBe(403);
      const [refusal] = (await ctx.app.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'access.refused' AND subject_type = 'audit-witnesses' ORDER BY seq DESC LIMIT 1`,
      )) as { details: { reason: string } }[];
      expect(refusal?.details.reason).toBe('not-an-administrator');
    });

    it('refuses a bad key or an unsuitable service account with a clear error, and stores nothing', async () => {
      const before = await countRows('audit_witnesses');
      const register = (body: Record<string, unknown>) =>
        ctx.app.request('POST', '/api/admin/witnesses', {
          cookie: adminCookie,
          body: {
            name: WITNESS,
            agency: 'police',
            serviceAccountId: account.serviceAccount.id,
            publicKey: witnessVkey,
            ...body,
          },
        });
      const badKey = await register({ publicKey: 'not a key' });
      expect(badKey.status).toBe(400);
      expect(badKey.body.message).toContain('verifier key');
      const otherName = await register({ name: 'health.example-witness' });
      expect(otherName.status).toBe(400);
      expect(otherName.body.message).toContain(`names ${WITNESS}`);
      const logKeyAsWitness = await register({ name: checkpoints().origin, publicKey: logVkey });
      expect(logKeyAsWitness.status).toBe(400);
      const records = await createServiceAccount(['records:read']);
      const noScope = await register({ serviceAccountId: records.serviceAccount.id });
      expect(noScope.status).toBe(400);
      expect(noScope.body.message).toContain('audit:witness');
      const otherAgency = await register({ agency: 'health' });
      expect(otherAgency.status).toBe(400);
      expect((await register({ name: 'has space' })).status).toBe(400);
      const privateKey = await register({ publicKey: await readFile(witnessKeyFile, 'utf8') });
      expect(privateKey.status).toBe(400);
      expect(privateKey.body.message).toContain('private key');
      expect(await countRows('audit_witnesses')).toBe(before);
    });

    it('registers a witness key bound to its service account, audited', async () => {
      const res = await ctx.app.request('POST', '/api/admin/witnesses', {
        cookie: adminCookie,
        body: { name: WITNESS, agency: 'police', serviceAccountId: account.serviceAccount.id, publicKey: witnessVkey },
      });
      expect(res.status).toBe(201);
      witness = res.body as AuditWitness;
      expect(witness).toMatchObject({
        name: WITNESS,
        agency: 'police',
        verifierKey: witnessVkey,
        status: 'active',
        cosignedSize: null,
      });
      const again = await ctx.app.request('POST', '/api/admin/witnesses', {
        cookie: adminCookie,
        body: { name: WITNESS, agency: 'police', serviceAccountId: account.serviceAccount.id, publicKey: witnessVkey },
      });
      expect(again.status).toBe(409);
      const audit = (await ctx.app.dataSource.query(
        `SELECT type, actor_user_id FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
        [witness.id],
      )) as { type: string; actor_user_id: string }[];
      expect(audit).toEqual([{ type: 'audit.witness-registered', actor_user_id: admin.user.id }]);
    });
  });

  describe('the witness CLI against the app', () => {
    it('cosigns the latest checkpoint, then a later one after checking consistency', async () => {
      await addEntries(5);
      const first = await checkpoints().checkpointNow();
      expect(first).not.toBeNull();
      const run1 = await runCli(WITNESS_CLI, witnessArgs());
      expect(run1.stderr).toBe('');
      expect(run1).toMatchObject({ code: 0 });
      expect(run1.stdout).toContain(`at ${first!.treeSize} entries`);
      const state1 = JSON.parse(await readFile(statePath(), 'utf8')) as { size: number };
      expect(state1.size).toBe(first!.treeSize);

      await addEntries(7);
      const second = await checkpoints().checkpointNow();
      const run2 = await runCli(WITNESS_CLI, witnessArgs());
      expect(run2).toMatchObject({ code: 0 });
      expect(run2.stdout).toContain(`at ${second!.treeSize} entries`);

      const status = await ctx.app.request('GET', '/api/audit/witnesses', { cookie: auditorCookie });
      expect(status.status).toBe(200);
      const listed = (status.body as AuditWitnessListResponse).witnesses.find((w) => w.id === witness.id);
      expect(listed?.cosignedSize).toBe(second!.treeSize);
      // The checkpoint served to witnesses now carries the cosignature.
      const served = await fetch(`${ctx.app.url}/api/audit/witness/checkpoint`, {
        headers: { authorization: `Bearer ${account.token}` },
      });
      expect(parseNote(await served.text()).signatures.map((s) => s.name)).toEqual([checkpoints().origin, WITNESS]);
      const stored = (await ctx.app.dataSource.query(
        `SELECT type FROM audit_events WHERE type = 'audit.cosigned' AND subject_id = $1`,
        [witness.id],
      )) as unknown[];
      expect(stored.length).toBeGreaterThanOrEqual(2);
    });

    it('refuses a fork and a rollback, with a clear message, leaving its state unchanged', async () => {
      const state = JSON.parse(await readFile(statePath(), 'utf8')) as { size: number; rootHash: string };
      const latest = parseCheckpoint(
        parseNote(
          await (
            await fetch(`${ctx.app.url}/api/audit/witness/checkpoint`, {
              headers: { authorization: `Bearer ${account.token}` },
            })
          ).text(),
        ).text,
      );
      const forkedPath = path.join(dir, 'forked.json');
      const forked = JSON.stringify({ ...state, size: latest.size, rootHash: randomBytes(32).toString('base64') });
      await writeFile(forkedPath, forked);
      const fork = await runCli(WITNESS_CLI, witnessArgs(forkedPath));
      expect(fork.code).toBe(1);
      expect(fork.stderr).toContain('REFUSED to cosign: fork');
      expect(await readFile(forkedPath, 'utf8')).toBe(forked);

      const aheadPath = path.join(dir, 'ahead.json');
      const ahead = JSON.stringify({ ...state, size: latest.size + 5 });
      await writeFile(aheadPath, ahead);
      const rollback = await runCli(WITNESS_CLI, witnessArgs(aheadPath));
      expect(rollback.code).toBe(1);
      expect(rollback.stderr).toContain('REFUSED to cosign: rollback');
      expect(await readFile(aheadPath, 'utf8')).toBe(ahead);

      // A different history of fewer entries than the new checkpoint: the consistency proof fails.
      await addEntries(3);
      await checkpoints().checkpointNow();
      const olderPath = path.join(dir, 'older.json');
      const older = JSON.stringify({ ...state, rootHash: randomBytes(32).toString('base64') });
      await writeFile(olderPath, older);
      const inconsistent = await runCli(WITNESS_CLI, witnessArgs(olderPath));
      expect(inconsistent.code).toBe(1);
      expect(inconsistent.stderr).toContain('REFUSED to cosign: inconsistent');
      expect(await readFile(olderPath, 'utf8')).toBe(older);

      // A checkpoint signed by a key it was not given (e.g. an unannounced rotation) is refused too.
      const otherKey = verifierKey(checkpoints().origin, generateKeyPairSync('ed25519').publicKey);
      const unknownKey = await runCli(WITNESS_CLI, [...witnessArgs().slice(0, -1), otherKey]);
      expect(unknownKey.code).toBe(1);
      expect(unknownKey.stderr).toContain('not signed by any of the log keys');
      // With both keys (a rotation announced), it cosigns.
      expect((await runCli(WITNESS_CLI, [...witnessArgs(), '--log-key', otherKey])).code).toBe(0);
    });

    it('cannot run without a token it may use, and says why', async () => {
      const noToken = await runCli(
        WITNESS_CLI,
        witnessArgs().filter((a, i, all) => a !== '--token-file' && all[i - 1] !== '--token-file'),
      );
      expect(noToken.code).toBe(2);
      expect(noToken.stderr).toContain('ROUNDTABLE_WITNESS_TOKEN');
      const records = await createServiceAccount(['records:read']);
      const wrongScope = await runCli(
        WITNESS_CLI,
        witnessArgs().filter((a, i, all) => a !== '--token-file' && all[i - 1] !== '--token-file'),
        {
          ROUNDTABLE_WITNESS_TOKEN: records.token,
        },
      );
      expect(wrongScope.code).toBe(2);
      expect(wrongScope.stderr).toContain('403');
    });
  });

  describe('cosignature submissions', () => {
    it('refuses bad input, an unregistered key and a retired witness, storing nothing', async () => {
      const before = await countRows('audit_cosignatures');
      const note = await (
        await fetch(`${ctx.app.url}/api/audit/witness/checkpoint`, {
          headers: { authorization: `Bearer ${account.token}` },
        })
      ).text();
      const submit = (body: unknown, token = account.token) =>
        ctx.app.request('POST', '/api/audit/witness/cosignatures', {
          headers: { authorization: `Bearer ${token}` },
          body,
        });
      expect((await submit({ checkpoint: note })).status).toBe(400);
      expect((await submit({ checkpoint: 'nonsense', cosignature: '— x AAAA' })).status).toBe(400);
      expect((await submit({ checkpoint: note, cosignature: 'not a line' })).status).toBe(400);
      // A session cookie never passes a service-account route.
      expect(
        (await ctx.app.request('POST', '/api/audit/witness/cosignatures', { cookie: adminCookie, body: {} })).status,
      ).toBe(401);
      // A cosignature line by a key nobody registered for this account.
      const stranger = generateKeyPairSync('ed25519').privateKey;
      const text = parseNote(note).text;
      const unknown = await submit({ checkpoint: note, cosignature: signatureLine(cosign(text, WITNESS, stranger)) });
      expect(unknown.status).toBe(403);
      expect(await countRows('audit_cosignatures')).toBe(before);
    });

    it('lets an administrator retire a witness key (rotation): its submissions are refused from then on', async () => {
      const other = path.join(dir, 'rotated.pem');
      const keygen = await runCli(WITNESS_CLI, ['keygen', '--name', WITNESS, '--key', other]);
      const registered = await ctx.app.request('POST', '/api/admin/witnesses', {
        cookie: adminCookie,
        body: {
          name: WITNESS,
          agency: 'police',
          serviceAccountId: account.serviceAccount.id,
          publicKey: keygen.stdout.trim(),
        },
      });
      expect(registered.status).toBe(201);
      const retired = await ctx.app.request('POST', `/api/admin/witnesses/${witness.id}/retire`, {
        cookie: adminCookie,
      });
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ status: 'retired' });
      const old = await runCli(WITNESS_CLI, witnessArgs());
      expect(old.code).toBe(2);
      expect(old.stderr).toContain('no active witness');
      // The new key takes over from the old one's state.
      const rotated = await runCli(WITNESS_CLI, [...witnessArgs().map((a) => (a === witnessKeyFile ? other : a))]);
      expect(rotated).toMatchObject({ code: 0 });
      witnessKeyFile = other;
      witnessVkey = keygen.stdout.trim();
      expect(
        (await ctx.app.request('POST', `/api/admin/witnesses/${randomUUID()}/retire`, { cookie: adminCookie })).status,
      ).toBe(404);
    });
  });

  describe('the export bundle', () => {
    let bundlePath: string;

    it('is for auditors only, recorded, and verifies offline with only the public keys', async () => {
      const refused = await fetch(`${ctx.app.url}/api/audit/export/bundle.tar.gz`, {
        headers: { cookie: adminCookie },
      });
      expect(refused.status).toBe(403);
      const res = await fetch(`${ctx.app.url}/api/audit/export/bundle.tar.gz`, { headers: { cookie: auditorCookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/roundtable-audit-bundle-.*\.tar\.gz/);
      bundlePath = path.join(dir, 'bundle.tar.gz');
      await writeFile(bundlePath, Buffer.from(await res.arrayBuffer()));
      const [recorded] = (await ctx.app.dataSource.query(
        `SELECT details FROM audit_events WHERE type = 'audit.exported' ORDER BY seq DESC LIMIT 1`,
      )) as { details: { format: string } }[];
      expect(recorded?.details.format).toBe('bundle');

      const ok = await runCli(VERIFY_CLI, [
        '--export',
        bundlePath,
        '--public-key',
        logPem,
        '--witness-key',
        witnessVkey,
        '--entry',
        '3',
      ]);
      expect(ok.stderr).toBe('');
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.stdout).toContain('Audit export intact.');
      expect(ok.stdout).toContain(`Witness ${WITNESS}: cosigned up to`);
      expect(ok.stdout).toContain('Included: entry 3 is in the trail');
    });

    it('names the entry when the export was tampered with', async () => {
      const files = await readTarGz(await readFile(bundlePath));
      const lines = files.get('entries.jsonl')!.toString('utf8').split('\n');
      const entry = JSON.parse(lines[4]!) as { details: Record<string, unknown> };
      entry.details = { ...entry.details, tampered: true };
      lines[4] = JSON.stringify(entry);
      files.set('entries.jsonl', Buffer.from(lines.join('\n')));
      const tampered = path.join(dir, 'tampered.tar.gz');
      await writeFile(tampered, await writeTarGz(files, new Date()));
      const broken = await runCli(VERIFY_CLI, ['--export', tampered, '--public-key', logPem]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain('First broken entry: 5 (entry 5 was altered');
    });

    it('refuses bad input with a clear error', async () => {
      const missing = await runCli(VERIFY_CLI, ['--export', path.join(dir, 'nope.tar.gz'), '--public-key', logPem]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('cannot read the export');
      const badEntry = await runCli(VERIFY_CLI, ['--export', bundlePath, '--public-key', logPem, '--entry', 'x']);
      expect(badEntry.code).toBe(2);
      expect(badEntry.stderr).toContain('--entry must be an entry number');
      const noExport = await runCli(VERIFY_CLI, ['--entry', '3']);
      expect(noExport.code).toBe(2);
      expect(noExport.stderr).toContain('need --export');
    });
  });

  // Last: it rewrites this database's history as a superuser would.
  describe('a rewritten history', () => {
    it('is refused by the app (no checkpoint signed, refusal audited) and by the witness (state unchanged)', async () => {
      await addEntries(2);
      await checkpoints().checkpointNow();
      expect((await runCli(WITNESS_CLI, witnessArgs())).code).toBe(0);
      const stateBefore = await readFile(statePath(), 'utf8');
      const witnessedSize = (JSON.parse(stateBefore) as { size: number }).size;

      // A superuser rewrites entry 2 and recomputes every hash after it, so the chain still links.
      await superuser.query('BEGIN');
      await superuser.query('SET LOCAL session_replication_role = replica');
      const rows = (
        await superuser.query(
          `SELECT seq, occurred_at, type, outcome, actor_user_id, actor_agency, meeting_id, subject_type, subject_id, details, prev_hash, hash
           FROM audit_events WHERE seq >= 2 ORDER BY seq`,
        )
      ).rows as AuditEntryRow[];
      let prev: Buffer | null = null;
      for (const row of rows) {
        const entry = toStoredEntry(row);
        if (entry.seq === 2) entry.details = { ...entry.details, rewritten: true };
        const prevHash: Buffer = prev ?? entry.prevHash;
        const hash = entryHash(prevHash, entry);
        await superuser.query(`UPDATE audit_events SET details = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [
          entry.seq,
          JSON.stringify(entry.details),
          prevHash,
          hash,
        ]);
        prev = hash;
      }
      await superuser.query('COMMIT');

      const signedBefore = await countRows('audit_checkpoints');
      await addEntries(3);
      expect(await checkpoints().checkpointNow()).toBeNull();
      expect(await countRows('audit_checkpoints')).toBe(signedBefore);
      const [refusal] = (await ctx.app.dataSource.query(
        `SELECT outcome, details FROM audit_events WHERE type = 'audit.checkpoint-refused' ORDER BY seq DESC LIMIT 1`,
      )) as { outcome: string; details: { witnessedSize: number; witnesses: string[] } }[];
      expect(refusal).toMatchObject({ outcome: 'refused', details: { witnessedSize, witnesses: [WITNESS] } });

      // Someone holding the signing key signs the rewritten tree anyway: the witness will not cosign it.
      const key = ctx.app.get(AUDIT_SIGNING_KEY as never) as AuditSigningKey;
      // It signs at the size the app's stored tree has reached (the checkpointer extended it before refusing);
      // the root is the rewritten trail's own, from scratch (the stored tree still holds the witnessed history).
      const head = await ctx.app.get(AuditTreeService).storedSize();
      const hashes = (await superuser.query(`SELECT hash FROM audit_events WHERE seq <= $1 ORDER BY seq`, [head]))
        .rows as { hash: Buffer }[];
      const root = mth(hashes.map((r) => r.hash));
      const note = signNote(checkpointText(checkpoints().origin, head, root), checkpoints().origin, key.privateKey);
      const [headRow] = (await superuser.query(`SELECT hash FROM audit_events WHERE seq = $1`, [head])).rows as {
        hash: Buffer;
      }[];
      await superuser.query(
        `INSERT INTO audit_checkpoints (tree_size, head_hash, signed_at, key_id, signature, root_hash, note)
         VALUES ($1, $2, now(), $3, $4, $5, $6)`,
        [head, headRow!.hash, key.keyId, Buffer.alloc(64), root, note],
      );
      const refused = await runCli(WITNESS_CLI, witnessArgs());
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('REFUSED to cosign: inconsistent');
      expect(await readFile(statePath(), 'utf8')).toBe(stateBefore);
    });
  });
});
