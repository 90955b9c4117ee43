import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { Client } from 'pg';
import { z } from 'zod';
import {
  type BundleVerificationReport,
  checkpointFromJson,
  loadPublicKey,
  parseVerifierKey,
  readBundle,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  type TrustedWitness,
  verifyBundle,
  publicKeyFileFor,
  type VerificationReport,
  verifyAuditTrailSnapshot,
} from '../audit';
import { createRootLogger, type DatabaseHandle, loadConfig, logFormatFor, startEmbeddedPostgres } from '../platform';

/**
 * `npm run audit:verify`: checks the audit hash chain and every signed
 * checkpoint straight from PostgreSQL with the public key, without the app;
 * or, with --export, an export bundle with only the public keys (no
 * database), and proves one entry's inclusion in a signed checkpoint.
 * Exit status: 0 intact (and the entry proven), 1 tampering found (or the
 * entry not proven), 2 could not verify.
 */

const KeptCheckpointListSchema = z.array(
  z.strictObject({
    treeSize: z.number().int().positive(),
    headHash: z.string().regex(/^[0-9a-f]{64}$/),
    signedAt: z.string(),
    keyId: z.string(),
    signature: z.string().min(1),
  }),
);
/** A list of checkpoints, or the body of GET /api/audit/checkpoints saved as it came. */
const KeptCheckpointsSchema = z.union([
  KeptCheckpointListSchema,
  z.strictObject({ checkpoints: KeptCheckpointListSchema }).transform((body) => body.checkpoints),
]);

interface Options {
  databaseUrl?: string;
  publicKey: string[];
  checkpoints?: string;
  export?: string;
  witnessKey: string[];
  entry?: string;
  recordHash?: string;
  json: boolean;
}

/** Lines of verifier keys given inline (`name+id+key`) or in a file (one a line, `#` comments). */
async function verifierKeyLines(value: string): Promise<string[]> {
  const text = /^[^\s/\\]+\+[0-9a-f]{8}\+/.test(value) ? value : await readFile(value, 'utf8');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The log's public keys (several across a rotation): SPKI PEM files, or C2SP verifier keys inline or in a file. */
async function readLogKeys(values: string[]): Promise<KeyObject[]> {
  const keys: KeyObject[] = [];
  for (const value of values) {
    if (!/^[^\s/\\]+\+[0-9a-f]{8}\+/.test(value)) {
      const text = await readFile(value, 'utf8');
      if (text.includes('-----BEGIN')) {
        keys.push(await loadPublicKey(value));
        continue;
      }
    }
    for (const line of await verifierKeyLines(value)) {
      const parsed = parseVerifierKey(line);
      if (parsed.type !== SIG_TYPE_ED25519) throw new Error(`${parsed.name} is not a log key (type 0x01)`);
      keys.push(parsed.publicKey);
    }
  }
  return keys;
}

async function readWitnessKeys(values: string[]): Promise<TrustedWitness[]> {
  const witnesses: TrustedWitness[] = [];
  for (const value of values) {
    for (const line of await verifierKeyLines(value)) {
      const parsed = parseVerifierKey(line);
      if (parsed.type !== SIG_TYPE_COSIGNATURE_V1)
        throw new Error(`${parsed.name} is not a witness key (type 0x04, cosignature/v1)`);
      witnesses.push({ name: parsed.name, publicKey: parsed.publicKey });
    }
  }
  return witnesses;
}

function describeBundle(report: BundleVerificationReport): string {
  const lines = [
    report.ok ? 'Audit export intact.' : 'AUDIT EXPORT BROKEN.',
    `Entries checked: ${report.entriesChecked}; checkpoints checked: ${report.checkpointsChecked}`,
    report.head ? `Head: entry ${report.head.seq}, ${report.head.hash}` : 'The export has no entries.',
  ];
  if (report.firstBroken) lines.push(`First broken entry: ${report.firstBroken.seq} (${report.firstBroken.message})`);
  for (const p of report.problems.slice(1)) lines.push(`  also: entry ${p.seq}: ${p.message}`);
  for (const w of report.witnesses)
    lines.push(
      `Witness ${w.name}: ${w.largestCosignedSize === null ? 'no valid cosignature' : `cosigned up to ${w.largestCosignedSize} entries`}`,
    );
  if (report.inclusion)
    lines.push(`${report.inclusion.proven ? 'Included' : 'NOT PROVEN'}: ${report.inclusion.message}`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** --export: no database, only the keys given on the command line (never the ones inside the bundle). */
async function runExport(opts: Options, location: string): Promise<number> {
  if (opts.publicKey.length === 0)
    throw new Error('give the log public key with --public-key (a PEM or a verifier key)');
  if (opts.entry !== undefined && opts.recordHash !== undefined)
    throw new Error('give --entry or --record-hash, not both');
  const seq = opts.entry === undefined ? undefined : Number(opts.entry);
  if (seq !== undefined && (!Number.isSafeInteger(seq) || seq < 1))
    throw new Error('--entry must be an entry number (1, 2, …)');
  if (opts.recordHash !== undefined && !/^[0-9a-fA-F]{64}$/.test(opts.recordHash))
    throw new Error('--record-hash must be a SHA-256 in hex (64 characters)');
  const logKeys = await readLogKeys(opts.publicKey);
  const witnesses = await readWitnessKeys(opts.witnessKey);
  const bundle = await readBundle(location);
  const report = verifyBundle(bundle, logKeys, witnesses, { seq, recordHash: opts.recordHash });
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describeBundle(report));
  return report.ok && (report.inclusion === null || report.inclusion.proven) ? 0 : 1;
}

async function readKeptCheckpoints(file: string | undefined) {
  if (!file) return [];
  const parsed = KeptCheckpointsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a list of checkpoints: ${parsed.error.issues[0]?.message}`);
  return parsed.data.map(checkpointFromJson);
}

function describe(report: VerificationReport): string {
  const lines = [
    report.ok ? 'Audit trail intact.' : 'AUDIT TRAIL BROKEN.',
    `Entries checked: ${report.entriesChecked}; checkpoints checked: ${report.checkpointsChecked}`,
    report.head ? `Head: entry ${report.head.seq}, ${report.head.hash}` : 'The chain is empty.',
  ];
  if (report.firstBroken) lines.push(`First broken entry: ${report.firstBroken.seq} (${report.firstBroken.message})`);
  for (const p of report.problems.slice(1)) lines.push(`  also: entry ${p.seq}: ${p.message}`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

async function run(opts: Options): Promise<number> {
  if (opts.export !== undefined) return runExport(opts, opts.export);
  if (opts.entry !== undefined || opts.recordHash !== undefined || opts.witnessKey.length > 0)
    throw new Error('--entry, --record-hash and --witness-key need --export');
  if (opts.publicKey.length > 1) throw new Error('checking the database takes one --public-key');
  const config = loadConfig();
  const databaseUrl = opts.databaseUrl ?? config.databaseUrl;
  const database: DatabaseHandle = databaseUrl
    ? { url: databaseUrl, embedded: false, stop: async () => {} }
    : await startEmbeddedPostgres(
        config.dataDir,
        createRootLogger('warn', logFormatFor(config.env, process.stdout.isTTY === true)),
      );
  const client = new Client({ connectionString: database.url });
  try {
    const publicKey = await loadPublicKey(opts.publicKey[0] ?? publicKeyFileFor(config.auditSigningKeyFile));
    const kept = await readKeptCheckpoints(opts.checkpoints);
    await client.connect();
    // Read everything in one snapshot, so appends while we read cannot look like tampering.
    const report = await verifyAuditTrailSnapshot(client, publicKey, kept);
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
    return report.ok ? 0 : 1;
  } finally {
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('audit:verify')
  .description(
    'Verify the Roundtable audit trail (hash chain and signed checkpoints) from the database, or an export bundle offline',
  )
  .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded database)')
  .option(
    '--public-key <file-or-vkey>',
    'checkpoint public key: SPKI PEM file (default: beside AUDIT_SIGNING_KEY_FILE) or, with --export, a C2SP verifier key; repeat across a key rotation',
    collect,
    [],
  )
  .option('--checkpoints <file>', 'JSON list of checkpoints kept outside the database (GET /api/audit/checkpoints)')
  .option('--export <path>', 'verify an export bundle (folder or .tar.gz) offline, without a database')
  .option(
    '--witness-key <vkey-or-file>',
    'with --export: a witness verifier key, or a file of them (repeatable)',
    collect,
    [],
  )
  .option('--entry <seq>', 'with --export: prove that this entry is in a signed checkpoint')
  .option('--record-hash <hex>', 'with --export: prove that the sealed record with this SHA-256 is in the trail')
  .option('--json', 'print the report as JSON', false)
  .action(async (opts: Options) => {
    process.exitCode = await run(opts);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`could not verify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
