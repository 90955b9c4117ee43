import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { Client } from 'pg';
import { z } from 'zod';
import {
  checkpointFromJson,
  loadPublicKey,
  publicKeyFileFor,
  type VerificationReport,
  verifyAuditTrailSnapshot,
} from '../audit';
import { createRootLogger, type DatabaseHandle, loadConfig, logFormatFor, startEmbeddedPostgres } from '../platform';

/**
 * `npm run audit:verify`: checks the audit hash chain and every signed
 * checkpoint straight from PostgreSQL with the public key, without the app.
 * Exit status: 0 intact, 1 tampering found, 2 could not verify.
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
  publicKey?: string;
  checkpoints?: string;
  json: boolean;
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
    const publicKey = await loadPublicKey(opts.publicKey ?? publicKeyFileFor(config.auditSigningKeyFile));
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

const program = new Command('audit:verify')
  .description('Verify the Roundtable audit trail (hash chain and signed checkpoints) from the database')
  .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded database)')
  .option('--public-key <file>', 'checkpoint public key, SPKI PEM (default: beside AUDIT_SIGNING_KEY_FILE)')
  .option('--checkpoints <file>', 'JSON list of checkpoints kept outside the database (GET /api/audit/checkpoints)')
  .option('--json', 'print the report as JSON', false)
  .action(async (opts: Options) => {
    process.exitCode = await run(opts);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`could not verify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
