import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_EVENT_TYPES, AUDIT_OUTCOMES } from '@roundtable/shared/audit';
import { AGENCIES } from '@roundtable/shared/constants';
import { z } from 'zod';
import type { AuditDetails, StoredAuditEntry } from '../trail/audit-chain';
import { readTarGz, writeTarGz } from './tar';

/**
 * The audit export bundle (docs/AUDIT.md, "Export and offline
 * verification"): everything `npm run audit:verify -- --export` needs to
 * check the trail with only the public keys, as a folder or a .tar.gz:
 *
 *   manifest.json                 format, when, how many of each
 *   entries.jsonl                 every entry, oldest first, with prevHash and hash (hex)
 *   checkpoints/<size>.txt        each signed checkpoint (C2SP signed note) with its witnesses' cosignature lines
 *   keys/log.pub.pem              the log's public key as the app holds it (check it against your own copy)
 *   keys/witnesses.txt            the registered witnesses' verifier keys
 */

export const BUNDLE_FORMAT = 'roundtable-audit-bundle/v1';

/** A bundle that cannot be read at all (as opposed to one that reads but does not verify). */
export class BundleFormatError extends Error {}

const ManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  exportedAt: z.string(),
  entries: z.number().int().min(0),
  checkpoints: z.number().int().min(0),
});
export type BundleManifest = z.infer<typeof ManifestSchema>;

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'a 32-byte hash in hex');
/** Loose on content (a tampered entry must still be read, then reported), strict on shape. */
const EntryLineSchema = z.strictObject({
  seq: z.number().int().positive(),
  occurredAt: z.string(),
  type: z.enum(AUDIT_EVENT_TYPES),
  outcome: z.enum(AUDIT_OUTCOMES),
  actorUserId: z.string().nullable(),
  actorAgency: z.enum(AGENCIES).nullable(),
  meetingId: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: hex32,
  hash: hex32,
});

export interface BundleContents {
  manifest: BundleManifest;
  entries: StoredAuditEntry[];
  /** Each signed checkpoint note, as serialised (with its cosignature lines), by file name. */
  checkpoints: { file: string; note: string }[];
  logPublicKeyPem: string | null;
  witnessKeys: string[];
}

export function entryLine(entry: StoredAuditEntry): string {
  return JSON.stringify({
    seq: entry.seq,
    occurredAt: entry.occurredAt,
    type: entry.type,
    outcome: entry.outcome,
    actorUserId: entry.actorUserId,
    actorAgency: entry.actorAgency,
    meetingId: entry.meetingId,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details,
    prevHash: entry.prevHash.toString('hex'),
    hash: entry.hash.toString('hex'),
  });
}

/** The bundle's files, in archive order. */
export function bundleFiles(input: {
  exportedAt: string;
  entries: readonly StoredAuditEntry[];
  checkpoints: readonly { size: number; note: string }[];
  logPublicKeyPem: string;
  witnesses: readonly { verifierKey: string; agency: string; status: string }[];
}): Map<string, Buffer> {
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    exportedAt: input.exportedAt,
    entries: input.entries.length,
    checkpoints: input.checkpoints.length,
  };
  const files = new Map<string, Buffer>();
  files.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  files.set('entries.jsonl', Buffer.from(input.entries.map((e) => `${entryLine(e)}\n`).join('')));
  for (const c of input.checkpoints) files.set(checkpointFile(c.size), Buffer.from(c.note));
  files.set('keys/log.pub.pem', Buffer.from(input.logPublicKeyPem));
  files.set(
    'keys/witnesses.txt',
    Buffer.from(input.witnesses.map((w) => `# ${w.agency} (${w.status})\n${w.verifierKey}\n`).join('')),
  );
  return files;
}

export const checkpointFile = (size: number) => `checkpoints/${String(size).padStart(12, '0')}.txt`;

export function bundleTarGz(files: ReadonlyMap<string, Buffer>, exportedAt: Date): Promise<Buffer> {
  return writeTarGz(files, exportedAt);
}

/** Reads a bundle from a folder or a .tar.gz (or .tgz) file. */
export async function readBundle(location: string): Promise<BundleContents> {
  let info;
  try {
    info = await stat(location);
  } catch (error) {
    throw new BundleFormatError(`cannot read the export at ${location}: ${(error as Error).message}`);
  }
  let files: Map<string, Buffer>;
  if (info.isDirectory()) {
    files = new Map();
    for (const name of ['manifest.json', 'entries.jsonl', 'keys/log.pub.pem', 'keys/witnesses.txt']) {
      const data = await readFile(path.join(location, name)).catch(() => null);
      if (data) files.set(name, data);
    }
    const dir = path.join(location, 'checkpoints');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) files.set(`checkpoints/${name}`, await readFile(path.join(dir, name)));
  } else {
    try {
      files = await readTarGz(await readFile(location));
    } catch (error) {
      throw new BundleFormatError(`${location} is not a .tar.gz export bundle: ${(error as Error).message}`);
    }
  }
  return parseBundleFiles(files);
}

/** Parses the bundle's files; throws BundleFormatError naming what is wrong. */
export function parseBundleFiles(files: ReadonlyMap<string, Buffer>): BundleContents {
  const manifestData = files.get('manifest.json');
  if (!manifestData) throw new BundleFormatError('the export has no manifest.json: is it an audit export bundle?');
  let manifest: BundleManifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(manifestData.toString('utf8')));
  } catch {
    throw new BundleFormatError(`manifest.json is not a ${BUNDLE_FORMAT} manifest`);
  }
  const entriesData = files.get('entries.jsonl');
  if (!entriesData) throw new BundleFormatError('the export has no entries.jsonl');
  const entries: StoredAuditEntry[] = [];
  const lines = entriesData.toString('utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new BundleFormatError(`entries.jsonl line ${i + 1} is not JSON`);
    }
    const parsed = EntryLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BundleFormatError(
        `entries.jsonl line ${i + 1} is not an audit entry (${issue?.path.join('.') || 'entry'}: ${issue?.message})`,
      );
    }
    const e = parsed.data;
    entries.push({
      ...e,
      details: e.details as AuditDetails,
      prevHash: Buffer.from(e.prevHash, 'hex'),
      hash: Buffer.from(e.hash, 'hex'),
    });
  });
  const checkpoints = [...files.entries()]
    .filter(([name]) => /^checkpoints\/[^/]+\.txt$/.test(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, data]) => ({ file, note: data.toString('utf8') }));
  const witnessKeys = (files.get('keys/witnesses.txt')?.toString('utf8') ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return {
    manifest,
    entries,
    checkpoints,
    logPublicKeyPem: files.get('keys/log.pub.pem')?.toString('utf8') ?? null,
    witnessKeys,
  };
}
