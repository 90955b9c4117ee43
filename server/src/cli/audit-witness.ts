import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import {
  cosign,
  type Checkpoint,
  ed25519PublicKeyFromRaw,
  isValidKeyName,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  rawEd25519PublicKey,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  signatureLine,
  verifierKey,
  verifyConsistency,
  verifyNoteSignature,
} from '../audit';

/**
 * `npm run audit:witness`: a partner's witness of the audit trail (C2SP
 * tlog-witness style, driven from here rather than by the log). It fetches
 * the latest signed checkpoint, checks the log's signature with the keys it
 * was given, checks that the checkpoint extends the last one it cosigned (an
 * RFC 9162 consistency proof), and only then cosigns (C2SP tlog-cosignature
 * v1) and submits its cosignature. It never cosigns a rollback, a fork or a
 * rewritten history, and then leaves its state file as it was.
 *
 * Exit status: 0 cosigned (or nothing new), 1 refused (the log misbehaved),
 * 2 could not run (bad arguments, unreachable app, the app refused the submission).
 */

/** The log did something a witness must never endorse. */
class Refusal extends Error {}

const StateSchema = z.strictObject({
  origin: z.string().min(1),
  size: z.number().int().min(0),
  rootHash: z.string().min(1),
  /** The checkpoint body cosigned last, as the log signed it. */
  checkpoint: z.string(),
  cosignedAt: z.string(),
});
type WitnessState = z.infer<typeof StateSchema>;

interface LogKey {
  name: string;
  publicKey: KeyObject;
}

async function readState(file: string): Promise<WitnessState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the state file ${file}: ${(error as Error).message}`);
  }
  const parsed = StateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a witness state file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Replaces the state file atomically (write, then rename), so a crash leaves the old or the new one. */
async function writeState(file: string, state: WitnessState): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

async function readPrivateKey(file: string): Promise<KeyObject> {
  const key = createPrivateKey(await readFile(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
  return key;
}

/**
 * The log's public keys: C2SP verifier keys (`name+keyid+base64`), given one
 * per --log-key or in a file (one a line). Several keys follow a rotation: a
 * checkpoint signed by any of them is accepted.
 */
async function readLogKeys(values: string[]): Promise<LogKey[]> {
  const keys: LogKey[] = [];
  for (const value of values) {
    const lines = value.includes('+') ? [value] : (await readFile(value, 'utf8')).split('\n');
    for (const line of lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
      const parsed = parseVerifierKey(line);
      if (parsed.type !== SIG_TYPE_ED25519) throw new Error(`${parsed.name}: a log key has type 0x01 (Ed25519)`);
      keys.push({ name: parsed.name, publicKey: parsed.publicKey });
    }
  }
  if (keys.length === 0)
    throw new Error('give the log public key with --log-key (a C2SP verifier key or a file of them)');
  return keys;
}

async function readToken(file: string | undefined): Promise<string> {
  const token = file ? (await readFile(file, 'utf8')).trim() : (process.env.ROUNDTABLE_WITNESS_TOKEN ?? '').trim();
  if (!token) throw new Error('give the service account token with --token-file or ROUNDTABLE_WITNESS_TOKEN');
  return token;
}

class LogClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async checkpoint(): Promise<string> {
    return (await this.call('GET', '/api/audit/witness/checkpoint')).text;
  }

  async consistency(from: number, to: number): Promise<Buffer[]> {
    const { text } = await this.call('GET', `/api/audit/witness/consistency?from=${from}&to=${to}`);
    const body = z.object({ proof: z.array(z.string()) }).parse(JSON.parse(text));
    return body.proof.map((p) => Buffer.from(p, 'base64'));
  }

  async submit(checkpoint: string, cosignature: string): Promise<{ stored: boolean }> {
    const { text } = await this.call('POST', '/api/audit/witness/cosignatures', { checkpoint, cosignature });
    return z.object({ stored: z.boolean() }).parse(JSON.parse(text));
  }

  private async call(method: string, pathname: string, body?: unknown): Promise<{ text: string }> {
    const res = await fetch(new URL(pathname, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new Error(`${method} ${pathname} answered ${res.status}: ${message}`);
    }
    return { text };
  }
}

/**
 * Checks a fetched checkpoint against the log keys and the last cosigned
 * state: throws Refusal for anything a witness must not cosign.
 */
async function checkCheckpoint(
  note: string,
  keys: LogKey[],
  state: WitnessState | null,
  origin: string | undefined,
  proofFrom: (from: number, to: number) => Promise<Buffer[]>,
): Promise<{ text: string; checkpoint: Checkpoint; signedBy: string }> {
  let text: string;
  let checkpoint: Checkpoint;
  try {
    text = parseNote(note).text;
    checkpoint = parseCheckpoint(text);
  } catch (error) {
    throw new Refusal(`the log served a malformed checkpoint: ${(error as Error).message}`);
  }
  const signer = keys.find((k) => verifyNoteSignature(note, k.name, k.publicKey));
  if (!signer)
    throw new Refusal(
      'the checkpoint is not signed by any of the log keys given (forged, or a key rotation you were not told of)',
    );
  const expectedOrigin = state?.origin ?? origin;
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin)
    throw new Refusal(`the checkpoint is for the log "${checkpoint.origin}", not "${expectedOrigin}"`);
  if (state) {
    const cosignedRoot = Buffer.from(state.rootHash, 'base64');
    if (checkpoint.size < state.size)
      throw new Refusal(
        `rollback: the log's checkpoint has ${checkpoint.size} entries, but this witness already cosigned ${state.size}`,
      );
    if (checkpoint.size === state.size && !checkpoint.rootHash.equals(cosignedRoot))
      throw new Refusal(
        `fork: the log signed a different tree of ${checkpoint.size} entries than the one this witness cosigned`,
      );
    if (checkpoint.size > state.size && state.size > 0) {
      const proof = await proofFrom(state.size, checkpoint.size);
      if (!verifyConsistency(state.size, checkpoint.size, cosignedRoot, checkpoint.rootHash, proof))
        throw new Refusal(
          `inconsistent: the tree of ${checkpoint.size} entries does not extend the tree of ${state.size} this witness cosigned (history was rewritten)`,
        );
    }
  }
  return { text, checkpoint, signedBy: signer.name };
}

interface CosignOptions {
  url: string;
  tokenFile?: string;
  key: string;
  name: string;
  state: string;
  logKey: string[];
  origin?: string;
}

async function runCosign(opts: CosignOptions): Promise<number> {
  if (!isValidKeyName(opts.name)) throw new Error(`--name ${JSON.stringify(opts.name)} is not a C2SP key name`);
  const privateKey = await readPrivateKey(opts.key);
  const keys = await readLogKeys(opts.logKey);
  const state = await readState(opts.state);
  const client = new LogClient(opts.url, await readToken(opts.tokenFile));
  const note = await client.checkpoint();
  let checked: Awaited<ReturnType<typeof checkCheckpoint>>;
  try {
    checked = await checkCheckpoint(note, keys, state, opts.origin, (from, to) => client.consistency(from, to));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(
      `REFUSED to cosign: ${error.message}\nThe state file is unchanged. Tell the log operator and your partnership.\n`,
    );
    return 1;
  }
  const { text, checkpoint, signedBy } = checked;
  const cosignature = signatureLine(cosign(text, opts.name, privateKey)).trimEnd();
  const { stored } = await client.submit(note, cosignature);
  await writeState(opts.state, {
    origin: checkpoint.origin,
    size: checkpoint.size,
    rootHash: checkpoint.rootHash.toString('base64'),
    checkpoint: text,
    cosignedAt: new Date().toISOString(),
  });
  const news = state && state.size === checkpoint.size ? 'no new entries; ' : '';
  process.stdout.write(
    `Cosigned ${checkpoint.origin} at ${checkpoint.size} entries (${news}signed by ${signedBy}; ${stored ? 'stored by the app' : 'the app already had it'}).\n`,
  );
  return 0;
}

async function runKeygen(opts: { name: string; key: string }): Promise<number> {
  if (!isValidKeyName(opts.name)) throw new Error(`--name ${JSON.stringify(opts.name)} is not a C2SP key name`);
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(path.dirname(path.resolve(opts.key)), { recursive: true });
  await writeFile(opts.key, pem, { mode: 0o600, flag: 'wx' });
  const publicKey = createPublicKey(pem);
  process.stdout.write(
    `${verifierKey(opts.name, ed25519PublicKeyFromRaw(rawEd25519PublicKey(publicKey)), SIG_TYPE_COSIGNATURE_V1)}\n`,
  );
  return 0;
}

async function runShowKey(opts: { name: string; key: string }): Promise<number> {
  const publicKey = createPublicKey(await readPrivateKey(opts.key));
  process.stdout.write(`${verifierKey(opts.name, publicKey, SIG_TYPE_COSIGNATURE_V1)}\n`);
  return 0;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command('audit:witness').description(
  'Witness the Roundtable audit trail: verify each new checkpoint against the last one cosigned, then cosign it',
);

program
  .command('keygen')
  .description('create the witness key (PKCS#8 PEM, mode 0600) and print its verifier key for the administrator')
  .requiredOption('--name <name>', 'the witness key name, e.g. police.example-witness')
  .requiredOption('--key <file>', 'where to write the private key (refuses to overwrite)')
  .action(async (opts: { name: string; key: string }) => {
    process.exitCode = await runKeygen(opts);
  });

program
  .command('show-key')
  .description('print the verifier key of an existing witness key')
  .requiredOption('--name <name>', 'the witness key name')
  .requiredOption('--key <file>', 'the private key file')
  .action(async (opts: { name: string; key: string }) => {
    process.exitCode = await runShowKey(opts);
  });

program
  .command('cosign', { isDefault: true })
  .description(
    'fetch the latest checkpoint, verify it and its consistency with the last one cosigned, cosign and submit',
  )
  .requiredOption('--url <url>', 'the Roundtable app, e.g. https://roundtable.example.gov.uk')
  .option('--token-file <file>', 'the service account token (scope audit:witness); default ROUNDTABLE_WITNESS_TOKEN')
  .requiredOption('--key <file>', 'the witness private key (PKCS#8 PEM, Ed25519)')
  .requiredOption('--name <name>', 'the witness key name, as registered')
  .requiredOption('--state <file>', 'the witness state file (the last checkpoint cosigned); created on the first run')
  .option(
    '--log-key <vkey-or-file>',
    'a log verifier key, or a file of them; repeat across a key rotation',
    collect,
    [],
  )
  .option('--origin <origin>', 'the log origin to expect on the first run (later runs expect the one in the state)')
  .action(async (opts: CosignOptions) => {
    process.exitCode = await runCosign(opts);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`audit:witness could not run: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
