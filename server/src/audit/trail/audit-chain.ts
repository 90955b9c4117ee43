import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { AUDIT_CHECKPOINT_ORIGIN, type AuditEventType, type AuditOutcome } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import { canonicalize } from './canonical-json.mjs';

/**
 * The audit hash chain and its signed checkpoints, as pure functions shared
 * by the writer (AuditService), the API's verifier and the standalone
 * `npm run audit:verify`. Nothing here touches the database.
 */

export type AuditDetailValue =
  string | number | boolean | null | AuditDetailValue[] | { [key: string]: AuditDetailValue };
export type AuditDetails = { [key: string]: AuditDetailValue };

/** What one entry says. Its hash covers all of it plus the previous entry's hash. */
export interface AuditEntryContent {
  seq: number;
  /** UTC, millisecond precision, ISO 8601. */
  occurredAt: string;
  type: AuditEventType;
  outcome: AuditOutcome;
  actorUserId: string | null;
  actorAgency: Agency | null;
  meetingId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** Ids, counts and codes only: never document text, children's names or tokens. */
  details: AuditDetails;
}

export interface StoredAuditEntry extends AuditEntryContent {
  prevHash: Buffer;
  hash: Buffer;
}

/** The previous hash of entry 1. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** SHA-256 over the RFC 8785 canonical JSON of the entry and the previous entry's hash. */
export function entryHash(prevHash: Buffer, content: AuditEntryContent): Buffer {
  // Exactly these fields, whatever else the object carries (a stored row has its own hash too).
  const { seq, occurredAt, type, outcome, actorUserId, actorAgency, meetingId, subjectType, subjectId, details } =
    content;
  const canonical = canonicalize({
    seq,
    occurredAt,
    type,
    outcome,
    actorUserId,
    actorAgency,
    meetingId,
    subjectType,
    subjectId,
    details,
    prevHash: prevHash.toString('hex'),
  });
  if (canonical === undefined) throw new Error('audit entry cannot be encoded');
  return createHash('sha256').update(canonical, 'utf8').digest();
}

/** A signed statement that the chain had `treeSize` entries ending in `headHash`. */
export interface AuditCheckpoint {
  treeSize: number;
  headHash: Buffer;
  /** UTC ISO 8601. */
  signedAt: string;
  keyId: string;
  signature: Buffer;
  /** The Merkle tree's root at `treeSize` and its C2SP signed note (checkpoints signed since the tree exists). */
  tree?: { rootHash: Buffer; note: string } | null;
}

/** The signed body, in the style of a C2SP checkpoint (RFC 9162 signed tree head): origin, size, hash, time. */
export function checkpointBody(treeSize: number, headHash: Buffer, signedAt: string): Buffer {
  return Buffer.from(`${AUDIT_CHECKPOINT_ORIGIN}\n${treeSize}\n${headHash.toString('base64')}\n${signedAt}\n`, 'utf8');
}

/** Short, stable id of a public key: the first 16 hex digits of the SHA-256 of its SPKI encoding. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Signs a checkpoint with the Ed25519 key held outside the database. */
export function signCheckpoint(
  privateKey: KeyObject,
  treeSize: number,
  headHash: Buffer,
  signedAt: string,
): AuditCheckpoint {
  const signature = sign(null, checkpointBody(treeSize, headHash, signedAt), privateKey);
  return { treeSize, headHash, signedAt, keyId: keyIdOf(privateKey), signature };
}

/** True when the checkpoint's signature is valid for this public key. */
export function checkpointSignatureValid(publicKey: KeyObject, checkpoint: AuditCheckpoint): boolean {
  try {
    return verify(
      null,
      checkpointBody(checkpoint.treeSize, checkpoint.headHash, checkpoint.signedAt),
      publicKey,
      checkpoint.signature,
    );
  } catch {
    return false;
  }
}

/** The JSON form partners keep and hand back to the verifier. */
export interface CheckpointJson {
  treeSize: number;
  headHash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

export function checkpointToJson(c: AuditCheckpoint): CheckpointJson {
  return {
    treeSize: c.treeSize,
    headHash: c.headHash.toString('hex'),
    signedAt: c.signedAt,
    keyId: c.keyId,
    signature: c.signature.toString('base64'),
  };
}

export function checkpointFromJson(c: CheckpointJson): AuditCheckpoint {
  return {
    treeSize: c.treeSize,
    headHash: Buffer.from(c.headHash, 'hex'),
    signedAt: c.signedAt,
    keyId: c.keyId,
    signature: Buffer.from(c.signature, 'base64'),
  };
}
